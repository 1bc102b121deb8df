// The relaxer's own tokenizer: a light scan of block YAML for multi-line flow collections and
// quoted scalars, which yaml rejects where PyYAML ignores their indentation. Pure: no I/O.
import { LineIndex } from '../../text.js';
import { isSpace, trimLeft } from './chars.js';

/** A quoted scalar in block context, as the scan saw it: offsets of its quotes. */
interface QuotedScalar {
  open: number;
  /** Just after the closing quote. */
  close: number;
}

/** What the scan of the block structure found, for relaxing and for explaining an error. */
export interface BlockScan {
  spans: IndentSpan[];
  /** Quoted scalars in block context (not those inside a flow), in text order. */
  quoted: QuotedScalar[];
  /** An opening quote or bracket that is never closed; the scan stops there. */
  unclosed?: { offset: number; char: string };
}

interface IndentSpan {
  /** First and last line (0-based) that the collection or scalar spans. */
  firstLine: number;
  lastLine: number;
  minIndent: number;
  quoted: boolean;
}

export function isDocumentMarker(text: string, offset: number): boolean {
  if (!text.startsWith('---', offset) && !text.startsWith('...', offset)) return false;
  const next = text[offset + 3];
  return next === undefined || next === ' ' || next === '\t' || next === '\n' || next === '\r';
}

/**
 * A light scan of block YAML that finds multi-line flow collections and quoted scalars. It
 * follows quotes, comments and block scalars so that a `{` in a string or in `|` text is not
 * taken for a collection. It stops at an unclosed flow or quote: that text is broken for PyYAML
 * too, and the error names where it opens.
 */
export function scanBlocks(text: string): BlockScan {
  const index = new LineIndex(text);
  const scan: BlockScan = { spans: [], quoted: [] };
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
      } else if (ch === '{' || ch === '[' || ch === '"' || ch === "'") {
        const quoted = ch === '"' || ch === "'";
        const close = quoted ? scanQuoted(text, p) : scanFlow(text, p);
        if (close < 0) {
          scan.unclosed = { offset: p, char: ch };
          return scan;
        }
        if (quoted) scan.quoted.push({ open: p, close });
        const firstLine = lineOf(p);
        const lastLine = lineOf(close - 1);
        const after = trimLeft(text, close, n);
        // A quoted key (`"a b": value`) on one line owns what follows, like a plain key.
        if (quoted && text[after] === ':' && isBlankAt(after + 1) && lastLine === firstLine) {
          owner = column(p);
          p = after + 1;
          continue;
        }
        if (lastLine > firstLine)
          scan.spans.push({ firstLine, lastLine, minIndent: owner >= 0 ? owner + 1 : column(p), quoted });
        resume = close;
        break;
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
  return scan;
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
