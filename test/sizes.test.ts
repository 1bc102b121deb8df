import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SizeIndex } from '../src/sizes.js';

const compact = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

describe('SizeIndex', () => {
  it('gives every node the UTF-8 bytes of its compact JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const sizes = new SizeIndex(v);
        expect(sizes.totalBytes).toBe(compact(v));
        if (v !== null && typeof v === 'object') for (const c of Object.values(v)) expect(sizes.bytesOf(c)).toBe(compact(c));
      }),
      { numRuns: 500 },
    );
  });

  it('measures nesting far deeper than the stack allows', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { k: deep };
    // 50,000 arrays add `[]`, 50,000 objects add `{"k":}`, and the string is `"x"`.
    expect(new SizeIndex(deep).totalBytes).toBe(50_000 * 2 + 50_000 * 6 + 3);
  });

  it('names the fields that fill the payload, opening containers one member dominates', () => {
    const v = { meta: { id: 1 }, payload: { image: 'A'.repeat(5000), note: 'n'.repeat(900), small: 'x' }, list: Array.from({ length: 300 }, (_, i) => i) };
    const top = new SizeIndex(v).topContributors(3).map((n) => n.segments.join('.'));
    expect(top).toEqual(['payload.image', 'list', 'payload.note']);
  });
});

describe('numbers', () => {
  it('counts every number as JSON.stringify writes it', () => {
    const special = [0, -0, 7, -7, 9, 10, 99, 100, -100, 2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 53, 1e21, 1.5, -0.000001, 1e-7, 123456789.123, NaN, Infinity, -Infinity];
    for (const n of special) expect(new SizeIndex([n]).totalBytes, String(n)).toBe(compact([n]));
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double()), (n) => {
        expect(new SizeIndex({ n }).totalBytes).toBe(compact({ n }));
      }),
      { numRuns: 2000 },
    );
  });
});
