import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { visitStrings } from '../src/walk.js';

/** What a plain recursive walk sees: every string, its path, and its ancestors' keys. */
function reference(v: unknown, minChars: number, at: string[] = [], out: { value: string; path: string[] }[] = []) {
  if (typeof v === 'string') {
    if (v.length >= minChars) out.push({ value: v, path: at });
  } else if (Array.isArray(v)) v.forEach((x, i) => reference(x, minChars, [...at, String(i)], out));
  else if (v !== null && typeof v === 'object')
    for (const k of Object.keys(v)) reference((v as Record<string, unknown>)[k], minChars, [...at, k], out);
  return out;
}

function collect(v: unknown, minChars: number) {
  const out: { value: string; path: string[]; key?: string; ancestorKeys: string[] }[] = [];
  visitStrings(v, minChars, (s) => {
    const ancestors = s.ancestors();
    // parent() is ancestors()[0] without the rest.
    expect(s.parent()).toEqual(ancestors[0]);
    out.push({ value: s.value, path: s.path(), key: s.key, ancestorKeys: ancestors.map((a) => a.key) });
  });
  return out;
}

describe('visitStrings', () => {
  it('visits the strings a recursive walk finds, in document order, with their paths', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 3 }), (v, min) => {
        const got = collect(v, min);
        expect(got.map(({ value, path }) => ({ value, path }))).toEqual(reference(v, min));
        for (const g of got) {
          expect(g.key).toBe(g.path[g.path.length - 1]);
          expect(g.ancestorKeys).toEqual(g.path.slice(0, -1).reverse());
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps paths and ancestors right past the recursion limit', () => {
    let deep: unknown = { kinesis: { data: 'payload' } };
    for (let i = 0; i < 5000; i++) deep = i % 2 ? [deep] : { k: deep };
    const [hit] = collect(deep, 1);
    expect(hit.value).toBe('payload');
    expect(hit.path).toHaveLength(5002);
    expect(hit.path.slice(-2)).toEqual(['kinesis', 'data']);
    expect(hit.ancestorKeys[0]).toBe('kinesis');
    expect(hit.ancestorKeys).toHaveLength(5001);
  });

  it('gives the parent of every string 200,000 levels deep without building the path', () => {
    let deep: unknown = 'x'.repeat(20);
    for (let i = 0; i < 200_000; i++) deep = { data: deep, s: 'y'.repeat(20) };
    let visits = 0;
    visitStrings(deep, 20, (s) => {
      visits++;
      if (s.value.startsWith('x')) expect(s.parent()?.key).toBe('data');
    });
    expect(visits).toBe(200_001);
  });
});
