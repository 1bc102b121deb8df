import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortHash, valueHash } from '../src/fingerprint.js';
import { deepJson } from '../src/text.js';

describe('valueHash on nesting deeper than the stack', () => {
  it('writes what JSON.stringify writes, iteratively', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(deepJson(v)).toBe(JSON.stringify(v));
      }),
      { numRuns: 500 },
    );
    const holes = { a: undefined, b: [undefined, 1n, () => 0], c: NaN, d: { e: Infinity } };
    expect(deepJson(holes)).toBe(JSON.stringify(holes, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  });

  it('hashes a 200,000-deep document instead of overflowing the stack', () => {
    const depth = 200_000;
    let arrays: unknown = 1;
    let objects: unknown = 'x';
    for (let i = 0; i < depth; i++) {
      arrays = [arrays];
      objects = { a: objects };
    }
    expect(valueHash(arrays, '')).toBe(shortHash('['.repeat(depth) + '1' + ']'.repeat(depth)));
    expect(valueHash(objects, '')).toBe(shortHash('{"a":'.repeat(depth) + '"x"' + '}'.repeat(depth)));
  });
});
