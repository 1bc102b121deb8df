// Offsets, lines and byte counts. Everything here is pure.
import type { Position, TextEdit } from './types.js';

/** Line starts are found once per document, and only when a position is asked for. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    const t = this.text;
    for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
    return starts;
  }

  position(offset: number): Position {
    const starts = this.lineStarts();
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const lo = lastAtOrBefore(starts.length, (i) => starts[i], clamped);
    return { line: lo + 1, column: clamped - starts[lo] + 1 };
  }

  offset(line: number, column: number): number {
    const starts = this.lineStarts();
    const start = starts[Math.max(0, Math.min(line - 1, starts.length - 1))];
    return Math.min(start + column - 1, this.text.length);
  }

  lineCount(): number {
    return this.lineStarts().length;
  }

  lineText(line: number): string {
    const starts = this.lineStarts();
    const start = starts[line - 1] ?? this.text.length;
    const next = starts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, '');
  }
}

// Characters JSON.stringify escapes: quote, backslash, control characters, lone surrogates.
// A plain character class: linear, no backtracking.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Below this length a loop in JS beats two calls into native code. */
const SHORT_CHARS = 128;

/** UTF-8 bytes of `JSON.stringify(s)` without building the escaped copy. */
export function jsonStringBytes(s: string): number {
  if (s.length < SHORT_CHARS) return shortJsonStringBytes(s);
  if (!NEEDS_ESCAPE.test(s)) return Buffer.byteLength(s, 'utf8') + 2;
  return Buffer.byteLength(JSON.stringify(s), 'utf8');
}

// What JSON.stringify writes, char by char: two-char escapes for quote, backslash and \b\t\n\f\r,
// \u00XX for the other control characters and for lone surrogates (well-formed stringify).
function shortJsonStringBytes(s: string): number {
  let bytes = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20) bytes += c === 0x22 || c === 0x5c ? 2 : 1;
      else bytes += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
    } else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 6;
    } else if (c >= 0xdc00 && c <= 0xdfff) bytes += 6;
    else bytes += 3;
  }
  return bytes;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB'];

/** 1536 -> "1.5 KiB"; exact bytes under 1 KiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // Never round up across a limit: 262,145 bytes must not read as "256 KiB".
  const rounded = Math.floor(value * 10) / 10;
  const text = Number.isInteger(rounded) && value !== rounded ? rounded.toFixed(1) : String(rounded);
  return `${text} ${UNITS[unit]}`;
}

/** 262144 -> "262,144", as `toLocaleString('en-US')` writes it, without an ICU formatter per call. */
export function formatInt(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

export function formatPercent(ratio: number): string {
  const pct = ratio * 100;
  if (pct >= 10 || pct === 0) return `${Math.floor(pct)}%`;
  return `${Math.floor(pct * 10) / 10}%`;
}

/** Apply non-overlapping edits (any order) to `text`. Overlapping edits are a programming error. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new Error(`overlapping edits at ${e.start}`);
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/** A few characters of a possibly huge string, for messages: never echo a blob. */
export function preview(s: string, chars = 12): string {
  return s.length <= chars ? s : s.slice(0, chars) + '…';
}

/**
 * JSON.stringify(value) with bigints written as strings, for parsed data at any depth: JSON.stringify
 * recurses, so nesting deeper than the stack (a hostile payload) is written iteratively instead,
 * to the same text.
 */
/** A value from a definition as message or path text: a string as it is, anything else as its JSON. */
/**
 * The last index in 0..length-1 whose key is at most `value`, keys ascending (line starts, run
 * starts, table entries); -1 when even the first key is larger.
 */
export function lastAtOrBefore(length: number, keyAt: (index: number) => number, value: number): number {
  let low = 0;
  let high = length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (keyAt(mid) <= value) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/**
 * The largest of some widths or counts (-Infinity for none), as Math.max gives it, without the
 * spread: that overflows the stack past about 120,000 arguments (a file with that many findings).
 */
export function maxOf(values: Iterable<number>): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** The smallest of some widths or counts (Infinity for none), as Math.min, without the spread. */
export function minOf(values: Iterable<number>): number {
  let min = Infinity;
  for (const v of values) if (v < min) min = v;
  return min;
}

/** `text` as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

export function compactJson(value: unknown): string | undefined {
  try {
    // Without a replacer first: a replacer is a call per value, three times the cost on a large
    // definition. A bigint anywhere makes the plain form throw a TypeError, and then the replacer
    // writes it as a string; with no bigint both forms write the same text.
    return JSON.stringify(value);
  } catch (err) {
    if (err instanceof RangeError) return deepJson(value);
    if (!(err instanceof TypeError)) throw err;
  }
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch (err) {
    if (err instanceof RangeError) return deepJson(value);
    throw err;
  }
}

/**
 * UTF-8 bytes of `value`'s compact JSON, as Step Functions and Lambda count a payload: exactly
 * what JSON.stringify writes, so 0 for `undefined` (it writes nothing), at any depth.
 */
export function compactJsonBytes(value: unknown): number {
  const json = compactJson(value);
  return json === undefined ? 0 : Buffer.byteLength(json, 'utf8');
}

/** JSON.stringify's compact output for parsed data (no toJSON, no cycles), with an explicit stack. */
export function deepJson(root: unknown): string | undefined {
  const scalar = (v: unknown): string | undefined => {
    if (typeof v === 'bigint') return JSON.stringify(v.toString());
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
    return JSON.stringify(v);
  };
  if (root === null || typeof root !== 'object') return scalar(root);
  const out: string[] = [];
  const stack: { node: object; keys: string[] | undefined; i: number; wrote: boolean }[] = [];
  const open = (node: object) => {
    const isArray = Array.isArray(node);
    out.push(isArray ? '[' : '{');
    stack.push({ node, keys: isArray ? undefined : Object.keys(node), i: 0, wrote: false });
  };
  open(root);
  while (stack.length) {
    const f = stack[stack.length - 1];
    if (f.i >= (f.keys ? f.keys.length : (f.node as unknown[]).length)) {
      out.push(f.keys ? '}' : ']');
      stack.pop();
      continue;
    }
    const key = f.keys ? f.keys[f.i] : undefined;
    const v = key !== undefined ? (f.node as Record<string, unknown>)[key] : (f.node as unknown[])[f.i];
    f.i++;
    const isContainer = v !== null && typeof v === 'object';
    const text = isContainer ? undefined : scalar(v);
    // JSON drops object members it cannot write, and writes null for such array items.
    if (key !== undefined && !isContainer && text === undefined) continue;
    if (f.wrote) out.push(',');
    f.wrote = true;
    if (key !== undefined) out.push(JSON.stringify(key) + ':');
    if (isContainer) open(v);
    else out.push(text ?? 'null');
  }
  return out.join('');
}
