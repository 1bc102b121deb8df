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
        if (v !== null && typeof v === 'object')
          for (const c of Object.values(v)) expect(sizes.bytesOf(c)).toBe(compact(c));
      }),
      { numRuns: 500 },
    );
  });

  it('gives every member its bytes in its parent, for short and long arrays and objects', () => {
    const member = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ minLength: 1000, maxLength: 1500 }));
    const container = fc.oneof(
      fc.array(member, { maxLength: 150 }),
      fc.dictionary(fc.string(), member, { maxKeys: 20 }),
    );
    fc.assert(
      fc.property(container, (v) => {
        const sizes = new SizeIndex({ v });
        const [node] = sizes.children(sizes.rootNode());
        const kids = sizes.children(node);
        const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
        expect(kids).toHaveLength(keys.length);
        for (const kid of kids) {
          const key = kid.segments[1];
          const child = (v as Record<string, unknown>)[key];
          const first = String(keys[0]) === key;
          expect(kid.bytes).toBe(compact(child));
          expect(kid.memberBytes).toBe(compact(child) + (Array.isArray(v) ? 0 : compact(key) + 1) + (first ? 0 : 1));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('takes long strings measured elsewhere from the caller', () => {
    const image = 'QUJD'.repeat(500);
    const doc = { payload: { image, list: Array.from({ length: 100 }, () => image) } };
    const known = (container: object, key: string) =>
      (container as Record<string, unknown>)[key] === image ? 7 : undefined;
    const sizes = new SizeIndex(doc, known);
    const payload = sizes.children(sizes.rootNode())[0];
    const [list, img] = sizes.children(payload);
    expect(img.bytes).toBe(7);
    expect(list.bytes).toBe(2 + 100 * 7 + 99);
    expect(sizes.children(list).every((n) => n.bytes === 7)).toBe(true);
  });

  it('measures nesting far deeper than the stack allows', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { k: deep };
    // 50,000 arrays add `[]`, 50,000 objects add `{"k":}`, and the string is `"x"`.
    expect(new SizeIndex(deep).totalBytes).toBe(50_000 * 2 + 50_000 * 6 + 3);
  });

  it('opens 200,000 levels to the field that fills the payload, with its full path', () => {
    const depth = 200_000;
    const image = 'Q'.repeat(300_000);
    let deep: unknown = image;
    // Each level also holds a small sibling, so every level leaves a candidate behind.
    for (let i = 0; i < depth; i++) deep = i % 2 ? [1, deep] : { s: 1, k: deep };
    const [top, ...rest] = new SizeIndex(deep).topContributors(3);
    expect(top.value).toBe(image);
    expect(top.segments).toHaveLength(depth);
    expect(top.segments.slice(0, 4)).toEqual(['1', 'k', '1', 'k']);
    expect(top.indexes.slice(0, 2)).toEqual([true, false]);
    expect(rest.map((n) => n.value)).toEqual([1, 1]);
  });

  it('names the fields that fill the payload, opening containers one member dominates', () => {
    const v = {
      meta: { id: 1 },
      payload: { image: 'A'.repeat(5000), note: 'n'.repeat(900), small: 'x' },
      list: Array.from({ length: 300 }, (_, i) => i),
    };
    const top = new SizeIndex(v).topContributors(3).map((n) => n.segments.join('.'));
    expect(top).toEqual(['payload.image', 'list', 'payload.note']);
  });
});

describe('numbers', () => {
  it('counts every number as JSON.stringify writes it', () => {
    const special = [
      0,
      -0,
      7,
      -7,
      9,
      10,
      99,
      100,
      -100,
      2 ** 53 - 1,
      -(2 ** 53) + 1,
      2 ** 53,
      1e21,
      1.5,
      -0.000001,
      1e-7,
      123456789.123,
      NaN,
      Infinity,
      -Infinity,
    ];
    for (const n of special) expect(new SizeIndex([n]).totalBytes, String(n)).toBe(compact([n]));
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double()), (n) => {
        expect(new SizeIndex({ n }).totalBytes).toBe(compact({ n }));
      }),
      { numRuns: 2000 },
    );
  });
});
