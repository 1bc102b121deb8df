// Plain, single-quoted and double-quoted scalars, decoded with the offset of every character, as
// yaml's compose/resolve-flow-scalar.js decodes them. Pure: no I/O.
import { DecodeBuilder, type Decoded } from './runs.js';
import { trimLeft, trimRight } from './chars.js';

/**
 * yaml's unfoldLines for plain and single-quoted scalars over `src[from, to)`; null if it does
 * not give `expected` (single-quoted text is checked after its `''` are undone).
 */
export function unfoldLines(
  src: string,
  from: number,
  to: number,
  end: number,
  expected: string | undefined,
): Decoded | null {
  const out = new DecodeBuilder(expected);
  const firstBreak = src.indexOf('\n', from);
  if (firstBreak < 0 || firstBreak >= to) {
    out.copy(src, from, to);
    return out.finish(end);
  }
  // The first line keeps its leading space (inside quotes) but not its trailing space.
  out.copy(src, from, trimRight(src, from, lineEnd(src, from, firstBreak)));
  let sep = ' ';
  let sepAt = lineEnd(src, from, firstBreak);
  let pos = firstBreak + 1;
  for (let br = src.indexOf('\n', pos); br >= 0 && br < to; br = src.indexOf('\n', pos)) {
    const a = trimLeft(src, pos, lineEnd(src, pos, br));
    const b = trimRight(src, a, lineEnd(src, pos, br));
    if (a === b) {
      if (sep === '\n') out.add(sep, sepAt);
      else sep = '\n';
    } else {
      out.add(sep, sepAt);
      out.copy(src, a, b);
      sep = ' ';
    }
    sepAt = lineEnd(src, pos, br);
    pos = br + 1;
  }
  out.add(sep, sepAt);
  out.copy(src, trimLeft(src, pos, to), to);
  return out.finish(end);
}

/** `''` in a single-quoted scalar is one quote; it maps to the first of the two. */
export function undoubleQuotes(src: string, decoded: Decoded, expected: string): Decoded | null {
  const { text } = decoded;
  if (!text.includes("''")) return text === expected ? decoded : null;
  const out = new DecodeBuilder(expected);
  // Stretches between doubled quotes were copied (or folded) as they are; re-add them unit by
  // unit from the map, which keeps copied runs whole (consecutive offsets extend one run).
  for (let i = 0; i < text.length; i += 1) {
    const at = decoded.offsetAt(i);
    if (src[at] === text[i]) out.copy(src, at, at + 1);
    else out.add(text[i], at);
    if (text[i] === "'" && text[i + 1] === "'") i += 1;
  }
  return out.finish(decoded.offsetAt(text.length));
}

/** The offset of a line's break (`\r` of `\r\n`), given the offset of its `\n`. */
function lineEnd(src: string, lineStart: number, newline: number): number {
  return newline > lineStart && src[newline - 1] === '\r' ? newline - 1 : newline;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
};

/** `\r`, `\n`, `\\`, space and tab: the characters decodeDoubleQuoted treats apart. */
function isDoubleQuotedSpecial(code: number): boolean {
  return code === 0x0d || code === 0x0a || code === 0x5c || code === 0x20 || code === 0x09;
}

export function decodeDoubleQuoted(src: string, start: number, end: number, expected: string): Decoded | null {
  const out = new DecodeBuilder(expected);
  const last = end - 1;
  for (let i = start + 1; i < last && !out.mismatched; i += 1) {
    const ch = src[i];
    if (ch === '\r' && src[i + 1] === '\n') continue;
    if (ch === '\n') {
      // A line break folds to a space; n empty lines after it give n newlines.
      let fold = '';
      let j = i;
      let next = src[j + 1];
      while (next === ' ' || next === '\t' || next === '\n' || next === '\r') {
        if (next === '\r' && src[j + 2] !== '\n') break;
        if (next === '\n') fold += '\n';
        j += 1;
        next = src[j + 1];
      }
      out.add(fold || ' ', src[i - 1] === '\r' ? i - 1 : i);
      i = j;
    } else if (ch === '\\') {
      const at = i;
      let next = src[++i];
      const code = ESCAPES[next];
      if (code) {
        out.add(code, at);
      } else if (next === '\n' || (next === '\r' && src[i + 1] === '\n')) {
        // An escaped line break joins the lines without a space.
        if (next === '\r') i += 1;
        next = src[i + 1];
        while (next === ' ' || next === '\t') next = src[++i + 1];
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = src.substr(i + 1, length);
        const codePoint = hex.length === length && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
        let chars: string;
        try {
          chars = String.fromCodePoint(codePoint);
        } catch {
          chars = src.substr(at, length + 2);
        }
        out.add(chars, at);
        i += length;
      } else {
        out.copy(src, at, at + 2);
      }
    } else if (ch === ' ' || ch === '\t') {
      // Spaces before a line break are dropped; others are kept.
      const wsStart = i;
      let next = src[i + 1];
      while (next === ' ' || next === '\t') next = src[++i + 1];
      if (next !== '\n' && !(next === '\r' && src[i + 2] === '\n')) out.copy(src, wsStart, i + 1);
    } else {
      // A stretch of ordinary characters is copied as it is.
      let stop = i + 1;
      while (stop < last && !isDoubleQuotedSpecial(src.charCodeAt(stop))) stop += 1;
      out.copy(src, i, stop);
      i = stop - 1;
    }
  }
  return out.finish(last);
}
