// The text-edit kit: each edit touches only what it must, so comments, key order, indentation and
// the final newline survive, in JSON, JSONC and YAML.
import { describe, expect, it } from 'vitest';
import { insertProperty, removeProperty, renameKey, replaceValue, scalarText } from '../../src/fix/edit.js';
import { parseSource } from '../../src/parse/source.js';
import { applyEdits } from '../../src/text.js';
import type { TextEdit } from '../../src/types.js';
import { parsers } from '../support/parsers.js';

function doc(name: string, text: string) {
  const parsed = parseSource(name, text, parsers);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.document;
}

function edit(
  name: string,
  text: string,
  make: (d: ReturnType<typeof doc>) => TextEdit | TextEdit[] | undefined,
): string {
  const d = doc(name, text);
  const edits = make(d);
  if (!edits) throw new Error('no edit');
  const out = applyEdits(text, Array.isArray(edits) ? edits : [edits]);
  expect(parseSource(name, out, parsers).ok, out).toBe(true);
  return out;
}

describe('replaceValue and renameKey', () => {
  it('JSON keeps everything around the member', () => {
    const text = '{\n  "a": 1,\n  "file": "QUJD",   \n  "z": [1, 2]\n}';
    const out = edit('e.json', text, (d) => [
      renameKey(d, ['file'], 'fileRef')!,
      replaceValue(d, ['file'], scalarText(d, 's3://b/k.png'))!,
    ]);
    expect(out).toBe('{\n  "a": 1,\n  "fileRef": "s3://b/k.png",   \n  "z": [1, 2]\n}');
  });

  it('YAML keeps comments, quoting style and replaces a block scalar in place', () => {
    const text = "# head\nevent:\n  'file': |\n    QUJD\n    REVG\n  # between\n  other: 1 # tail\n";
    const out = edit('e.yaml', text, (d) => [
      renameKey(d, ['event', 'file'], 'fileRef')!,
      replaceValue(d, ['event', 'file'], scalarText(d, 's3://b/k.png'))!,
    ]);
    expect(out).toBe("# head\nevent:\n  'fileRef': s3://b/k.png\n  # between\n  other: 1 # tail\n");
  });

  it('YAML quotes what a plain scalar would misread', () => {
    const d = doc('e.yaml', 'a: 1\n');
    expect(scalarText(d, 's3://bucket/key.json')).toBe('s3://bucket/key.json');
    expect(scalarText(d, 'true')).toBe('"true"');
    expect(scalarText(d, 'a: b')).toBe('"a: b"');
    expect(scalarText(d, '#x')).toBe('"#x"');
  });
});

describe('insertProperty', () => {
  it('pretty JSON: after the last member, its indentation, after a line comment (JSONC)', () => {
    const text = '{\n    "a": 1,\n    "b": { "c": 2 } // keep me\n}\n';
    const out = edit('e.jsonc', text, (d) => insertProperty(d, [], 'disablePayloadLogs', 'true'));
    expect(out).toBe('{\n    "a": 1,\n    "b": { "c": 2 }, // keep me\n    "disablePayloadLogs": true\n}\n');
  });

  it('minified JSON stays minified and keeps a missing final newline missing', () => {
    const out = edit('e.json', '{"a":1,"b":[1,2]}', (d) => insertProperty(d, [], 'x', 'true'));
    expect(out).toBe('{"a":1,"b":[1,2],"x":true}');
  });

  it('one-line JSON with spaces, an empty object, and a nested object', () => {
    expect(edit('e.json', '{ "a": 1 }\n', (d) => insertProperty(d, [], 'x', '2'))).toBe('{ "a": 1, "x": 2 }\n');
    expect(edit('e.json', '{}\n', (d) => insertProperty(d, [], 'x', '2'))).toBe('{ "x": 2 }\n');
    expect(edit('e.json', '{\n  "o": {\n    "a": 1\n  }\n}\n', (d) => insertProperty(d, ['o'], 'x', '2'))).toBe(
      '{\n  "o": {\n    "a": 1,\n    "x": 2\n  }\n}\n',
    );
  });

  it('YAML: a new line at the mapping’s indentation, after a nested block and a trailing comment', () => {
    const text = 'lambdaARN: arn # the function\npayload:\n  a: 1\n  b:\n    - 2\n# end\n';
    expect(edit('e.yaml', text, (d) => insertProperty(d, [], 'disablePayloadLogs', 'true'))).toBe(
      'lambdaARN: arn # the function\npayload:\n  a: 1\n  b:\n    - 2\ndisablePayloadLogs: true\n# end\n',
    );
    expect(edit('e.yaml', 'list:\n  - a: 1\n    b: 2\n', (d) => insertProperty(d, ['list', '0'], 'c', '3'))).toBe(
      'list:\n  - a: 1\n    b: 2\n    c: 3\n',
    );
  });

  it('YAML: after a last `|+` or `>+` block scalar, the new member leaves its kept blank lines in the value', () => {
    for (const [text, parent, value] of [
      ['a: 1\nnote: |+\n  hello\n\n\n', [], 'hello\n\n\n'],
      ['a: 1\nnote: >+\n  hello\n\n# end\n', [], 'hello\n\n'],
      ['a: 1\nnote: !!str |2+\n   hello\n\n', [], ' hello\n\n'],
      ['x:\n  a: 1\n  note: |+ # kept\n    hi\n\n\ny: 2\n', ['x'], 'hi\n\n\n'],
      ['a: 1\nnote: |\n  hello\n\n', [], 'hello\n'],
    ] as [string, string[], string][]) {
      const out = edit('e.yaml', text, (d) => insertProperty(d, parent, 'disablePayloadLogs', 'true'));
      const at = doc('e.yaml', out).value as Record<string, Record<string, unknown>>;
      const holder = parent.length ? at[parent[0]] : at;
      expect(holder.note, out).toBe(value);
      expect(holder.disablePayloadLogs, out).toBe(true);
      expect(removeProperty(doc('e.yaml', out), [...parent, 'disablePayloadLogs'])).toBeDefined();
    }
  });

  it('refuses an existing key and a non-object parent', () => {
    expect(insertProperty(doc('e.json', '{"a":1}'), [], 'a', '2')).toBeUndefined();
    expect(insertProperty(doc('e.json', '[1]'), [], 'a', '2')).toBeUndefined();
  });
});

