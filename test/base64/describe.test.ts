import { describe, expect, it } from 'vitest';
import { decodeHead, describeContent, extensionOf, sniff } from '../../src/base64/describe.js';
import { detectBase64, type Base64Info } from '../../src/base64/detect.js';

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? Array.from(Buffer.from(p)) : p)));

describe('sniff', () => {
  it('recognises each signature', () => {
    expect(sniff(bytes([0x89], 'PNG\r\n\x1a\n', [0, 0]), false)).toBe('png');
    expect(sniff(bytes([0xff, 0xd8, 0xff, 0xe0]), false)).toBe('jpeg');
    expect(sniff(bytes('GIF89a..'), false)).toBe('gif');
    expect(sniff(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), false)).toBe('webp');
    expect(sniff(bytes('%PDF-1.7'), false)).toBe('pdf');
    expect(sniff(bytes([0x1f, 0x8b, 0x08, 0]), false)).toBe('gzip');
    expect(sniff(bytes([0x50, 0x4b, 0x03, 0x04]), false)).toBe('zip');
  });

  it('tells JSON and text from binary, allowing a UTF-8 sequence cut by the end of an incomplete prefix', () => {
    expect(sniff(bytes('  {"a": 1}'), true)).toBe('json');
    expect(sniff(bytes([0xef, 0xbb, 0xbf], '[1]'), true)).toBe('json');
    expect(sniff(bytes('plain words'), true)).toBe('text');
    expect(sniff(bytes('caf', [0xc3]), false)).toBe('text');
    expect(sniff(bytes('caf', [0xc3]), true)).toBe('binary');
    expect(sniff(bytes('bell', [0x07]), true)).toBe('binary');
    expect(sniff(new Uint8Array(0), true)).toBe('binary');
  });
});

describe('decodeHead', () => {
  it('decodes sextets into bytes, a partial group into what it holds', () => {
    const text = Buffer.from('hello').toString('base64').replace(/=+$/, ''); // aGVsbG8
    const sextets = Uint8Array.from(text, (c) =>
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.indexOf(c),
    );
    expect(Buffer.from(decodeHead(sextets, sextets.length)).toString()).toBe('hello');
  });
});

describe('extensionOf', () => {
  it('follows a declared media type it knows, else the sniffed content', () => {
    expect(extensionOf('application/pdf', 'binary')).toBe('pdf');
    expect(extensionOf('image/x-unknown', 'binary')).toBe('bin');
    expect(extensionOf('text/plain', 'json')).toBe('txt');
  });
});

describe('describeContent', () => {
  it('names the content, its decoded size and its layout', () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(3000, 7),
    ]).toString('base64');
    const info = detectBase64(`data:image/png;base64,${png}`) as Base64Info;
    expect(describeContent(info)).toBe('PNG image, 2.9 KiB decoded, data: URI');
    const wrapped = detectBase64((png.match(/.{1,76}/g) ?? []).join('\n')) as Base64Info;
    expect(describeContent(wrapped)).toBe('PNG image, 2.9 KiB decoded, MIME line breaks');
  });
});
