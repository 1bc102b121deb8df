// JSON and JSONC. The value comes from the native JSON.parse (milliseconds on an 8 MB file);
// positions come from a lazy scanner that walks only along the pointer being asked about and
// skips strings with indexOf, so a clean file never pays for them.
import { visit, printParseErrorCode } from 'jsonc-parser';
import type { Located, SourceRange } from '../types.js';

export interface ParseFailure {
  message: string;
  /** UTF-16 offset into the original text */
  offset: number;
  /** the parser's own error code, where it has one */
  code?: string;
}

export interface DuplicateKey {
  key: string;
  /** Offsets of the key's first and latest occurrence in the original text. */
  firstOffset: number;
  offset: number;
}

/** What every parser gives back: plain data and positions on demand, or the first error. */
export type ParsedText =
  | {
      ok: true;
      value: unknown;
      locate: (segments: readonly string[]) => Located | undefined;
      stringOffset: (segments: readonly string[], index: number) => number | undefined;
      /** YAML: where a second document with content starts (only the first is read). */
      laterDocumentOffset?: number;
      /** YAML: keys written twice in one mapping; the value holds the last, as PyYAML does. */
      duplicateKeys?: DuplicateKey[];
    }
  | { ok: false; error: ParseFailure };

export type JsonParse = ParsedText;

/**
 * `explain: false` is for a caller that only wants to know whether the text is JSON: a failure then
 * says only V8's own message, without the second pass that finds the first error's place.
 */
export function parseJson(text: string, options: { comments: boolean; explain?: boolean }): JsonParse {
  const scanned = options.comments ? blankCommentsAndTrailingCommas(text) : text;
  let value: unknown;
  try {
    value = JSON.parse(scanned);
  } catch (err) {
    if (options.explain === false) return { ok: false, error: { message: String(err), offset: 0 } };
    return { ok: false, error: explainFailure(text, options.comments, err) };
  }
  // Offsets in `scanned` equal offsets in `text`: comments were replaced by spaces, not removed.
  // Made on the first position asked for: most files have no finding to place.
  let scanner: JsonScanner | undefined;
  return {
    ok: true,
    value,
    locate: (segments) => (scanner ??= new JsonScanner(scanned)).locate(segments),
    stringOffset: (segments, index) => (scanner ??= new JsonScanner(scanned)).stringOffset(segments, index),
  };
}

function explainFailure(text: string, comments: boolean, err: unknown): ParseFailure {
  let found: ParseFailure | undefined;
  visit(
    text,
    {
      onError(code, offset) {
        found ??= trailingComma(text, offset) ?? { message: describeError(printParseErrorCode(code)), offset };
      },
    },
    { disallowComments: !comments, allowTrailingComma: comments, allowEmptyContent: false },
  );
  if (found) return found;
  // The scanner accepted what V8 refused (a lone surrogate pair split, nesting V8 cannot take...):
  // fall back to V8's own position.
  const message = err instanceof Error ? err.message : String(err);
  const m = /position (\d+)/.exec(message);
  return { message, offset: m ? Number(m[1]) : 0 };
}

/** `[1, 2,]` and `{"a": 1,}`: name the comma itself, the most common hand-edit mistake. */
function trailingComma(text: string, offset: number): ParseFailure | undefined {
  const close = text.charCodeAt(offset);
  if (close !== 0x7d && close !== 0x5d) return undefined;
  let i = offset - 1;
  while (i >= 0 && isWhitespace(text.charCodeAt(i))) i--;
  if (text.charCodeAt(i) !== 0x2c) return undefined;
  return {
    message: `trailing comma before \`${text[offset]}\` (JSON allows none; name the file .jsonc to allow it)`,
    offset: i,
  };
}

function describeError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'property name expected',
    ValueExpected: 'value expected',
    ColonExpected: "':' expected",
    CommaExpected: "',' expected",
    CloseBraceExpected: "'}' expected",
    CloseBracketExpected: "']' expected",
    EndOfFileExpected: 'end of file expected (more than one value)',
    InvalidCommentToken: 'comments are not allowed in JSON (name the file .jsonc to allow them)',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unexpected end of number',
    InvalidUnicode: 'invalid \\u escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character in string (control characters must be escaped)',
  };
  return words[code] ?? code;
}

