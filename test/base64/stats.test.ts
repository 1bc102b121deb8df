import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { looksLikeEncodedBinary, looksLikeEncodedText, statsOf, type Stats } from '../../src/base64/stats.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The statistics of a string, counted the way the scan counts them (category pairs, place in group). */
function statsOfText(text: string): Stats {
  const hist = new Uint32Array(64);
  const pairHist = new Uint32Array(16);
  const placeHist = new Uint32Array(16);
  const category = (v: number) => (v === 0 ? 0 : v < 26 ? 1 : v < 52 ? 2 : 3);
  let prev = 0;
  let n = 0;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) continue;
    hist[v]++;
    pairHist[prev | category(v)]++;
    prev = category(v) << 2;
    if (v !== 0) placeHist[((n & 3) << 2) | (v >> 4)]++;
    n++;
  }
  return statsOf(hist, pairHist, placeHist, n, /[+/]/.test(text));
}

describe('statsOf', () => {
  it('counts classes, leaves the zero sextet out, and finds hex-only text', () => {
    const st = statsOfText('AAAAbC9+');
    expect(st).toMatchObject({ upper: 1, lower: 1, digits: 1, symbols: 1, significant: 4, hexOnly: false });
    expect(statsOfText('deadbeef0123').hexOnly).toBe(true);
  });

  it('gives random base64 an entropy near 6 bits per char', () => {
    const st = statsOfText(randomBytes(3000).toString('base64').slice(0, 4096));
    expect(st.entropy).toBeGreaterThan(5.8);
    expect(st.entropy).toBeLessThan(6.1);
  });
});

describe('looksLikeEncodedBinary', () => {
  it('accepts random bytes and refuses identifiers, CamelCase names and paths of the same length', () => {
    expect(looksLikeEncodedBinary(statsOfText(randomBytes(96).toString('base64')))).toBe(true);
    expect(
      looksLikeEncodedBinary(statsOfText('MyVeryLongStackNameWithResourcesAndOutputs2024AbCdEfGhIjKlMnOpQrSt')),
    ).toBe(false);
    expect(looksLikeEncodedBinary(statsOfText('arn/aws/lambda/us/east/1/function/process/orders/v2/alias/live'))).toBe(
      false,
    );
  });

  it('accepts structured bytes by their alignment on 4-char groups', () => {
    const table = Buffer.alloc(3000);
    for (let i = 0; i < table.length; i += 3) table.writeUIntBE((i * 7919) % 4096, i, 3);
    expect(looksLikeEncodedBinary(statsOfText(table.toString('base64')))).toBe(true);
  });
});

describe('looksLikeEncodedText', () => {
  it('needs both cases in a short string, nothing more past 64 chars', () => {
    expect(looksLikeEncodedText(statsOfText('aGVsbG8gd29ybGQ'), 15)).toBe(true);
    expect(looksLikeEncodedText(statsOfText('abcdefghijklmnop'), 16)).toBe(false);
    expect(looksLikeEncodedText(statsOfText('abcdefghijklmnop'), 64)).toBe(true);
  });
});
