import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findBase64Fields, knownBytesOf, scanStrings } from '../../src/base64/fields.js';

const blob = randomBytes(600).toString('base64');

describe('scanStrings', () => {
  it('finds base64 by content and embedded JSON, in document order, with their JSON bytes', () => {
    const doc = {
      a: { file: blob, note: 'short' },
      body: '{"k": [1, 2, 3], "more": "x".repeat}',
      list: [`data:image/png;base64,${blob}`],
    };
    const { base64, embeddedJson } = scanStrings(doc, 16);
    expect(base64.map((f) => f.segments)).toEqual([
      ['a', 'file'],
      ['list', '0'],
    ]);
    expect(base64[0].bytes).toBe(JSON.stringify(blob).length);
    expect(base64[1].bytes).toBe(JSON.stringify(doc.list[0]).length);
    expect(embeddedJson.map((e) => e.segments)).toEqual([['body']]);
  });

  it('marks fields that AWS defines as base64, and accepts them without the look-alike tests', () => {
    const event = { body: 'aGVsbG8=', isBase64Encoded: true };
    const [field] = findBase64Fields(event, 4);
    expect(field.contract).toBe('api-gateway-body');
    expect(findBase64Fields({ body: 'aGVsbG8=' }, 4)).toEqual([]);
  });

  it('counts MIME line breaks as JSON escapes', () => {
    const wrapped = (blob.match(/.{1,76}/g) ?? []).join('\r\n');
    const [field] = findBase64Fields({ f: wrapped }, 16);
    expect(field.bytes).toBe(JSON.stringify(wrapped).length);
  });
});

describe('knownBytesOf', () => {
  it('gives each field its measured bytes by container and key, nothing for other keys', () => {
    const doc = { a: { file: blob } };
    const known = knownBytesOf(findBase64Fields(doc, 16));
    expect(known(doc.a, 'file')).toBe(blob.length + 2);
    expect(known(doc.a, 'other')).toBeUndefined();
    expect(known({}, 'file')).toBeUndefined();
  });
});
