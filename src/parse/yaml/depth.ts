// Where a YAML text nests its flow collections deepest, to say so when the parser's recursion
// gave out (`Maximum call stack size exceeded` at a column that means nothing to the user).

/** A RangeError, or an error message saying the call stack ran out. */
export function isStackOverflow(error: unknown): boolean {
  if (error instanceof RangeError) return true;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return /maximum call stack|too much recursion/i.test(message);
}

/**
 * The deepest nesting of `[` / `{` in the text and the offset of the outermost bracket that
 * starts it; quoted scalars (a quote where a scalar may start) and comments are skipped. One
 * pass, no recursion.
 */
export function deepestFlowNesting(text: string): { levels: number; offset: number } {
  let depth = 0;
  let start = 0;
  let levels = 0;
  let offset = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]))) {
      // To the closing quote: `\` escapes in double quotes, `''` in single ones.
      for (i++; i < text.length; i++) {
        if (c === '"' && text[i] === '\\') i++;
        else if (c === "'" && text[i] === "'" && text[i + 1] === "'") i++;
        else if (text[i] === c) break;
      }
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      if (depth === 0) start = i;
      depth++;
      if (depth > levels) {
        levels = depth;
        offset = start;
      }
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return { levels, offset };
}

/** The sentence and position for a parse that ran out of stack. */
export function tooDeep(text: string): { message: string; offset: number } {
  const { levels, offset } = deepestFlowNesting(text);
  return levels > 0
    ? { message: `nested deeper than this parser follows (${levels} levels)`, offset }
    : { message: 'nested deeper than this parser follows', offset: 0 };
}