/** Replace comments and trailing commas with spaces so JSON.parse accepts JSONC at the same offsets. */
export function blankCommentsAndTrailingCommas(text: string): string {
  const n = text.length;
  // Ranges to blank, collected first: a trailing comma is found only after the comments that
  // may follow it (`1, /* c */ }`), so blanking cannot happen in text order.
  const ranges: [number, number][] = [];
  let i = 0;
  let pendingComma = -1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      pendingComma = -1;
      i = skipString(text, i);
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      let end = text.indexOf('\n', i);
      if (end === -1) end = n;
      ranges.push([i, end]);
      i = end;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      let end = text.indexOf('*/', i + 2);
      end = end === -1 ? n : end + 2;
      ranges.push([i, end]);
      i = end;
    } else if (c === 0x2c) {
      pendingComma = i;
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      if (pendingComma !== -1) ranges.push([pendingComma, pendingComma + 1]);
      pendingComma = -1;
      i++;
    } else {
      if (!isWhitespace(c)) pendingComma = -1;
      i++;
    }
  }
  if (!ranges.length) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let last = 0;
  for (const [from, to] of ranges) {
    out += text.slice(last, from) + text.slice(from, to).replace(/[^\r\n]/g, ' ');
    last = to;
  }
  return out + text.slice(last);
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Index just past the closing quote of the string starting at `start` (or the text length). */
function skipString(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q === -1) return text.length;
    let backslashes = 0;
    for (let k = q - 1; k > start && text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    i = q + 1;
  }
}

/**
 * Every bracket pair of valid JSON text, in order of the opening offsets (exclusive ends), found
 * in one pass with an explicit stack. The arrays grow by doubling: counting the brackets first, to
 * size them exactly, was a second walk along every character of the text.
 */
function matchBrackets(t: string): { opens: Int32Array; closes: Int32Array } {
  let opens: Int32Array = new Int32Array(64);
  let closes: Int32Array = new Int32Array(64);
  let stack: Int32Array = new Int32Array(64);
  let depth = 0;
  let next = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x22) i = skipString(t, i) - 1;
    else if (c === 0x7b || c === 0x5b) {
      if (next === opens.length) {
        opens = grown(opens);
        closes = grown(closes);
      }
      if (depth === stack.length) stack = grown(stack);
      opens[next] = i;
      // Unclosed (the text ends first): the end of the text.
      closes[next] = t.length;
      stack[depth++] = next++;
    } else if ((c === 0x7d || c === 0x5d) && depth > 0) closes[stack[--depth]] = i + 1;
  }
  return { opens: opens.subarray(0, next), closes: closes.subarray(0, next) };
}

