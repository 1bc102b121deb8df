// SHA-1 in JS (src/hash.ts), against node:crypto, at the lengths where padding changes (55, 56 and
// 64 bytes) and on both sides of the size where it hands over to node:crypto.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha1Hex } from '../src/hash.js';

describe('sha1Hex', () => {
  it('is node:crypto SHA-1 of the parts end to end', () => {
    for (const bytes of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 1000, 16 * 1024 - 1, 16 * 1024, 70_000]) {
      const data = randomBytes(bytes);
      const header = Buffer.from(`blob ${bytes}\0`);
      const want = createHash('sha1').update(header).update(data).digest('hex');
      expect(sha1Hex(header, data), `${bytes} bytes`).toBe(want);
      expect(sha1Hex(Buffer.concat([header, data])), `${bytes} bytes, one part`).toBe(want);
    }
  });
});
