import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inAlphabet, scan } from '../../src/base64/validity.js';

// The definition the native round trip replaced: any char outside both alphabets, padding and
// line breaks, found by one regular expression from `from` to the end.
const NOT_ALPHABET = /[^A-Za-z0-9+/=\r\n_-]/;
const regexDefinition = (s: string, from: number): boolean => !NOT_ALPHABET.test(s.slice(from));

/** Chars that break the fast path in every way: outside the alphabet, padding, breaks, the other alphabet. */
const STRAY = ['!', ' ', '.', '\0', '\t', '\u00e9', '\u{1f600}', '=', '\n', '\r', '-', '_', '+', '/', '*', '~'];

/** Base64 of random bytes, in either alphabet, padded or not, maybe behind a data: prefix, maybe corrupted. */
const blob = fc
  .record({
    // Past 2 x 65,536 chars, so chunk boundaries and the last chunk are crossed.
    bytes: fc.integer({ min: 0, max: 150_000 }),
    url: fc.boolean(),
    unpadded: fc.boolean(),
    prefix: fc.constantFrom('', 'data:image/png;base64,'),
    corruptions: fc.array(
      fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), char: fc.constantFrom(...STRAY) }),
      { maxLength: 3 },
    ),
    from: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ bytes, url, unpadded, prefix, corruptions, from }) => {
    let text = randomBytes(bytes).toString(url ? 'base64url' : 'base64');
    if (!unpadded && url) text += '='.repeat((4 - (text.length % 4)) % 4);
    if (unpadded && !url) text = text.replace(/=+$/, '');
    for (const c of corruptions) {
      const at = Math.floor(c.at * text.length);
      text = text.slice(0, at) + c.char + text.slice(at + 1);
    }
    const s = prefix + text;
    return { s, payloadStart: prefix.length, from: prefix.length + Math.floor(from * text.length), url };
  });

describe('inAlphabet', () => {
  it('gives the answers of the regular expression it replaced, on one line and wrapped', () => {
    fc.assert(
      fc.property(blob, fc.boolean(), ({ s, payloadStart, from, url }, oneLine) => {
        expect(inAlphabet(s, payloadStart, from, oneLine, url)).toBe(regexDefinition(s, from));
      }),
      { numRuns: 150 },
    );
  });

  it('finds a stray char in the last chunk, past every whole chunk', () => {
    const text = randomBytes(3 * 65_536).toString('base64');
    expect(inAlphabet(text, 0, 4096, true, false)).toBe(true);
    const stray = `${text.slice(0, -5)}!${text.slice(-4)}`;
    expect(inAlphabet(stray, 0, 4096, true, false)).toBe(false);
  });

  it('takes the other alphabet in the tail for valid, as the regular expression does', () => {
    const text = randomBytes(100_000).toString('base64').replace(/\+/g, 'a').replace(/\//g, 'b');
    const mixed = `${text.slice(0, -8)}-_${text.slice(-6)}`;
    expect(inAlphabet(mixed, 0, 4096, true, false)).toBe(true);
  });
});

describe('scan', () => {
  it('counts data chars and padding, and finds the alphabet, of a blob far longer than the head', () => {
    const bytes = randomBytes(30_001);
    const text = bytes.toString('base64');
    const result = scan(text, 0);
    expect(result?.dataChars).toBe(text.replace(/=/g, '').length);
    expect(result?.padChars).toBe(text.length - text.replace(/=/g, '').length);
    expect(result?.lineBreak).toBe('');
  });

  it('measures MIME wrapping and a trailing break', () => {
    const text = `${(
      randomBytes(3000)
        .toString('base64')
        .match(/.{1,76}/g) ?? []
    ).join('\r\n')}\r\n`;
    const result = scan(text, 0);
    expect(result).toMatchObject({ lineBreak: '\r\n', lineLength: 76, trailingLineBreak: true, ragged: false });
  });

  it('refuses a lone CR, a third padding char and data after padding, in the head and in the tail', () => {
    const text = randomBytes(9000).toString('base64');
    for (const at of [100, 8000]) {
      expect(scan(`${text.slice(0, at)}\r${text.slice(at)}`, 0), `CR at ${at}`).toBeUndefined();
      expect(scan(`${text.slice(0, at)}=A${text.slice(at)}`, 0), `data after = at ${at}`).toBeUndefined();
    }
    expect(scan('QUJD===', 0)).toBeUndefined();
  });

  it('starts after a data: prefix', () => {
    const prefix = 'data:text/plain;base64,';
    expect(scan(`${prefix}aGVsbG8gd29ybGQ=`, prefix.length)).toMatchObject({
      dataChars: 15,
      padChars: 1,
      canonical: true,
    });
  });

  it('sees stray low bits in the last char', () => {
    expect(scan('QUI=', 0)?.canonical).toBe(true);
    expect(scan('QUJ=', 0)?.canonical).toBe(false);
  });
});
