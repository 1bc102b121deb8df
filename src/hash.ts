// SHA-256 for content-addressed keys, the cache and fingerprints; SHA-1 for git objects.
// node:crypto is loaded on the first hash, not at start: its ESM facade pulls in some twenty internal modules, a measurable
// share of a cold start that, linting one clean file, never hashes anything.
import { createRequire } from 'node:module';

let crypto: typeof import('node:crypto') | undefined;

export function sha256Hex(data: Uint8Array | string): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** SHA-1 by node:crypto, for inputs large enough that loading it pays back. */
function nativeSha1Hex(...parts: Uint8Array[]): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  const hash = crypto.createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/**
 * Above this, node:crypto's native SHA-1 pays back its loading (about 3 ms); below, the JS one is
 * quicker, even run cold, once per process, before the JIT has compiled it.
 */
const NATIVE_SHA1_FROM = 16 * 1024;

/**
 * SHA-1 of the parts, end to end, as git names its objects. Written out here for the small inputs
 * of `--staged` (an index, a commit, a few trees and blobs): loading node:crypto alone costs a
 * one-file lint a tenth of its time.
 */
export function sha1Hex(...parts: Uint8Array[]): string {
  let total = 0;
  for (const part of parts) total += part.length;
  if (total >= NATIVE_SHA1_FROM) return nativeSha1Hex(...parts);
  // The message, a 1 bit, zeros, and its length in bits (big-endian, 64 bits): whole 64-byte blocks.
  const blocks = (total + 9 + 63) >>> 6;
  const m = new Uint8Array(blocks * 64);
  let at = 0;
  for (const part of parts) {
    m.set(part, at);
    at += part.length;
  }
  m[total] = 0x80;
  const bits = total * 8;
  const end = m.length;
  const hiBits = Math.floor(bits / 2 ** 32);
  const loBits = bits >>> 0;
  for (let i = 0; i < 4; i++) {
    m[end - 8 + i] = (hiBits >>> (24 - 8 * i)) & 0xff;
    m[end - 4 + i] = (loBits >>> (24 - 8 * i)) & 0xff;
  }
  const w = new Int32Array(80);
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  for (let off = 0; off < end; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      w[i] = (m[j] << 24) | (m[j + 1] << 16) | (m[j + 2] << 8) | m[j + 3];
    }
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let i = 0; i < 80; i++) {
      const f =
        i < 20
          ? ((b & c) | (~b & d)) + 0x5a827999
          : i < 40
            ? (b ^ c ^ d) + 0x6ed9eba1
            : i < 60
              ? ((b & c) | (b & d) | (c & d)) + (0x8f1bbcdc | 0)
              : (b ^ c ^ d) + (0xca62c1d6 | 0);
      const t = (((a << 5) | (a >>> 27)) + f + e + w[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  return [h0, h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}