describe('removeProperty', () => {
  it('undoes an insert in JSON and YAML', () => {
    for (const [name, text] of [
      ['e.json', '{\n  "a": 1,\n  "b": 2\n}\n'],
      ['e.json', '{"a":1,"b":2}'],
      ['e.yaml', 'a: 1\nb: 2 # c\n'],
    ] as const) {
      const inserted = edit(name, text, (d) => insertProperty(d, [], 'x', 'true'));
      expect(edit(name, inserted, (d) => removeProperty(d, ['x']))).toBe(text);
    }
  });
});

describe('insertProperty after a trailing comma', () => {
  it('JSONC on lines of their own: the member goes after the comma and keeps the style, never `,,`', () => {
    const text = '{\n  "a": 1,\n  "b": { "c": 2 }, // keep me\n}\n';
    const out = edit('e.jsonc', text, (d) => insertProperty(d, [], 'disablePayloadLogs', 'true'));
    expect(out).toBe('{\n  "a": 1,\n  "b": { "c": 2 }, // keep me\n  "disablePayloadLogs": true,\n}\n');
  });

  it('JSONC and YAML flow on one line', () => {
    expect(edit('e.jsonc', '{ "a": 1, }\n', (d) => insertProperty(d, [], 'x', 'true'))).toBe(
      '{ "a": 1, "x": true, }\n',
    );
    expect(edit('e.yaml', '{a: 1, b: 2,}\n', (d) => insertProperty(d, [], 'x', 'true'))).toBe(
      '{a: 1, b: 2, x: true,}\n',
    );
  });

  it('YAML flow mapping over lines, with a comment after the comma', () => {
    const text = '{\n  a: 1,\n  b: [1, 2], # list\n}\n';
    expect(edit('e.yaml', text, (d) => insertProperty(d, [], 'x', 'true'))).toBe(
      '{\n  a: 1,\n  b: [1, 2], # list\n  x: true,\n}\n',
    );
  });
});

describe('replaceValue and YAML tags', () => {
  it('drops a !!binary (or !!str) tag with the value it replaces', () => {
    const text = 'event:\n  file: !!binary |\n    QUJD\n    REVG\n  w: 2\n';
    const out = edit('e.yaml', text, (d) => [
      renameKey(d, ['event', 'file'], 'fileRef')!,
      replaceValue(d, ['event', 'file'], scalarText(d, 's3://b/k.png'))!,
    ]);
    expect(out).toBe('event:\n  fileRef: s3://b/k.png\n  w: 2\n');
    expect(edit('e.yaml', 'a: !!str QUJD\n', (d) => replaceValue(d, ['a'], 'x'))).toBe('a: x\n');
  });
});
