// Terraform `.tf` files, read just far enough to find state machine definitions, with positions.
// No npm HCL parser gives source positions for attribute values (`@cdktf/hcl2json` is a 1 MB+ Go
// WASM build, `hcl2-parser` / `hcl2-json-parser` are GopherJS builds of hcl2json, 3.8 MB, and all
// three return plain JSON without ranges), so this is a small reader of the part of HCL that holds
// a definition: blocks, attributes, quoted template strings, heredocs, numbers, booleans, objects,
// tuples, function calls and references. The value has Terraform's JSON syntax shape
// (`resource.aws_sfn_state_machine.x.definition`); what is known only at plan time (a reference, a
// call, an operator expression) becomes the string `${...}` of its source text, as in `.tf.json`.
// `jsonencode(X)` is X itself, so a definition written in HCL is read as the object it encodes.
import { minOf } from '../text.js';
import { child as ownChild, setOwn } from '../pointer.js';
import type { Located, SourceRange } from '../types.js';
import type { ParsedText } from './json.js';

/** A function call kept as `${...}`: its name and its arguments (read the same way). */
interface HclCall {
  name: string;
  args: unknown[];
}

export type HclParse = ParsedText & { calls?: Map<string, HclCall> };

class HclError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
const key = (segments: readonly string[]) => segments.join('\u0000');

