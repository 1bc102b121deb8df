// Decoders for yaml scalars that also say where each character of the value came from, so a
// finding inside a string (an embedded definition) points at the text itself. Pure: no I/O.
import { Scalar } from 'yaml';

export function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
// ---------------------------------------------------------------------------------------------
// Decoded string -> text offsets. Each decoder mirrors the matching function in yaml's
// compose/resolve-flow-scalar.js or resolve-block-scalar.js, recording for every produced UTF-16
// unit the offset it came from: a copied character maps to itself, an escape (`\n`, `''`,
// `\u00e9`) to its first character, and a space or newline made by line folding to the line break
// it replaces. `offsets[length]` is the end of the content. The result is checked against yaml's
// own value; on any mismatch `stringOffset` falls back to the start of the content.

export interface Decoded {
  text: string;
  offsets: number[];
}

class DecodeBuilder {
  text = '';
  readonly offsets: number[] = [];

  /** Copy `src[from, to)`: each character maps to its own offset. */
  copy(src: string, from: number, to: number): void {
    this.text += src.slice(from, to);
    for (let i = from; i < to; i += 1) this.offsets.push(i);
  }

  /** Add made-up text (a fold, an escape's result) that maps to one offset. */
  add(chars: string, at: number): void {
    this.text += chars;
    for (let i = 0; i < chars.length; i += 1) this.offsets.push(at);
  }

  finish(end: number): Decoded {
    this.offsets.push(end);
    return { text: this.text, offsets: this.offsets };
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
  const candidates: Decoded[] = [];
  switch (node.type) {
    case Scalar.PLAIN:
      candidates.push(unfoldLines(src, start, end, end));
      break;
    case Scalar.QUOTE_SINGLE:
      candidates.push(undoubleQuotes(unfoldLines(src, start + 1, end - 1, end - 1)));
      break;
    case Scalar.QUOTE_DOUBLE:
      candidates.push(decodeDoubleQuoted(src, start, end));
      break;
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED:
      candidates.push(...decodeBlock(src, start, end));
      break;
    default:
      return null;
  }
  return candidates.find((decoded) => decoded.text === value) ?? null;
}

/** yaml's unfoldLines for plain and single-quoted scalars over `src[from, to)`. */
function unfoldLines(src: string, from: number, to: number, end: number): Decoded {
  const out = new DecodeBuilder();
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
function undoubleQuotes(decoded: Decoded): Decoded {
  const out = new DecodeBuilder();
  const { text, offsets } = decoded;
  for (let i = 0; i < text.length; i += 1) {
    out.add(text[i], offsets[i]);
    if (text[i] === "'" && text[i + 1] === "'") i += 1;
  }
  return out.finish(offsets[text.length]);
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

function decodeDoubleQuoted(src: string, start: number, end: number): Decoded {
  const out = new DecodeBuilder();
  const last = end - 1;
  for (let i = start + 1; i < last; i += 1) {
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
      out.add(ch, i);
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
function decodeBlock(src: string, start: number, end: number): Decoded[] {
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
  if (!explicitIndent) return [decodeBlockLines(src, lines, -1, chomp, folded, end)];
  const deepest = lines.reduce((max, line) => Math.max(max, line.indent), explicitIndent);
  const candidates: Decoded[] = [];
  for (let trimIndent = explicitIndent; trimIndent <= deepest; trimIndent += 1) {
    candidates.push(decodeBlockLines(src, lines, trimIndent, chomp, folded, end));
  }
  return candidates;
}

function decodeBlockLines(
  src: string,
  lines: BlockLine[],
  fixedIndent: number,
  chomp: string,
  folded: boolean,
  end: number,
): Decoded {
  const out = new DecodeBuilder();
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
  for (let i = contentIndex; i < chompStart; i += 1) {
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
    if (!out.text.endsWith('\n')) out.add('\n', sepAt);
  } else if (chomp !== '-') {
    out.add('\n', sepAt);
  }
  const lastContent = out.offsets.length > 0 ? out.offsets[out.offsets.length - 1] + 1 : end;
  return out.finish(Math.min(lastContent, end));
}
