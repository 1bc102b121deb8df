import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankCommentsAndTrailingCommas, parseJson } from '../../src/parse/json.js';

function located(text: string, segments: string[], comments = false) {
  const parsed = parseJson(text, { comments });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const found = parsed.locate(segments);
  return (
    found && {
      value: text.slice(found.value.start, found.value.end),
      key: found.key && text.slice(found.key.start, found.key.end),
    }
  );
}

describe('parseJson', () => {
  it('returns the value JSON.parse gives', () => {
    const text = '{"a": [1, {"b": "x"}], "c": null}';
    const parsed = parseJson(text, { comments: false });
    expect(parsed.ok && parsed.value).toEqual(JSON.parse(text));
  });

  it('locates keys and values along a pointer', () => {
    const text = '{\n  "payload": {\n    "list": [10, {"deep": "v"}, "last"]\n  }\n}';
    expect(located(text, ['payload', 'list', '1', 'deep'])).toEqual({ value: '"v"', key: '"deep"' });
    expect(located(text, ['payload', 'list', '2'])).toEqual({ value: '"last"', key: undefined });
    expect(located(text, ['payload'])?.value.startsWith('{')).toBe(true);
    expect(located(text, [])?.value).toBe(text);
    expect(located(text, ['payload', 'list', '3'])).toBeUndefined();
    expect(located(text, ['nope'])).toBeUndefined();
  });

  it('skips strings holding quotes, escaped backslashes and brackets', () => {
    const text = '{"a": "he said \\"}\\" [", "b\\\\": "\\\\", "c": 1}';
    expect(located(text, ['c'])).toEqual({ value: '1', key: '"c"' });
    expect(located(text, ['b\\'])).toEqual({ value: '"\\\\"', key: '"b\\\\"' });
  });

  it('decodes escaped keys and keeps the last of duplicate keys, as JSON.parse does', () => {
    const text = '{"k\\u0065y": 1, "key": 2}';
    const parsed = parseJson(text, { comments: false });
    expect(parsed.ok && parsed.value).toEqual({ key: 2 });
    expect(located(text, ['key'])?.value).toBe('2');
  });

  it('does not mistake hostile keys for prototype lookups', () => {
    const text = '{"__proto__": {"polluted": true}, "constructor": 1}';
    const parsed = parseJson(text, { comments: false });
    expect(parsed.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(located(text, ['__proto__', 'polluted'])?.value).toBe('true');
  });

  it('maps string indexes to text offsets across escapes', () => {
    const text = '{"s": "a\\nb\\u00e9c"}';
    const parsed = parseJson(text, { comments: false });
    if (!parsed.ok) throw new Error();
    const value = (parsed.value as { s: string }).s;
    expect(value).toBe('a\nbéc');
    const at = (i: number) => parsed.stringOffset(['s'], i)!;
    expect(text[at(0)]).toBe('a');
    expect(text.slice(at(1), at(1) + 2)).toBe('\\n');
    expect(text[at(2)]).toBe('b');
    expect(text.slice(at(3), at(3) + 6)).toBe('\\u00e9');
    expect(text[at(4)]).toBe('c');
  });

  it('maps every index of any string, escaped or not, to the text where that character is written', () => {
    // Some characters written as \uXXXX, as other tools write them; the rest as JSON.stringify does.
    const written = fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 3 }), fc.boolean()), { maxLength: 40 });
    fc.assert(
      fc.property(written, (parts) => {
        let body = '';
        let value = '';
        for (const [chunk, asUnicode] of parts) {
          value += chunk;
          body += asUnicode
            ? Array.from(
                { length: chunk.length },
                (_, k) => `\\u${chunk.charCodeAt(k).toString(16).padStart(4, '0')}`,
              ).join('')
            : JSON.stringify(chunk).slice(1, -1);
        }
        const text = `{"s": "${body}"}`;
        const parsed = parseJson(text, { comments: false });
        if (!parsed.ok) return false;
        if ((parsed.value as { s: string }).s !== value) return false;
        // Decoding from each mapped offset gives back the rest of the string: asked in order, then
        // backwards (the scanner goes on from the last index it mapped, when that lies before).
        const order = [...Array(value.length + 1).keys()];
        for (const i of [...order, ...order.reverse()]) {
          const at = parsed.stringOffset(['s'], i)!;
          const rest = JSON.parse(`"${text.slice(at, text.length - 2)}"`) as string;
          if (rest !== value.slice(i)) return false;
        }
        return true;
      }),
    );
  });

  it('reports the first syntax error with its offset', () => {
    const parsed = parseJson('{\n  "a": 1,\n}', { comments: false });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.offset).toBe(10);
      expect(parsed.error.message).toMatch(/trailing comma before `}`/);
    }
    const missing = parseJson('{"a": 1 "b": 2}', { comments: false });
    expect(!missing.ok && missing.error).toEqual({ message: "',' expected", offset: 8 });
    const comment = parseJson('{ // no\n "a": 1 }', { comments: false });
    expect(!comment.ok && comment.error.message).toMatch(/comments are not allowed/);
  });

  it('accepts JSONC comments and trailing commas at the same offsets', () => {
    const text = '{\n  // note, with "quotes"\n  "a": [1, 2,], /* c */ "b": "//not a comment",\n}';
    const blanked = blankCommentsAndTrailingCommas(text);
    expect(blanked.length).toBe(text.length);
    const parsed = parseJson(text, { comments: true });
    expect(parsed.ok && parsed.value).toEqual({ a: [1, 2], b: '//not a comment' });
    expect(located(text, ['b'], true)?.value).toBe('"//not a comment"');
  });

  it('removes a trailing comma that a comment follows', () => {
    const text = '{"a": [1, 2, /* two */ ], "b": 3, // last\n}';
    const parsed = parseJson(text, { comments: true });
    expect(parsed.ok && parsed.value).toEqual({ a: [1, 2], b: 3 });
    expect(blankCommentsAndTrailingCommas(text).length).toBe(text.length);
  });

  it('parses and locates inside deep nesting without recursion', () => {
    const depth = 50_000;
    const text = '['.repeat(depth) + '"x"' + ']'.repeat(depth);
    const parsed = parseJson(text, { comments: false });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.locate(Array(depth).fill('0'))?.value).toEqual({ start: depth, end: depth + 3 });
  });

  it('locates a field after a large string quickly enough to be linear', () => {
    const blob = 'A'.repeat(20_000_000);
    const text = `{"blob": "${blob}", "after": 1}`;
    expect(located(text, ['after'])?.value).toBe('1');
  });
});

describe('parseJson: nesting 200,000 deep', () => {
  it('locates a field at the bottom of arrays and of objects', () => {
    const depth = 200_000;
    const leaf = '"leaf"';
    for (const [open, close, segment] of [
      ['[', ']', '0'],
      ['{"a":', '}', 'a'],
    ]) {
      const text = open.repeat(depth) + leaf + close.repeat(depth);
      const parsed = parseJson(text, { comments: false });
      if (!parsed.ok) throw new Error(parsed.error.message);
      const start = open.length * depth;
      expect(parsed.locate(Array(depth).fill(segment))?.value).toEqual({ start, end: start + leaf.length });
      // A container's end is found without scanning it again: the whole document, then one level in.
      expect(parsed.locate([])?.value).toEqual({ start: 0, end: text.length });
      expect(parsed.locate([segment])?.value).toEqual({ start: open.length, end: text.length - close.length });
    }
  });
});