function grown(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

interface ObjectIndex {
  kind: 'object';
  /** a Map, not an object: keys such as `__proto__` are data here */
  members: Map<string, { key: SourceRange; value: number }>;
}

interface ArrayIndex {
  kind: 'array';
  /** start offsets of the elements found so far, extended on demand */
  starts: number[];
  complete: boolean;
}

/**
 * Walks valid JSON text (comments already blanked) along pointers. What a walk learns about a
 * container (its members, or its elements' offsets) is kept, so a file with hundreds of findings
 * is scanned about once, not once per finding.
 */
class JsonScanner {
  /** Containers walked so far, by the offset of their opening bracket. */
  private readonly index = new Map<number, ObjectIndex | ArrayIndex>();
  /** Where each value located so far ends, by its start: skipping a 6 MB string per finding cost a scan of it each time. */
  private ends?: Map<number, number>;
  /** The last index stringOffset mapped in each string (by the string's start), and its offset. */
  private marks?: Map<number, { index: number; offset: number }>;
  private brackets?: { opens: Int32Array; closes: Int32Array };

  constructor(private readonly text: string) {}

  private ws(i: number): number {
    const t = this.text;
    while (i < t.length && isWhitespace(t.charCodeAt(i))) i++;
    return i;
  }

  /** End (exclusive) of the value starting at `i`. */
  private skipValue(i: number): number {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === 0x22) return skipString(t, i);
    if (c === 0x7b || c === 0x5b) return this.closeOf(i);
    while (i < t.length) {
      const d = t.charCodeAt(i);
      if (d === 0x2c || d === 0x7d || d === 0x5d || isWhitespace(d)) break;
      i++;
    }
    return i;
  }

  /**
   * Where the container opening at `open` ends (exclusive). The first call matches every bracket
   * of the text in one pass and keeps the pairs (8 bytes per container): skipping each container
   * by scanning it made walking down 200,000 levels quadratic.
   */
  private closeOf(open: number): number {
    const pairs = (this.brackets ??= matchBrackets(this.text));
    let lo = 0;
    let hi = pairs.opens.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = pairs.opens[mid];
      if (at === open) return pairs.closes[mid];
      if (at < open) lo = mid + 1;
      else hi = mid - 1;
    }
    return this.text.length;
  }

  private readKey(start: number, end: number): string {
    const raw = this.text.slice(start + 1, end - 1);
    return raw.includes('\\') ? (JSON.parse(this.text.slice(start, end)) as string) : raw;
  }

  private objectIndex(at: number): ObjectIndex {
    const t = this.text;
    const members: ObjectIndex['members'] = new Map();
    let i = this.ws(at + 1);
    while (i < t.length && t.charCodeAt(i) === 0x22) {
      const keyEnd = skipString(t, i);
      const valueStart = this.ws(this.ws(keyEnd) + 1);
      // Later duplicates overwrite earlier ones: JSON.parse keeps the last, so do we.
      members.set(this.readKey(i, keyEnd), { key: { start: i, end: keyEnd }, value: valueStart });
      i = this.ws(this.skipValue(valueStart));
      if (t.charCodeAt(i) === 0x2c) i = this.ws(i + 1);
    }
    return { kind: 'object', members };
  }

  private element(arr: ArrayIndex, index: number): number | undefined {
    const t = this.text;
    while (arr.starts.length <= index && !arr.complete) {
      const last = arr.starts[arr.starts.length - 1];
      const i = this.ws(this.skipValue(last));
      if (t.charCodeAt(i) !== 0x2c) {
        arr.complete = true;
        break;
      }
      arr.starts.push(this.ws(i + 1));
    }
    return arr.starts[index];
  }

  locate(segments: readonly string[]): Located | undefined {
    const t = this.text;
    let at = this.ws(0);
    let key: SourceRange | undefined;
    for (const seg of segments) {
      const c = t.charCodeAt(at);
      let entry = this.index.get(at);
      if (c === 0x7b) {
        if (!entry) this.index.set(at, (entry = this.objectIndex(at)));
        const found = (entry as ObjectIndex).members.get(seg);
        if (!found) return undefined;
        key = found.key;
        at = found.value;
      } else if (c === 0x5b) {
        const index = Number(seg);
        if (!Number.isInteger(index) || index < 0 || String(index) !== seg) return undefined;
        if (!entry) {
          const first = this.ws(at + 1);
          entry = {
            kind: 'array',
            starts: t.charCodeAt(first) === 0x5d ? [] : [first],
            complete: t.charCodeAt(first) === 0x5d,
          };
          this.index.set(at, entry);
        }
        const start = this.element(entry as ArrayIndex, index);
        if (start === undefined) return undefined;
        key = undefined;
        at = start;
      } else {
        return undefined;
      }
    }
    const ends = (this.ends ??= new Map<number, number>());
    let end = ends.get(at);
    if (end === undefined) ends.set(at, (end = this.skipValue(at)));
    return { value: { start: at, end }, key };
  }

  stringOffset(segments: readonly string[], index: number): number | undefined {
    const found = this.locate(segments);
    if (!found) return undefined;
    const t = this.text;
    const start = found.value.start;
    if (t.charCodeAt(start) !== 0x22) return undefined;
    const end = found.value.end - 1;
    // Findings come in document order: go on from the last index asked of this string, if before.
    const marks = (this.marks ??= new Map<number, { index: number; offset: number }>());
    const mark = marks.get(start);
    let i = mark && mark.index <= index ? mark.offset : start + 1;
    let decoded = mark && mark.index <= index ? mark.index : 0;
    // Between escapes a raw character is one decoded character: jump from backslash to backslash
    // (a finding deep in a 300 KB string was a character-by-character walk).
    while (i < end && decoded < index) {
      let slash = t.indexOf('\\', i);
      if (slash === -1 || slash > end) slash = end;
      const run = Math.min(slash - i, index - decoded);
      i += run;
      decoded += run;
      if (decoded === index || i >= end) break;
      i += t.charCodeAt(i + 1) === 0x75 ? 6 : 2;
      decoded++;
    }
    marks.set(start, { index: decoded, offset: i });
    return i;
  }
}
