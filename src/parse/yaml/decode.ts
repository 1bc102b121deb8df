// Decoders for yaml scalars that also say where each character of the value came from, so a
// finding inside a string (an embedded definition) points at the text itself. Pure: no I/O.
import { Scalar } from 'yaml';

export function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
// ---------------------------------------------------------------------------------------------
// Decoded string -> text offsets. Each decoder mirrors the matching function in yaml's
// compose/resolve-flow-scalar.js or resolve-block-scalar.js, recording where each produced UTF-16
// unit came from: a copied character maps to itself, an escape (`\n`, `''`, `\u00e9`) to its
// first character, and a space or newline made by line folding to the line break it replaces.
// `offsetAt(length)` is the end of the content. The result is checked against yaml's own value;
// on any mismatch `stringOffset` falls back to the start of the content.
//
// The map is kept as runs (one per copied stretch or made-up text), not one number per
// character, and each decoding is compared with yaml's value as it goes rather than built and
// compared at the end: a 270 KB block scalar is a few thousand runs, and of the several
// candidates tried for an explicit indentation indicator the wrong ones stop at their first line.

export interface Decoded {
  text: string;
  /** The text offset that the value's UTF-16 unit `index` came from; `text.length` gives the end. */
  offsetAt(index: number): number;
}

/**
 * Collects a decoding as runs. Given the value yaml produced, it compares as it goes instead of
 * building the text, and gives up at the first difference (a wrong candidate fails on its first
 * line); `finish` then returns null.
 */
class DecodeBuilder {
  private readonly parts: string[] = [];
  private length = 0;
  private failed = false;
  /** Run k covers value units [runStart[k], runStart[k + 1]) and maps them to runSrc[k] (+ i if copied). */
  private readonly runStart: number[] = [];
  private readonly runSrc: number[] = [];
  private readonly runCopied: boolean[] = [];

  constructor(private readonly expected?: string) {}

  /** The decoding already differs from the expected value: nothing more is recorded. */
  get mismatched(): boolean {
    return this.failed;
  }

  /** Copy `src[from, to)`: each character maps to its own offset. */
  copy(src: string, from: number, to: number): void {
    if (to <= from || this.failed) return;
    const last = this.runStart.length - 1;
    // A stretch that continues the previous copied one extends its run.
    if (!(last >= 0 && this.runCopied[last] && this.runSrc[last] + (this.length - this.runStart[last]) === from)) {
      this.push(true, from);
    }
    this.append(src.slice(from, to));
  }

  /** Add made-up text (a fold, an escape's result) that maps to one offset. */
  add(chars: string, at: number): void {
    if (chars.length === 0 || this.failed) return;
    this.push(false, at);
    this.append(chars);
  }

  /** The offset that the last unit added maps to, or undefined when nothing was added. */
  lastOffset(): number | undefined {
    const last = this.runStart.length - 1;
    if (last < 0) return undefined;
    return this.runCopied[last] ? this.runSrc[last] + (this.length - 1 - this.runStart[last]) : this.runSrc[last];
  }

  endsWith(chars: string): boolean {
    if (this.expected === undefined) return this.parts.length > 0 && this.parts[this.parts.length - 1].endsWith(chars);
    return this.length >= chars.length && this.expected.startsWith(chars, this.length - chars.length);
  }

  finish(end: number): Decoded | null {
    if (this.failed || (this.expected !== undefined && this.length !== this.expected.length)) return null;
    const text = this.expected ?? this.parts.join('');
    const { runStart, runSrc, runCopied } = this;
    return {
      text,
      offsetAt(index: number): number {
        if (index >= text.length) return end;
        // The last run that starts at or before `index`.
        let low = 0;
        let high = runStart.length - 1;
        while (low < high) {
          const mid = (low + high + 1) >> 1;
          if (runStart[mid] <= index) low = mid;
          else high = mid - 1;
        }
        return runCopied[low] ? runSrc[low] + (index - runStart[low]) : runSrc[low];
      },
    };
  }

