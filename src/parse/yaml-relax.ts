// PyYAML leniency for yaml: a pass over the text that pushes lines right where PyYAML ignores
// indentation and yaml does not, keeping a table to map every offset back. Pure: no I/O.
import { LineIndex } from '../text.js';
import { isSpace, trimLeft } from './yaml-decode.js';

// ---------------------------------------------------------------------------------------------
// PyYAML leniency. PyYAML ignores indentation inside `{...}` and `[...]`, so templates carry
// JSON-style definitions whose continuation lines or closing bracket sit at or left of the key
// that owns them. yaml rejects them. relaxFlowIndent finds every flow collection that starts in
// block context and closes, and prepends spaces to each of its continuation lines that is not
// deeper than the owner (the key, `-` or `?` before it on the opening line; the bracket itself
// when it opens the line). Inside a flow, leading whitespace never reaches a value (folding trims
// it, block scalars cannot occur there), so the data is unchanged. Line numbers stay the same and
// a per-line table of inserted spaces maps every offset back to the original text.

export interface Relaxed {
  text: string;
  toOriginal(offset: number): number;
}

interface FlowSpan {
  /** First and last line (0-based) that the collection spans. */
  firstLine: number;
  lastLine: number;
  minIndent: number;
}

export function relaxFlowIndent(text: string): Relaxed | undefined {
  const index = new LineIndex(text);
  // Lines are counted from 0 here; LineIndex counts from 1.
  const lineStart = (line: number): number => index.offset(line + 1, 1);
  const shifts = new Map<number, number>();
  for (const span of findBlockFlows(text, index)) {
    for (let line = span.firstLine + 1; line <= span.lastLine; line += 1) {
      const start = lineStart(line);
      let indent = 0;
      while (text[start + indent] === ' ') indent += 1;
      const stop = line + 1 < index.lineCount() ? lineStart(line + 1) : text.length;
      const blank = text.slice(start + indent, stop).trim() === '';
      if (!blank && indent < span.minIndent) shifts.set(line, Math.max(shifts.get(line) ?? 0, span.minIndent - indent));
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
    let low = 0;
    let high = table.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (table[mid].start <= offset) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (found < 0) return offset;
    const { start, before, shift } = table[found];
    return offset < start + shift ? start - before : offset - before - shift;
  };
  return { text: relaxed, toOriginal };
}

/**
 * A light scan of block YAML that finds multi-line flow collections. It follows quotes, comments
 * and block scalars so that a `{` in a string or in `|` text is not taken for a collection.
 * It stops at an unclosed flow or quote: that text is broken for PyYAML too, and yaml's error for
 * it is the one to report.
 */
function findBlockFlows(text: string, index: LineIndex): FlowSpan[] {
  const spans: FlowSpan[] = [];
  const lineOf = (offset: number): number => index.position(offset).line - 1;
  const n = text.length;
  const nextLine = (offset: number): number => {
    const br = text.indexOf('\n', offset);
    return br < 0 ? n : br + 1;
  };
  const isBlankAt = (offset: number): boolean =>
    offset >= n || text[offset] === ' ' || text[offset] === '\t' || text[offset] === '\n' || text[offset] === '\r';

  /** Column that a block scalar's content must pass, or undefined outside a block scalar. */
  let blockScalarOwner: number | undefined;
  let pos = 0;
  while (pos < n) {
    const lineStart = pos;
    const column = (offset: number): number => offset - lineStart;
    let p = trimLeft(text, pos, n);
    const atLineEnd = p >= n || text[p] === '\n' || text[p] === '\r';
    if (blockScalarOwner !== undefined) {
      const marker = text.startsWith('---', lineStart) || text.startsWith('...', lineStart);
      if (atLineEnd || (p - lineStart > blockScalarOwner && !marker)) {
        pos = nextLine(lineStart);
        continue;
      }
      blockScalarOwner = undefined;
    }
    if (text[lineStart] === '%' || (text.startsWith('...', lineStart) && isBlankAt(lineStart + 3))) {
      pos = nextLine(lineStart);
      continue;
    }
    if (text.startsWith('---', lineStart) && isBlankAt(lineStart + 3)) p = lineStart + 3;
    let owner = -1;
    let resume = -1;
    for (;;) {
      p = trimLeft(text, p, n);
      const ch = text[p];
      if (p >= n || ch === '\n' || ch === '\r' || ch === '#') break;
      if ((ch === '-' || ch === '?' || ch === ':') && isBlankAt(p + 1)) {
        owner = column(p);
        p += 1;
      } else if (ch === '!' || ch === '&') {
        while (p < n && !isBlankAt(p)) p += 1;
      } else if (ch === '{' || ch === '[') {
        const close = scanFlow(text, p);
        if (close < 0) return spans;
        const firstLine = lineOf(p);
        const lastLine = lineOf(close - 1);
        if (lastLine > firstLine) spans.push({ firstLine, lastLine, minIndent: owner >= 0 ? owner + 1 : column(p) });
        resume = close;
        break;
      } else if (ch === '"' || ch === "'") {
        const close = scanQuoted(text, p);
        if (close < 0) return spans;
        const after = trimLeft(text, close, n);
        if (text[after] === ':' && isBlankAt(after + 1) && lineOf(after) === lineOf(p)) {
          owner = column(p);
          p = after + 1;
        } else {
          resume = close;
          break;
        }
      } else if (ch === '|' || ch === '>') {
        blockScalarOwner = owner >= 0 ? owner : column(p) - 1;
        break;
      } else {
        // A plain key (`name: value`) or a plain scalar, which may not contain ` #` or `: `.
        const keyStart = p;
        let q = p;
        let key = -1;
        while (q < n && text[q] !== '\n') {
          if (text[q] === '#' && (text[q - 1] === ' ' || text[q - 1] === '\t')) break;
          if (text[q] === ':' && isBlankAt(q + 1)) {
            key = q;
            break;
          }
          q += 1;
        }
        if (key < 0) break;
        owner = column(keyStart);
        p = key + 1;
      }
    }
    // After a flow or quote that ends on a later line, the rest of its closing line is skipped.
    pos = nextLine(resume >= 0 ? resume : p);
  }
  return spans;
}

/** From an opening `{` or `[` at `start`, the offset just after its closing bracket, or -1. */
function scanFlow(text: string, start: number): number {
  let depth = 0;
  let nodeStart = true;
  for (let i = start; i < text.length; i += 1) {
    const ch = text[i];
    switch (ch) {
      case ' ':
      case '\t':
      case '\r':
      case '\n':
        break;
      case '#':
        if (i === 0 || isSpace(text.charCodeAt(i - 1))) {
          const br = text.indexOf('\n', i);
          if (br < 0) return -1;
          i = br;
        } else {
          nodeStart = false;
        }
        break;
      case '"':
      case "'":
        if (nodeStart) {
          const close = scanQuoted(text, i);
          if (close < 0) return -1;
          i = close - 1;
        }
        nodeStart = false;
        break;
      case '{':
      case '[':
        depth += 1;
        nodeStart = true;
        break;
      case '}':
      case ']':
        depth -= 1;
        if (depth === 0) return i + 1;
        nodeStart = false;
        break;
      case ',':
      case ':':
      case '?':
        nodeStart = true;
        break;
      case '!':
      case '&':
        if (nodeStart) {
          while (i + 1 < text.length && !isSpace(text.charCodeAt(i + 1)) && !',[]{}'.includes(text[i + 1])) i += 1;
        } else {
          nodeStart = false;
        }
        break;
      default:
        nodeStart = false;
    }
  }
  return -1;
}

/** From an opening quote at `start`, the offset just after the closing quote, or -1. */
function scanQuoted(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i += 1) {
    const ch = text[i];
    if (quote === '"' && ch === '\\') {
      i += 1;
    } else if (ch === quote) {
      if (quote === "'" && text[i + 1] === "'") i += 1;
      else return i + 1;
    }
  }
  return -1;
}
