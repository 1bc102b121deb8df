import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeBase64Like, type Base64Layout } from '../../src/base64/encode.js';

const flat: Base64Layout = {
  alphabet: 'standard',
  padded: true,
  lineBreak: '',
  lineLength: 0,
  trailingLineBreak: false,
};

describe('encodeBase64Like', () => {
  it('writes each alphabet with or without padding', () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0xbf, 0x01]);
    expect(encodeBase64Like(bytes, flat)).toBe('+/+/AQ==');
    expect(encodeBase64Like(bytes, { ...flat, padded: false })).toBe('+/+/AQ');
    expect(encodeBase64Like(bytes, { ...flat, alphabet: 'url', padded: false })).toBe('-_-_AQ');
    expect(encodeBase64Like(bytes, { ...flat, alphabet: 'url', padded: true })).toBe('-_-_AQ==');
  });

  it('wraps lines, with a trailing break when asked, and puts the data: prefix back', () => {
    const bytes = randomBytes(100);
    const plain = Buffer.from(bytes).toString('base64');
    const wrapped = encodeBase64Like(bytes, { ...flat, lineBreak: '\r\n', lineLength: 64, trailingLineBreak: true });
    expect(wrapped).toBe(`${(plain.match(/.{1,64}/g) ?? []).join('\r\n')}\r\n`);
    expect(encodeBase64Like(bytes, { ...flat, dataUri: { prefix: 'data:;base64,' } })).toBe(`data:;base64,${plain}`);
  });

  it('reads a view into a larger buffer, not the whole buffer', () => {
    const whole = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    expect(encodeBase64Like(whole.subarray(3), flat)).toBe(Buffer.from([4, 5, 6]).toString('base64'));
  });
});
