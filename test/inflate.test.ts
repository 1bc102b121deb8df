// The JS inflate `--staged` uses for small objects, against node:zlib over every kind of block
// zlib writes: stored (level 0), fixed and dynamic Huffman codes, runs, text and noise.
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateZlib } from '../src/io/inflate.js';

function samples(): Buffer[] {
  const text = Buffer.from(JSON.stringify({ States: { A: { Type: 'Pass', Result: 'x'.repeat(500) } } }).repeat(40));
  const out = [
    Buffer.alloc(0),
    Buffer.from('a'),
    Buffer.alloc(70_000, 7),
    text,
    randomBytes(3000),
    randomBytes(70_000),
  ];
  // Mixed: stretches of noise between repeated text, so one stream holds several kinds of block.
  out.push(Buffer.concat([text, randomBytes(5000), text.subarray(0, 9000), randomBytes(200)]));
  return out;
}

describe('inflateZlib', () => {
  it('gives back what node:zlib deflated, at every level and strategy', () => {
    const { Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED, Z_DEFAULT_STRATEGY } = zlib.constants;
    for (const data of samples())
      for (const level of [0, 1, 6, 9])
        for (const strategy of [Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED]) {
          const deflated = zlib.deflateSync(data, { level, strategy });
          expect(
            Buffer.from(inflateZlib(deflated)).equals(data),
            `${data.length} bytes, level ${level}, strategy ${strategy}`,
          ).toBe(true);
        }
  });

  it("stops at the last block: what follows it (a pack's next object) is not read", () => {
    const data = Buffer.from('{"a": 1}\n'.repeat(50));
    const next = zlib.deflateSync(Buffer.from('other'));
    expect(Buffer.from(inflateZlib(Buffer.concat([zlib.deflateSync(data), next]))).equals(data)).toBe(true);
  });

  it('refuses a stream that is not zlib, ends early, holds a bad block or fails its checksum', () => {
    const good = zlib.deflateSync(Buffer.from('x'.repeat(1000) + 'y'.repeat(1000)));
    expect(() => inflateZlib(Buffer.from('not zlib'))).toThrow(/not a zlib stream/);
    expect(() => inflateZlib(good.subarray(0, 6))).toThrow(/ends early/);
    // Block type 3 is reserved.
    expect(() => inflateZlib(Buffer.from([0x78, 0x9c, 0x07]))).toThrow(/reserved block type/);
    // The Adler-32 after the last block does not match the bytes.
    const wrong = Buffer.from(good);
    wrong[wrong.length - 1] ^= 0xff;
    expect(() => inflateZlib(wrong)).toThrow(/Adler-32 mismatch/);
    // A stored block whose length and complement disagree.
    expect(() => inflateZlib(Buffer.from([0x78, 0x01, 0x01, 0x05, 0x00, 0x00, 0x00]))).toThrow(/bad stored block/);
  });
});
