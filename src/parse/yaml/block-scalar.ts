// Literal and folded block scalars, decoded with the offset of every character, as yaml's
// compose/resolve-block-scalar.js decodes them. Pure: no I/O.
import { DecodeBuilder, type Decoded } from './runs.js';

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
export function decodeBlock(src: string, start: number, end: number, expected: string): Decoded | null {
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
  for (let pos = bodyStart; bodyStart < end;) {
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