  private append(chunk: string): void {
    if (this.expected === undefined) this.parts.push(chunk);
    else if (!this.expected.startsWith(chunk, this.length)) this.failed = true;
    this.length += chunk.length;
  }

  private push(copied: boolean, src: number): void {
    this.runStart.push(this.length);
    this.runSrc.push(src);
    this.runCopied.push(copied);
  }
}

export function contentStart(src: string, node: Scalar): number {
  const start = node.range?.[0] ?? 0;
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) return start + 1;
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    const newline = src.indexOf('\n', start);
    return newline < 0 ? start : newline + 1;
  }
  return start;
}

export function decodeScalar(src: string, node: Scalar): Decoded | null {
  const range = node.range;
  const value: unknown = node.value;
  if (!range || typeof value !== 'string') return null;
  const [start, end] = range;
  switch (node.type) {
    case Scalar.PLAIN:
      return unfoldLines(src, start, end, end, value);
    case Scalar.QUOTE_SINGLE: {
      const unfolded = unfoldLines(src, start + 1, end - 1, end - 1, undefined);
      return unfolded && undoubleQuotes(src, unfolded, value);
    }
    case Scalar.QUOTE_DOUBLE:
      return decodeDoubleQuoted(src, start, end, value);
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED:
      return decodeBlock(src, start, end, value);
    default:
      return null;
  }
}

/**
 * yaml's unfoldLines for plain and single-quoted scalars over `src[from, to)`; null if it does
 * not give `expected` (single-quoted text is checked after its `''` are undone).
 */
