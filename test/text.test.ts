import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyEdits,
  compactJsonBytes,
  formatBytes,
  formatInt,
  formatPercent,
  jsonStringBytes,
  LineIndex,
} from '../src/text.js';

describe('jsonStringBytes', () => {
  it('equals the UTF-8 bytes of JSON.stringify for any string, short or long', () => {
    const units = fc.string({ unit: 'binary', maxLength: 300 });
    fc.assert(
      fc.property(units, (s) => {
        expect(jsonStringBytes(s)).toBe(Buffer.byteLength(JSON.stringify(s), 'utf8'));
      }),
      { numRuns: 2000 },
    );
  });
  it('counts escapes, control characters, surrogate pairs and lone surrogates as JSON writes them', () => {
    for (const s of [
      '"',
      '\\',
      '\n',
      '\u0001',
      '\u007f',
      'é',
      '€',
      '😀',
      '\ud800',
      '\udc00x',
      'a'.repeat(200) + '"\u0001😀\ud800',
    ]) {
      expect(jsonStringBytes(s), JSON.stringify(s)).toBe(Buffer.byteLength(JSON.stringify(s), 'utf8'));
    }
  });
});

describe('formatBytes', () => {
  it('never rounds a size up onto the limit', () => {
    expect(formatBytes(262_144)).toBe('256 KiB');
    expect(formatBytes(262_145)).toBe('256.0 KiB');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(6_291_456)).toBe('6 MiB');
  });
  it('writes shares with one decimal under 10%', () => {
    expect(formatPercent(0.0123)).toBe('1.2%');
    expect(formatPercent(1.37)).toBe('137%');
  });
});

describe('formatInt', () => {
  it('groups digits as en-US does', () => {
    const samples = [
      0,
      1,
      -1,
      12,
      999,
      1000,
      -1000,
      9999,
      262144,
      262145,
      1048576,
      6291456,
      123456789,
      -987654321,
      Number.MAX_SAFE_INTEGER,
      1.5,
      -0.25,
      1e21,
    ];
    for (let n = 1; n < 1e15; n *= 7) samples.push(n, n + 1, -n);
    for (const n of samples) expect(formatInt(n), String(n)).toBe(n.toLocaleString('en-US'));
  });
});

describe('LineIndex', () => {
  it('maps offsets to 1-based lines and columns and back, CRLF included', () => {
    const text = 'a\r\nbc\n\nd';
    const lines = new LineIndex(text);
    expect(lines.position(0)).toEqual({ line: 1, column: 1 });
    expect(lines.position(3)).toEqual({ line: 2, column: 1 });
    expect(lines.position(7)).toEqual({ line: 4, column: 1 });
    expect(lines.lineText(1)).toBe('a');
    expect(lines.offset(2, 2)).toBe(4);
    expect(lines.lineCount()).toBe(4);
  });
});

describe('applyEdits', () => {
  it('applies edits given in any order and refuses overlaps', () => {
    expect(
      applyEdits('hello world', [
        { start: 6, end: 11, text: 'there' },
        { start: 0, end: 5, text: 'hi' },
      ]),
    ).toBe('hi there');
    expect(() =>
      applyEdits('abc', [
        { start: 0, end: 2, text: '' },
        { start: 1, end: 3, text: '' },
      ]),
    ).toThrow(/overlapping/);
  });
});

describe('compactJsonBytes', () => {
  it('equals the UTF-8 bytes of JSON.stringify for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(compactJsonBytes(v)).toBe(Buffer.byteLength(JSON.stringify(v), 'utf8'));
      }),
    );
  });

  it('measures values nested 200,000 deep, which JSON.stringify cannot', () => {
    const deep = JSON.parse('['.repeat(200_000) + '"é"' + ']'.repeat(200_000));
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(compactJsonBytes(deep)).toBe(400_000 + 4);
  });

  it('skips undefined members and writes null for undefined items, as JSON.stringify does', () => {
    const v = { a: undefined, b: [undefined, 1], c: 'x' };
    expect(compactJsonBytes(v)).toBe(JSON.stringify(v).length);
  });

  it('is 0 for values JSON.stringify writes nothing for, as Step Functions receives no text', () => {
    expect(compactJsonBytes(undefined)).toBe(0);
    expect(compactJsonBytes(() => 1)).toBe(0);
    expect(compactJsonBytes(null)).toBe(4);
  });

  it('writes a bigint as its digits in a string, as compactJson does', () => {
    expect(compactJsonBytes({ n: 12345678901234567890n })).toBe('{"n":"12345678901234567890"}'.length);
  });
});