export function parseHcl(text: string): HclParse {
  const located = new Map<string, Located>();
  const strings = new Map<string, number[]>();
  const calls = new Map<string, HclCall>();
  let i = 0;

  const fail = (message: string, at = i): never => {
    throw new HclError(message, at);
  };
  // Skips spaces and comments; newlines too unless `inLine`.
  const skip = (inLine = false) => {
    for (;;) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\r' || (c === '\n' && !inLine)) i++;
      else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
        while (i < text.length && text[i] !== '\n') i++;
      } else if (c === '/' && text[i + 1] === '*') {
        const end = text.indexOf('*/', i + 2);
        if (end < 0) fail('unterminated /* comment');
        i = end + 2;
      } else return;
    }
  };
  const ident = (): string | undefined => {
    IDENT.lastIndex = i;
    const m = IDENT.exec(text);
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };

  /** A quoted template string: its text (interpolations kept as written) and the offset of each character. */
  const quoted = (): { value: string; offsets: number[] } => {
    const start = i++;
    let value = '';
    const offsets: number[] = [];
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        offsets.push(i);
        i++;
        return { value, offsets };
      }
      if (c === '\n') fail('unterminated string', start);
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (e in simple) {
          offsets.push(i);
          value += simple[e];
          i += 2;
        } else if (e === 'u' || e === 'U') {
          const len = e === 'u' ? 4 : 8;
          const hex = text.slice(i + 2, i + 2 + len);
          offsets.push(i);
          value += String.fromCodePoint(parseInt(hex, 16) || 0);
          if (value.length - offsets.length === 1) offsets.push(i);
          i += 2 + len;
        } else fail(`unknown escape \\${e}`);
      } else if ((c === '$' || c === '%') && text[i + 1] === '{') {
        // An interpolation or directive: kept as written, its nested strings and braces skipped.
        const end = balancedEnd(i + 1);
        for (let k = i; k < end; k++) offsets.push(k);
        value += text.slice(i, end);
        i = end;
      } else {
        offsets.push(i);
        value += c;
        i++;
      }
    }
    return fail('unterminated string', start);
  };

  /** The offset after the bracket that closes the one at `open`, skipping strings and comments. */
  const balancedEnd = (open: number): number => {
    let depth = 0;
    let k = open;
    while (k < text.length) {
      const c = text[k];
      if (c === '"') {
        k++;
        while (k < text.length && text[k] !== '"')
          k += text[k] === '\\' ? 2 : text[k] === '$' && text[k + 1] === '{' ? balancedEnd(k + 1) - k : 1;
        k++;
        continue;
      }
      if (c === '{' || c === '[' || c === '(') depth++;
      else if (c === '}' || c === ']' || c === ')') {
        depth--;
        if (depth === 0) return k + 1;
      }
      k++;
    }
    return fail('unclosed bracket', open);
  };

  const heredoc = (): { value: string; offsets: number[] } => {
    const start = i;
    const m = /<<(-?)([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/y;
    m.lastIndex = i;
    const h = m.exec(text);
    if (!h) return fail('bad heredoc', start);
    i += h[0].length;
    const lines: { at: number; text: string }[] = [];
    for (;;) {
      if (i >= text.length) fail(`heredoc ${h[2]} is not closed`, start);
      let end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
      const line = text.slice(i, end).replace(/\r$/, '');
      if (line.trim() === h[2]) {
        i = end;
        break;
      }
      lines.push({ at: i, text: line });
      i = end + 1;
    }
    // `<<-` strips the indentation common to every non-blank line.
    let strip = 0;
    if (h[1]) strip = minOf(lines.filter((l) => l.text.trim()).map((l) => /^[ \t]*/.exec(l.text)![0].length));
    if (!Number.isFinite(strip)) strip = 0;
    let value = '';
    const offsets: number[] = [];
    for (const l of lines) {
      const cut = Math.min(strip, /^[ \t]*/.exec(l.text)![0].length);
      for (let k = cut; k < l.text.length; k++) offsets.push(l.at + k);
      offsets.push(l.at + l.text.length);
      value += l.text.slice(cut) + '\n';
    }
    offsets.push(i);
    return { value, offsets };
  };

  /** An expression we do not evaluate: skipped to its end, kept as `${source}`. */
  const rawUntilEnd = (start: number): string => {
    i = start;
    for (;;) {
      const c = text[i];
      if (i >= text.length || c === '\n' || c === ',' || c === '}' || c === ']' || c === ')' || c === '#') break;
      if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) break;
      if (c === '{' || c === '[' || c === '(') i = balancedEnd(i);
      else if (c === '"') quoted();
      else if (c === '<' && text[i + 1] === '<' && /[-A-Za-z_]/.test(text[i + 2] ?? '')) heredoc();
      else i++;
    }
    return `\${${text.slice(start, i).trim()}}`;
  };

  const expression = (segments: string[]): unknown => {
    skip();
    const start = i;
    const value = primary(segments);
    // An operator after the value (`a + b`, `x ? y : z`, `a == b`): plan-time, kept as source.
    const save = i;
    skip(true);
    const c = text[i];
    if (
      i < text.length &&
      c !== '\n' &&
      c !== ',' &&
      c !== '}' &&
      c !== ']' &&
      c !== ')' &&
      c !== '#' &&
      !(c === '/' && text[i + 1] === '/') &&
      c !== '=' &&
      c !== ':'
    ) {
      const raw = rawUntilEnd(start);
      located.set(key(segments), { value: { start, end: i } });
      strings.delete(key(segments));
      return raw;
    }
    if (c === '=' && text[i + 1] === '=') {
      const raw = rawUntilEnd(start);
      located.set(key(segments), { value: { start, end: i } });
      return raw;
    }
    i = save;
    return value;
  };

  const setAt = (segments: string[], range: SourceRange, keyRange?: SourceRange) => {
    const k = key(segments);
    const prior = located.get(k);
    located.set(k, { value: range, ...(keyRange ? { key: keyRange } : prior?.key ? { key: prior.key } : {}) });
  };

  /** Items of an object, tuple or argument list, separated by commas or newlines, up to `close`. */
  const items = (close: string, read: () => void) => {
    for (;;) {
      skip();
      if (i >= text.length) fail(`expected ${close}`);
      if (text[i] === close) break;
      if (text[i] === ',') i++;
      else read();
    }
    i++;
  };

  const primary = (segments: string[]): unknown => {
    const start = i;
    const c = text[i];
    if (c === '"') {
      const s = quoted();
      setAt(segments, { start, end: i });
      strings.set(key(segments), s.offsets);
      return s.value;
    }
    if (c === '<' && text[i + 1] === '<') {
      const s = heredoc();
      setAt(segments, { start, end: i });
      strings.set(key(segments), s.offsets);
      return s.value;
    }
    if (c === '{') {
      if (/^\{\s*for\s/.test(text.slice(i, i + 12))) return rawAt(segments, start);
      i++;
      const obj: Record<string, unknown> = {};
      items('}', () => {
        const ks = i;
        let k: string | undefined;
        if (text[i] === '"') k = quoted().value;
        else if (text[i] === '(') {
          i = balancedEnd(i);
          k = text.slice(ks, i);
        } else k = ident();
        if (k === undefined) fail('expected an object key');
        const ke = i;
        skip(true);
        if (text[i] !== '=' && text[i] !== ':') fail(`expected = or : after key \`${k}\``);
        i++;
        const child = [...segments, k!];
        setOwn(obj, k!, expression(child));
        const prior = located.get(key(child));
        if (prior) located.set(key(child), { ...prior, key: { start: ks, end: ke } });
      });
      setAt(segments, { start, end: i });
      return obj;
    }
    if (c === '[') {
      if (/^\[\s*for\s/.test(text.slice(i, i + 12))) return rawAt(segments, start);
      i++;
      const list: unknown[] = [];
      items(']', () => list.push(expression([...segments, String(list.length)])));
      setAt(segments, { start, end: i });
      return list;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    // `(a ? b : c)`, `!var.x`, `-var.n`: plan-time expressions, kept as source.
    if (!num && (c === '(' || c === '!' || c === '-')) return rawAt(segments, start);
    if (num) {
      i += num[0].length;
      setAt(segments, { start, end: i });
      return Number(num[0]);
    }
    const id = ident();
    if (id === undefined) return fail(`unexpected ${JSON.stringify(text[i] ?? 'end of file')}`);
    if (text[i] === '(') {
      if (id === 'jsonencode') {
        i++;
        const v = expression(segments);
        skip();
        if (text[i] !== ')') return rawAt(segments, start);
        i++;
        return v;
      }
      // Other calls: arguments read for what a caller may want (templatefile's path and variables).
      i++;
      const args: unknown[] = [];
      items(')', () => {
        if (text.startsWith('...', i)) i += 3;
        args.push(expression([...segments, `(${args.length})`]));
      });
      calls.set(key(segments), { name: id, args });
      setAt(segments, { start, end: i });
      return `\${${text.slice(start, i)}}`;
    }
    if (id === 'true' || id === 'false' || id === 'null') {
      setAt(segments, { start, end: i });
      return id === 'null' ? null : id === 'true';
    }
    // A reference: `var.x`, `aws_lambda_function.f.arn`, `local.list[0].name`, `x[*].id`.
    for (;;) {
      if (text[i] === '.' && (text[i + 1] === '*' || /[A-Za-z_0-9]/.test(text[i + 1] ?? ''))) {
        i++;
        if (text[i] === '*') i++;
        else if (!ident()) {
          NUMBER.lastIndex = i;
          i += NUMBER.exec(text)?.[0].length ?? 0;
        }
      } else if (text[i] === '[') i = balancedEnd(i);
      else break;
    }
    setAt(segments, { start, end: i });
    return `\${${text.slice(start, i)}}`;
  };

  const rawAt = (segments: string[], start: number): string => {
    const raw = rawUntilEnd(start);
    setAt(segments, { start, end: i });
    return raw;
  };

  /** A body: attributes and blocks until `}` (or the end of the file at the top). */
  const body = (segments: string[], into: Record<string, unknown>, top: boolean) => {
    for (;;) {
      skip();
      if (i >= text.length) {
        if (!top) fail('a block is not closed');
        return;
      }
      if (text[i] === '}') {
        if (top) fail('unexpected }');
        return;
      }
      const ks = i;
      const name = ident();
      if (!name) fail(`expected an attribute or a block, found ${JSON.stringify(text[i])}`);
      const ke = i;
      skip(true);
      if (text[i] === '=' && text[i + 1] !== '=') {
        i++;
        const child = [...segments, name!];
        setOwn(into, name!, expression(child));
        const prior = located.get(key(child));
        if (prior) located.set(key(child), { ...prior, key: { start: ks, end: ke } });
        continue;
      }
      // A block: `type "label" label2 {`
      const labels: string[] = [];
      while (text[i] !== '{') {
        if (text[i] === '"') labels.push(quoted().value);
        else {
          const l = ident();
          if (!l) fail(`expected = or a block after \`${name}\``);
          labels.push(l!);
        }
        skip(true);
      }
      const open = i++;
      const names = [name!, ...labels];
      let holder = into;
      // Own members only: a label such as `__proto__` must not reach Object.prototype.
      for (const n of names.slice(0, -1)) {
        const next = ownChild(holder, n);
        const inner =
          next !== null && typeof next === 'object' && !Array.isArray(next) ? (next as Record<string, unknown>) : {};
        setOwn(holder, n, inner);
        holder = inner;
      }
      const path = [...segments, ...names];
      const last = path[path.length - 1];
      const blockBody: Record<string, unknown> = {};
      let blockPath = path;
      const existing = ownChild(holder, last);
      if (labels.length === 0 && existing !== undefined) {
        // A repeated unlabeled block (`dynamic`, `statement`): a list of bodies.
        const list = Array.isArray(existing) ? existing : [existing];
        setOwn(holder, last, list);
        if (!Array.isArray(existing)) {
          const old = located.get(key(path));
          if (old) located.set(key([...path, '0']), old);
        }
        blockPath = [...path, String(list.length)];
        list.push(blockBody);
      } else setOwn(holder, last, blockBody);
      body(blockPath, blockBody, false);
      i++;
      located.set(key(blockPath), { value: { start: open, end: i }, key: { start: ks, end: ke } });
    }
  };

  try {
    const value: Record<string, unknown> = {};
    body([], value, true);
    located.set('', { value: { start: 0, end: text.length } });
    return {
      ok: true,
      value,
      calls,
      locate: (segments) => located.get(key(segments)),
      stringOffset(segments, index) {
        const offsets = strings.get(key(segments));
        return offsets && index >= 0 && index < offsets.length ? offsets[index] : undefined;
      },
    };
  } catch (err) {
    if (err instanceof HclError) return { ok: false, error: { message: err.message, offset: err.offset } };
    if (err instanceof RangeError) return { ok: false, error: { message: 'nesting too deep to parse', offset: 0 } };
    throw err;
  }
}