function unfoldLines(src: string, from: number, to: number, end: number, expected: string | undefined): Decoded | null {
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
function undoubleQuotes(src: string, decoded: Decoded, expected: string): Decoded | null {
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

export function trimLeft(src: string, from: number, to: number): number {
  while (from < to && (src[from] === ' ' || src[from] === '\t')) from += 1;
  return from;
}

function trimRight(src: string, from: number, to: number): number {
  while (to > from && (src[to - 1] === ' ' || src[to - 1] === '\t')) to -= 1;
  return to;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
  '\t': '\t',
};

/** `\r`, `\n`, `\\`, space and tab: the characters decodeDoubleQuoted treats apart. */
function isDoubleQuotedSpecial(code: number): boolean {
  return code === 0x0d || code === 0x0a || code === 0x5c || code === 0x20 || code === 0x09;
}

function decodeDoubleQuoted(src: string, start: number, end: number, expected: string): Decoded | null {
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

interface BlockLine {
  /** Offset of the line's first character. */
  start: number;
  indent: number;
  /** Offset of the content after the indentation, and of the line break (or the end). */
  contentStart: number;
  contentEnd: number;
}

/**
 * Literal and folded block scalars. The indentation to remove is found as yaml does; with an
 * explicit indentation indicator it also depends on the parent's indentation, which the AST does
 * not keep, so every candidate is tried and the caller keeps the one that reproduces yaml's value.
 */
function decodeBlock(src: string, start: number, end: number, expected: string): Decoded | null {
  let headerEnd = start + 1;
  let chomp = '';
  let explicitIndent = 0;
  for (; headerEnd < end && !/[\s#]/.test(src[headerEnd]); headerEnd += 1) {
    const ch = src[headerEnd];
    if (ch === '-' || ch === '+') chomp = ch;
    else if (!explicitIndent) explicitIndent = Number(ch) || 0;
  }
  const newline = src.indexOf('\n', start);
  const bodyStart = newline < 0 || newline >= end ? end : newline + 1;
  // As yaml's splitLines: one line per line break plus the text after the last one.
  const lines: BlockLine[] = [];
  for (let pos = bodyStart; bodyStart < end; ) {
    const br = src.indexOf('\n', pos);
    const stop = br < 0 || br >= end ? end : br;
    let contentStart = pos;
    while (contentStart < stop && src[contentStart] === ' ') contentStart += 1;
    const crlf = stop > contentStart && src[stop - 1] === '\r';
    lines.push({ start: pos, indent: contentStart - pos, contentStart, contentEnd: crlf ? stop - 1 : stop });
    if (stop === end) break;
    pos = stop + 1;
  }
  const folded = src[start] === '>';
  if (!explicitIndent) return decodeBlockLines(src, lines, -1, chomp, folded, end, expected);
  const deepest = lines.reduce((max, line) => Math.max(max, line.indent), explicitIndent);
  for (let trimIndent = explicitIndent; trimIndent <= deepest; trimIndent += 1) {
    const decoded = decodeBlockLines(src, lines, trimIndent, chomp, folded, end, expected);
    if (decoded) return decoded;
  }
  return null;
}

function decodeBlockLines(
  src: string,
  lines: BlockLine[],
  fixedIndent: number,
  chomp: string,
  folded: boolean,
  end: number,
  expected: string,
): Decoded | null {
  const out = new DecodeBuilder(expected);
  const isEmpty = (line: BlockLine): boolean => line.contentStart === line.contentEnd;
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0 && isEmpty(lines[i]); i -= 1) chompStart = i;
  if (chompStart === 0) {
    if (chomp === '+' && lines.length > 0) {
      const count = Math.max(1, lines.length - 1);
      for (let i = 0; i < count; i += 1) out.add('\n', lines[Math.min(i, lines.length - 1)].contentEnd);
    }
    return out.finish(end);
  }
  let trimIndent = fixedIndent < 0 ? 0 : fixedIndent;
  let contentIndex = 0;
  for (let i = 0; i < chompStart; i += 1) {
    if (isEmpty(lines[i])) {
      if (fixedIndent < 0 && lines[i].indent > trimIndent) trimIndent = lines[i].indent;
    } else {
      if (fixedIndent < 0) trimIndent = lines[i].indent;
      contentIndex = i;
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; i -= 1) {
    if (lines[i].indent > trimIndent) chompStart = i + 1;
  }
  const breakAt = (line: BlockLine): number => line.contentEnd;
  /** Where the indentation kept in the value (beyond trimIndent) starts on an empty line. */
  const keptIndent = (line: BlockLine): number => Math.min(line.start + trimIndent, line.contentStart);
  for (let i = 0; i < contentIndex; i += 1) {
    out.copy(src, keptIndent(lines[i]), lines[i].contentStart);
    out.add('\n', breakAt(lines[i]));
  }
  let sep = '';
  let sepAt = lines[contentIndex].start;
  let prevMoreIndented = false;
  for (let i = contentIndex; i < chompStart && !out.mismatched; i += 1) {
    const line = lines[i];
    const from = line.indent < trimIndent ? line.contentStart : line.start + trimIndent;
    if (!folded) {
      out.add(sep, sepAt);
      out.copy(src, from, line.contentEnd);
      sep = '\n';
    } else if (line.indent > trimIndent || src[line.contentStart] === '\t') {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      out.add(sep, sepAt);
      out.copy(src, from, line.contentEnd);
      sep = '\n';
      prevMoreIndented = true;
    } else if (isEmpty(line)) {
      if (sep === '\n') out.add('\n', sepAt);
      else sep = '\n';
    } else {
      out.add(sep, sepAt);
      out.copy(src, line.contentStart, line.contentEnd);
      sep = ' ';
      prevMoreIndented = false;
    }
    sepAt = breakAt(line);
  }
  if (chomp === '+') {
    for (let i = chompStart; i < lines.length; i += 1) {
      out.add('\n', sepAt);
      out.copy(src, keptIndent(lines[i]), lines[i].contentStart);
      sepAt = breakAt(lines[i]);
    }
    if (!out.endsWith('\n')) out.add('\n', sepAt);
  } else if (chomp !== '-') {
    out.add('\n', sepAt);
  }
  const lastOffset = out.lastOffset();
  return out.finish(Math.min(lastOffset === undefined ? end : lastOffset + 1, end));
}
