// PyYAML leniency for yaml: a pass over the text that pushes lines right where PyYAML ignores
// indentation and yaml does not, keeping a table to map every offset back. Pure: no I/O.
import { lastAtOrBefore, LineIndex } from '../../text.js';
import { isDocumentMarker, scanBlocks, type BlockScan } from './scan.js';

// ---------------------------------------------------------------------------------------------
// PyYAML ignores indentation inside `{...}` and `[...]` and inside quoted scalars (its scanner
// only checks a quoted scalar's lines for `---` and `...`), so templates carry JSON-style
// definitions and `!Sub '{ ... }'` policies whose continuation lines or closing bracket or quote
// sit at or left of the key that owns them. yaml rejects them ("Flow map in block collection must
// be sufficiently indented", "Missing closing 'quote", "Unexpected flow-map-end token" at a `}`
// inside the string). relaxIndent prepends spaces to each continuation line of a multi-line flow
// collection or quoted scalar in block context that is not deeper than its owner (the key, `-`
// or `?` before it on the opening line; the bracket or quote itself when it opens the line).
// Inside a flow or a quoted scalar, leading whitespace of a continuation line never reaches a
// value (folding trims it; block scalars cannot occur there), so the data is unchanged. Line
// numbers stay the same and a per-line table of inserted spaces maps every offset back.

export interface Relaxed {
  text: string;
  toOriginal(offset: number): number;
}

export function relaxIndent(text: string, scan: BlockScan = scanBlocks(text)): Relaxed | undefined {
  const index = new LineIndex(text);
  // Lines are counted from 0 here; LineIndex counts from 1.
  const lineStart = (line: number): number => index.offset(line + 1, 1);
  const shifts = new Map<number, number>();
  for (const span of scan.spans) {
    for (let line = span.firstLine + 1; line <= span.lastLine; line += 1) {
      const start = lineStart(line);
      let indent = 0;
      while (text[start + indent] === ' ') indent += 1;
      const stop = line + 1 < index.lineCount() ? lineStart(line + 1) : text.length;
      const rest = text.slice(start + indent, stop);
      // An empty line folds the same at any indentation. In a quoted scalar a line holding only
      // tabs counts as text for yaml's indentation check, and a `---` or `...` at the start of
      // a line ends the document for PyYAML too: left alone, yaml reports it.
      const skip = span.quoted
        ? rest === '' ||
          rest.startsWith('\n') ||
          rest.startsWith('\r\n') ||
          (indent === 0 && isDocumentMarker(text, start))
        : rest.trim() === '';
      if (!skip && indent < span.minIndent) shifts.set(line, Math.max(shifts.get(line) ?? 0, span.minIndent - indent));
    }
  }
  if (shifts.size === 0) return undefined;
  const lines = [...shifts.keys()].sort((a, b) => a - b);
  let relaxed = '';
  let copied = 0;
  let inserted = 0;
  // For each shifted line: where it starts in the relaxed text, spaces inserted before it, its shift.
  const table: { start: number; before: number; shift: number }[] = [];
  for (const line of lines) {
    const shift = shifts.get(line) ?? 0;
    const start = lineStart(line);
    relaxed += text.slice(copied, start) + ' '.repeat(shift);
    copied = start;
    table.push({ start: start + inserted, before: inserted, shift });
    inserted += shift;
  }
  relaxed += text.slice(copied);
  const toOriginal = (offset: number): number => {
    const found = lastAtOrBefore(table.length, (i) => table[i].start, offset);
    if (found < 0) return offset;
    const { start, before, shift } = table[found];
    return offset < start + shift ? start - before : offset - before - shift;
  };
  return { text: relaxed, toOriginal };
}

/**
 * yaml's own message for an error caused by a quote points inside the string or just after it,
 * as if a character of the text were syntax (and for an unclosed flow, at the end of the file).
 * Name the culprit instead: the opening quote or bracket that is never closed, or the closing
 * quote when what follows it on its line is the error (a quote inside the text that ended the
 * string early, or a value only partly quoted).
 */
export function explainQuoteError(
  text: string,
  scan: BlockScan,
  offset: number,
  code: string,
): { message: string; offset: number } | undefined {
  const index = new LineIndex(text);
  const where = (at: number): string => {
    const { line, column } = index.position(at);
    return `line ${line}, column ${column}`;
  };
  const unclosed = scan.unclosed;
  if (unclosed && unclosed.offset <= offset) {
    const what = unclosed.char === '"' || unclosed.char === "'" ? `${unclosed.char} quote` : unclosed.char;
    return { message: `the ${what} that opens here is never closed`, offset: unclosed.offset };
  }
  // The last quoted scalar that starts before the error.
  const found = lastAtOrBefore(scan.quoted.length, (i) => scan.quoted[i].open, offset);
  if (found < 0) return undefined;
  const { open, close } = scan.quoted[found];
  const quote = text[open];
  if (offset < close) {
    // An error inside the string as the scan sees it: yaml ended the string early, at a document
    // marker (which ends it for PyYAML too), or it is the string's own (a bad escape): keep that.
    let marker = text.indexOf('\n', open);
    while (marker >= 0 && marker < close && !isDocumentMarker(text, marker + 1))
      marker = text.indexOf('\n', marker + 1);
    if (marker >= 0 && marker < close && (marker < offset || code === 'MISSING_CHAR')) {
      const at = marker + 1;
      return {
        message: `the ${quote} quote that opens here is not closed before the ${text.slice(at, at + 3)} on ${where(at)}, which ends the document`,
        offset: open,
      };
    }
    return code === 'MISSING_CHAR'
      ? { message: `the ${quote} quote that opens here is not closed`, offset: open }
      : undefined;
  }
  if (/[^ \t]/.test(text.slice(close, offset))) return undefined;
  const rest = text.slice(offset, offset + 1);
  if (rest === '' || rest === '\n' || rest === '\r' || rest === '#') return undefined;
  const inText =
    quote === "'" ? "write a ' that belongs to the text twice ('')" : 'escape a " that belongs to the text (\\")';
  return {
    message: `the ${quote} at ${where(close - 1)} closes the string that opens at ${where(open)}, and the text after it is not YAML; quote the whole value, or ${inText}`,
    offset: close - 1,
  };
}
