import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { crc32, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, detectBase64, encodeBase64Like, type Base64Info } from '../../src/base64/detect.js';
import { prng } from '../support/random.js';

// ---------------------------------------------------------------------------------------------
// Generators. Seeded, so the rate assertions below are stable from run to run.

function seededBytes(rand: () => number, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

const WORDS = (
  'the quick brown fox jumps over lazy dog lorem ipsum dolor sit amet consectetur adipiscing ' +
  'elit sed eiusmod tempor incididunt labore dolore magna aliqua user account settings handle ' +
  'click event button request response payload bucket object lambda function state machine ' +
  'input output error message value key name type data file path config option rule report ' +
  'size limit store upload download stream record batch queue topic table item index count ' +
  'total first last next start end open close read write get set update delete create list ' +
  'find fetch load save parse format render build test run check validate transform map ' +
  'filter reduce sort merge split join trim encode decode hash sign verify token secret ' +
  'session cookie header body status code order customer product invoice payment address ' +
  'email phone city country region zone service cluster node container image volume network ' +
  'subnet gateway route policy role group permission'
).split(' ');

const capitalise = (w: string): string => w[0].toUpperCase() + w.slice(1);

function pickWords(rand: () => number, count: number): string[] {
  return Array.from({ length: count }, () => WORDS[Math.floor(rand() * WORDS.length)]);
}

function sentence(rand: () => number): string {
  return capitalise(pickWords(rand, 5 + Math.floor(rand() * 10)).join(' ')) + '.';
}

function prose(rand: () => number, chars: number): string {
  let text = '';
  while (text.length < chars) text += sentence(rand) + ' ';
  return text;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const unpad = (text: string): string => text.replace(/=+$/, '');

function wrapLines(text: string, lineLength: number, lineBreak: string, trailing: boolean): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += lineLength) lines.push(text.slice(i, i + lineLength));
  return lines.join(lineBreak) + (trailing ? lineBreak : '');
}

/** Every layout the encoder must reproduce, built with Buffer rather than the module itself. */
const LAYOUTS: Record<string, (bytes: Uint8Array) => string> = {
  'standard padded': (bytes) => b64(bytes),
  'standard unpadded': (bytes) => unpad(b64(bytes)),
  'url-safe unpadded': (bytes) => b64url(bytes),
  'url-safe padded': (bytes) => b64url(bytes) + '='.repeat((4 - (b64url(bytes).length % 4)) % 4),
  'MIME 76 LF': (bytes) => wrapLines(b64(bytes), 76, '\n', false),
  'MIME 76 LF with trailing break': (bytes) => wrapLines(b64(bytes), 76, '\n', true),
  'MIME 64 CRLF': (bytes) => wrapLines(b64(bytes), 64, '\r\n', false),
  'MIME 64 CRLF with trailing break': (bytes) => wrapLines(b64(bytes), 64, '\r\n', true),
  'data: URI': (bytes) => 'data:application/octet-stream;base64,' + b64(bytes),
  'data: URI with params': (bytes) => 'data:image/png;name=a.png;base64,' + b64(bytes),
};

// Tiny but real files, built byte by byte.

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function tinyPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0); // width
  ihdr.writeUInt32BE(2, 4); // height
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function tinyJpeg(): Buffer {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0', 'latin1'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const comment = [0xff, 0xfe, 0x00, 0x0e, ...Buffer.from('payload-guard', 'latin1'), 0];
  return Buffer.from([0xff, 0xd8, ...app0, ...comment, ...seededBytes(prng(7), 40), 0xff, 0xd9]);
}

function tinyGif(): Buffer {
  // The classic 1x1 transparent GIF.
  return Buffer.from([
    ...Buffer.from('GIF89a', 'latin1'),
    1,
    0,
    1,
    0,
    0x80,
    0,
    0,
    0,
    0,
    0,
    0xff,
    0xff,
    0xff,
    0x21,
    0xf9,
    4,
    1,
    0,
    0,
    0,
    0,
    0x2c,
    0,
    0,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
    2,
    2,
    0x44,
    1,
    0,
    0x3b,
  ]);
}

function tinyWebp(): Buffer {
  const vp8l = Buffer.from([0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0]);
  const chunkHeader = Buffer.alloc(8);
  chunkHeader.write('VP8L', 0, 'latin1');
  chunkHeader.writeUInt32LE(vp8l.length, 4);
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), chunkHeader, vp8l]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

function tinyPdf(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
      '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    'latin1',
  );
}

function tinyZip(): Buffer {
  const name = Buffer.from('a.txt', 'latin1');
  const data = Buffer.from('hello zip', 'latin1');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4); // version needed
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  return Buffer.concat([local, name, data]);
}

const text = Buffer.from(prose(prng(1), 600));
const json = Buffer.from(JSON.stringify({ id: 42, name: 'Widget', tags: ['a', 'b'], nested: { ok: true } }));

// ---------------------------------------------------------------------------------------------

function expectExact(s: string, info: Base64Info | undefined, bytes?: Uint8Array): void {
  expect(info).toBeDefined();
  const decoded = decodeBase64(s, info!);
  expect(decoded.length).toBe(info!.decodedBytes);
  if (bytes) expect(decoded.equals(Buffer.from(bytes))).toBe(true);
  expect(info!.regular).toBe(true);
  expect(encodeBase64Like(decoded, info!)).toBe(s);
}

describe('detectBase64: content', () => {
  const cases: Array<[string, Buffer, string, string, string]> = [
    ['PNG', tinyPng(), 'png', 'image/png', 'png'],
    ['JPEG', tinyJpeg(), 'jpeg', 'image/jpeg', 'jpg'],
    ['GIF', tinyGif(), 'gif', 'image/gif', 'gif'],
    ['WebP', tinyWebp(), 'webp', 'image/webp', 'webp'],
    ['PDF', tinyPdf(), 'pdf', 'application/pdf', 'pdf'],
    ['gzip', gzipSync(text), 'gzip', 'application/gzip', 'gz'],
    ['zip', tinyZip(), 'zip', 'application/zip', 'zip'],
    ['JSON', json, 'json', 'application/json', 'json'],
    ['JSON after whitespace', Buffer.from('  \n[1, 2, 3, {"a": "b"}]'), 'json', 'application/json', 'json'],
    ['text', text, 'text', 'text/plain', 'txt'],
    ['UTF-8 text', Buffer.from('héllo wörld, 日本語のテキスト ' + prose(prng(2), 100)), 'text', 'text/plain', 'txt'],
    ['random bytes', seededBytes(prng(3), 300), 'binary', 'application/octet-stream', 'bin'],
  ];
  for (const [name, bytes, contentType, mediaType, extension] of cases) {
    it(`recognises ${name}`, () => {
      const s = b64(bytes);
      const info = detectBase64(s);
      expect(info).toMatchObject({ contentType, mediaType, extension, decodedBytes: bytes.length });
      expectExact(s, info, bytes);
    });
  }

  it('does not take invalid UTF-8 starting with "{" for JSON', () => {
    const invalid = Buffer.from([0xc3, 0x28, 0xff]);
    const bytes = Buffer.concat([Buffer.from('{"a":'), invalid, seededBytes(prng(4), 60)]);
    expect(detectBase64(b64(bytes))?.contentType).toBe('binary');
  });

  it('sniffs a payload shorter than the sniffing window', () => {
    expect(detectBase64(b64(Buffer.from('Hello, world!!')))).toMatchObject({ contentType: 'text', decodedBytes: 14 });
  });
});

describe('detectBase64: layout', () => {
  const bytes = seededBytes(prng(10), 1000);
  const expected: Record<string, Partial<Base64Info>> = {
    'standard padded': { alphabet: 'standard', padded: true, lineBreak: '', lineLength: 0 },
    'standard unpadded': { alphabet: 'standard', padded: false },
    'url-safe unpadded': { alphabet: 'url', padded: false },
    'url-safe padded': { alphabet: 'url', padded: true },
    'MIME 76 LF': { lineBreak: '\n', lineLength: 76, trailingLineBreak: false, padded: true },
    'MIME 76 LF with trailing break': { lineBreak: '\n', lineLength: 76, trailingLineBreak: true },
    'MIME 64 CRLF': { lineBreak: '\r\n', lineLength: 64, trailingLineBreak: false },
    'MIME 64 CRLF with trailing break': { lineBreak: '\r\n', lineLength: 64, trailingLineBreak: true },
    'data: URI': {
      dataUri: { prefix: 'data:application/octet-stream;base64,', mediaType: 'application/octet-stream' },
    },
    'data: URI with params': {
      dataUri: { prefix: 'data:image/png;name=a.png;base64,', mediaType: 'image/png' },
      // The declared type wins when the content is not recognised.
      mediaType: 'image/png',
      extension: 'png',
      contentType: 'binary',
    },
  };
  for (const [name, encode] of Object.entries(LAYOUTS)) {
    it(`describes and round-trips ${name}`, () => {
      const s = encode(bytes);
      const info = detectBase64(s);
      expect(info).toMatchObject({ ...expected[name], decodedBytes: 1000, regular: true });
      const prefixChars = info!.dataUri?.prefix.length ?? 0;
      expect(info!.encodedChars).toBe(s.length - prefixChars);
      expectExact(s, info, bytes);
    });
  }

  it('uses an unpadded length that is a multiple of 4 as unpadded', () => {
    const s = b64(seededBytes(prng(11), 99));
    expect(s.endsWith('=')).toBe(false);
    expect(detectBase64(s)).toMatchObject({ padded: false, decodedBytes: 99 });
  });

  it('accepts ragged lines but marks them irregular', () => {
    const plain = b64(bytes);
    const ragged = plain.slice(0, 70) + '\n' + plain.slice(70, 150) + '\n' + plain.slice(150);
    const info = detectBase64(ragged);
    expect(info).toMatchObject({ lineBreak: '\n', regular: false, decodedBytes: 1000 });
    expect(decodeBase64(ragged, info!).equals(bytes)).toBe(true);
    expect(encodeBase64Like(bytes, info!)).not.toBe(ragged);
  });

  it('marks a short line in the middle, a blank line and mixed breaks irregular', () => {
    const plain = b64(bytes);
    const shortMiddle =
      wrapLines(plain.slice(0, 152), 76, '\n', true) + plain.slice(152, 180) + '\n' + plain.slice(180);
    const blank = wrapLines(plain, 76, '\n', false).replace('\n', '\n\n');
    const mixed = wrapLines(plain, 76, '\n', false).replace('\n', '\r\n');
    for (const s of [shortMiddle, blank, mixed]) {
      const info = detectBase64(s);
      expect(info).toMatchObject({ regular: false, decodedBytes: 1000 });
      expect(decodeBase64(s, info!).equals(bytes)).toBe(true);
    }
  });

  it('keeps a last line shorter than the others regular', () => {
    const s = wrapLines(b64(bytes.subarray(0, 100)), 76, '\n', true);
    expect(detectBase64(s)).toMatchObject({ lineLength: 76, trailingLineBreak: true, regular: true });
  });

  it('keeps the exact data: prefix, case and all', () => {
    const s = 'DATA:Image/PNG;charset=x;BASE64,' + b64(tinyPng());
    const info = detectBase64(s);
    expect(info?.dataUri).toEqual({ prefix: 'DATA:Image/PNG;charset=x;BASE64,', mediaType: 'image/png' });
    expectExact(s, info);
  });

  it('lets a data: URI declare the type of content it cannot sniff', () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>');
    expect(detectBase64('data:image/svg+xml;base64,' + b64(svg))).toMatchObject({
      contentType: 'text',
      mediaType: 'image/svg+xml',
    });
    // Sniffed magic wins over a wrong declaration.
    const mislabelled = 'data:application/octet-stream;base64,' + b64(tinyPng());
    expect(detectBase64(mislabelled)?.mediaType).toBe('image/png');
    // RFC 2397: no media type means text/plain.
    expect(detectBase64('data:;base64,' + b64(text))?.dataUri?.mediaType).toBe('text/plain');
  });

  it('accepts short payloads in data: URIs and under contract', () => {
    expect(detectBase64('data:text/plain;base64,SGk=')).toMatchObject({ decodedBytes: 2, contentType: 'text' });
    expect(detectBase64('SGk=', { contract: true })).toMatchObject({ decodedBytes: 2, padded: true });
    expect(detectBase64('', { contract: true })).toMatchObject({ decodedBytes: 0, encodedChars: 0 });
    expect(detectBase64('data:image/png;base64,')).toMatchObject({ decodedBytes: 0 });
  });

  it('skips the look-alike heuristics under contract, not the syntax', () => {
    const md5 = createHash('md5').update('x').digest('hex');
    expect(detectBase64(md5)).toBeUndefined();
    expect(detectBase64(md5, { contract: true })).toMatchObject({ decodedBytes: 24 });
    expect(detectBase64('getUserAccountSettings', { contract: true })).toBeDefined();
    expect(detectBase64('QUJDRA=', { contract: true })).toBeUndefined();
    expect(detectBase64('a+b_', { contract: true })).toBeUndefined();
    expect(detectBase64('not base64!', { contract: true })).toBeUndefined();
  });

  it('accepts stray low bits only when base64 is declared, and marks them irregular', () => {
    const canonical = b64(seededBytes(prng(12), 31)); // 31 bytes: 2 chars of padding
    const stray = canonical.slice(0, -3) + 'B==';
    expect(detectBase64(canonical)?.regular).toBe(true);
    expect(detectBase64(stray)).toBeUndefined();
    const info = detectBase64(stray, { contract: true });
    expect(info).toMatchObject({ regular: false, decodedBytes: 31 });
    expect(decodeBase64(stray, info!).length).toBe(31);
  });
});

describe('detectBase64: syntax', () => {
  const valid = b64(seededBytes(prng(20), 100));
  it.each([
    ['length % 4 == 1', b64(seededBytes(prng(21), 60)) + 'Q'],
    ['three padding chars', unpad(valid.slice(0, 132)) + '==='],
    ['padding where none is due', b64(seededBytes(prng(22), 99)) + '=='],
    ['one padding char where two are due', b64(seededBytes(prng(23), 100)).slice(0, -1)],
    ['padding in the middle', valid.slice(0, 40) + '=' + valid.slice(41)],
    ['data after padding', b64(seededBytes(prng(24), 40)) + b64(seededBytes(prng(25), 40))],
    ['a mix of +/ and -_', valid.replace(/[A-Z]/, '+').replace(/[a-z]/, '_')],
    ['a space', valid.slice(0, 50) + ' ' + valid.slice(50)],
    ['a lone CR', valid.slice(0, 76) + '\r' + valid.slice(76)],
    ['a non-ASCII char', valid.slice(0, 50) + 'é' + valid.slice(51)],
    ['a data: URI without ;base64', 'data:text/plain,' + valid],
  ])('rejects %s', (_name, s) => {
    expect(detectBase64(s)).toBeUndefined();
    expect(detectBase64(s, { contract: true })).toBeUndefined();
  });
});

describe('detectBase64: look-alikes', () => {
  const rand = prng(30);
  const loremSentence = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.';
  const jwtPart = (o: object): string => b64url(Buffer.from(JSON.stringify(o)));
  const jwt = [
    jwtPart({ alg: 'HS256', typ: 'JWT' }),
    jwtPart({ sub: '1234567890', name: 'John Doe', iat: 1516239022 }),
    b64url(seededBytes(rand, 32)),
  ].join('.');
  const cases: Array<[string, string]> = [
    ['md5', createHash('md5').update('payload').digest('hex')],
    ['sha1', createHash('sha1').update('payload').digest('hex')],
    ['sha256', createHash('sha256').update('payload').digest('hex')],
    ['SHA256 upper case', createHash('sha256').update('payload').digest('hex').toUpperCase()],
    ['UUID', randomUUID()],
    ['UUID upper case', randomUUID().toUpperCase()],
    ['UUID without dashes', randomUUID().replace(/-/g, '')],
    ['JWT', jwt],
    ['prose', loremSentence],
    ['camelCase identifier', 'getUserAccountSettingsForOrganization'],
    ['PascalCase identifier', 'AWSLambdaBasicExecutionRole'],
    ['identifier with a digit', 'handleClickEventForButton2'],
    ['snake_case identifier', 'max_payload_size_bytes_limit'],
    ['CONSTANT_CASE identifier', 'MAX_PAYLOAD_SIZE_BYTES_V2'],
    ['kebab-case name', 'my-service-name-prod-eu-west-1'],
    ['words joined', 'thequickbrownfoxjumpsoverthelazydog'],
    ['minified JS', 'function(a,b){return a+b}'.repeat(10)],
    ['minified CSS', '.a{color:red;margin:0 auto}'.repeat(10)],
    ['CSV row', 'id,name,email,created_at,amount'],
    ['URL', 'https://example.com/api/v1/users?id=12345678'],
    ['URL-safe-looking path', 'src/components/Button/index'],
    ['absolute path', '/var/lib/docker/overlay2/merged'],
    ['S3 key', 'uploads/2024/01/customer/invoice'],
    ['number', '12345678901234567890'],
    ['repeated A', 'A'.repeat(200)],
    ['repeated Q', 'Q'.repeat(200)],
    ['repeated pattern', 'xyz'.repeat(64)],
    ['repeated slash', '/'.repeat(64)],
    ['short real base64', 'SGVsbG8gd29ybGQ='],
    ['short token', 'abcDEF123'],
    ['ISO timestamp without separators', '20240101T120000Z'],
  ];
  it.each(cases)('rejects %s', (_name, s) => {
    expect(detectBase64(s)).toBeUndefined();
  });

  it('still accepts AAAA filler when it decodes to a recognised format', () => {
    const png = Buffer.concat([tinyPng(), Buffer.alloc(3000)]);
    expect(detectBase64(b64(png))?.contentType).toBe('png');
  });
});

describe('detectBase64: rates on generated data', () => {
  // The heuristic cannot be perfect on short strings: a 24-char random token and a PascalCase
  // name with a hex suffix can look alike. These bounds keep it honest if anyone retunes it.
  const rand = prng(40);
  const rate = (strings: string[]): number =>
    strings.filter((s) => detectBase64(s) !== undefined).length / strings.length;
  const many = <T>(count: number, make: () => T): T[] => Array.from({ length: count }, make);

  it('accepts base64 of random, compressed and structured bytes', () => {
    const lengths = [16, 24, 32, 48, 64, 100, 1000];
    for (const length of lengths) {
      const accepted = rate(many(500, () => b64(seededBytes(rand, length))));
      expect(accepted, `random ${length} bytes`).toBeGreaterThanOrEqual(length >= 48 ? 0.99 : 0.93);
    }
    const gzipped = (): string => b64(gzipSync(Buffer.from(prose(rand, 50 + rand() * 2000))));
    expect(rate(many(200, gzipped)), 'gzip').toBe(1);
    const plainText = (): string => b64(Buffer.from(prose(rand, 12 + rand() * 2000)));
    expect(rate(many(200, plainText)), 'text').toBe(1);
    const pcm = (): string => {
      const samples = new Int16Array(200 + Math.floor(rand() * 2000));
      const period = 5 + rand() * 500;
      for (let i = 0; i < samples.length; i++) samples[i] = Math.round(Math.sin(i / period) * 12000 + rand() * 300);
      return b64(new Uint8Array(samples.buffer));
    };
    expect(rate(many(200, pcm)), '16-bit audio').toBeGreaterThanOrEqual(0.97);
    const floats = (): string => {
      const values = new Float32Array(64 + Math.floor(rand() * 1000));
      for (let i = 0; i < values.length; i++) values[i] = i * 0.5 + rand();
      return b64(new Uint8Array(values.buffer));
    };
    expect(rate(many(200, floats)), 'float32 series').toBeGreaterThanOrEqual(0.97);
  });

  it('rejects identifiers, paths, joined words, digests and UUIDs', () => {
    const words = (): string[] => pickWords(rand, 2 + Math.floor(rand() * 5));
    const exact: Record<string, () => string> = {
      camelCase: () =>
        words()
          .map((w, i) => (i === 0 ? w : capitalise(w)))
          .join(''),
      snake_case: () => words().join('_'),
      CONSTANT_CASE: () => words().join('_').toUpperCase(),
      'kebab-case': () => words().join('-'),
      joined: () => words().join(''),
      path: () => '/' + words().join('/'),
      md5: () => createHash('md5').update(String(rand())).digest('hex'),
      sha256: () => createHash('sha256').update(String(rand())).digest('hex').toUpperCase(),
      uuid: () => randomUUID(),
      prose: () => sentence(rand),
    };
    for (const [name, make] of Object.entries(exact)) expect(rate(many(1000, make)), name).toBe(0);
    const fuzzy: Record<string, () => string> = {
      camelCaseWithNumber: () =>
        words()
          .map((w, i) => (i === 0 ? w : capitalise(w)))
          .join('') + Math.floor(rand() * 1000),
      PascalCaseV2: () => words().map(capitalise).join('') + 'V2',
      PascalPath: () => words().map(capitalise).join('/'),
      // CloudFormation logical ids: the hardest case, a third of the chars are random hex.
      PascalCaseHexSuffix: () => words().map(capitalise).join('') + seededBytes(rand, 4).toString('hex').toUpperCase(),
    };
    for (const [name, make] of Object.entries(fuzzy)) {
      expect(rate(many(1000, make)), name).toBeLessThanOrEqual(name === 'PascalCaseHexSuffix' ? 0.05 : 0.01);
    }
  });
});

describe('detectBase64: identifiers are not base64 (the alphabet alone is no evidence)', () => {
  // Long look-alikes from real templates and payloads, built from parts: each class must never
  // be taken for base64, at any length.
  const rand = prng(50);
  const hex = (bytes: number) => seededBytes(rand, bytes).toString('hex');
  const word = () => capitalise(WORDS[Math.floor(rand() * WORDS.length)]);
  const many = <T>(count: number, make: () => T): T[] => Array.from({ length: count }, make);
  const cdkAssetId = () => `AssetParameters${hex(32)}${word()}${word()}S3Bucket${hex(4).toUpperCase()}`;
  const year = () => (rand() < 0.3 ? String(2000 + Math.floor(rand() * 30)) : '');
  const classes: Record<string, () => string> = {
    'CDK asset parameter id': cdkAssetId,
    'CDK asset version key': () => `AssetParameters${hex(32)}S3VersionKey${hex(4).toUpperCase()}`,
    'CDK asset ids joined': () => many(40, cdkAssetId).join(''),
    'CloudFormation logical ids joined': () => many(100, () => word() + word() + hex(4).toUpperCase()).join(''),
    'long CamelCase': () => many(60, () => word() + (rand() < 0.3 ? Math.floor(rand() * 100) : '')).join(''),
    'slash-joined key path': () => 'Users/' + many(40, () => word() + year()).join('/'),
    'very long key path': () => many(400, () => word() + year()).join('/'),
    'lower-case key path': () => many(300, () => WORDS[Math.floor(rand() * WORDS.length)] + year()).join('/'),
    'long hex digest list': () => many(50, () => hex(32)).join(''),
    'UUIDs without dashes, joined': () => many(100, () => randomUUID().replace(/-/g, '')).join(''),
  };
  for (const [name, make] of Object.entries(classes)) {
    it(`rejects ${name}`, () => {
      const samples = many(300, make);
      const taken = samples.filter((s) => detectBase64(s) !== undefined);
      expect(taken.slice(0, 1), `${taken.length} of 300 taken`).toEqual([]);
    });
  }

  it('still finds the true cases that are not uniform', () => {
    // Base64 of text (JSON, CSV, XML, a PEM certificate, UTF-16), of files with large flat areas,
    // line-wrapped, URL-safe and in data: URIs: found by decoding or by their header.
    const csv = Buffer.from(
      many(
        200,
        () => `${Math.floor(rand() * 1e6)},${WORDS[Math.floor(rand() * WORDS.length)]},${(rand() * 100).toFixed(2)}`,
      ).join('\n'),
    );
    const xml = Buffer.from(
      '<?xml version="1.0"?><items>' +
        many(100, () => `<item id="${Math.floor(rand() * 1000)}">${sentence(rand)}</item>`).join('') +
        '</items>',
    );
    const pem = Buffer.from(
      '-----BEGIN CERTIFICATE-----\n' +
        wrapLines(b64(seededBytes(rand, 900)), 64, '\n', true) +
        '-----END CERTIFICATE-----\n',
    );
    const utf16 = Buffer.from(prose(rand, 2000), 'utf16le');
    const flatPng = Buffer.concat([tinyPng(), Buffer.alloc(20_000)]);
    const silentWav = Buffer.concat([Buffer.from('RIFF\x24\x00\x01\x00WAVEfmt ', 'latin1'), Buffer.alloc(30_000)]);
    const pdf = Buffer.concat([tinyPdf(), Buffer.from('stream\n' + prose(rand, 5000) + '\nendstream\n')]);
    const floats = new Float32Array(2000).map((_, i) => i * 0.25 + rand());
    const cases: Array<[string, string, string]> = [
      [
        'JSON',
        b64(Buffer.from(JSON.stringify(many(100, () => ({ id: Math.floor(rand() * 1e6), name: sentence(rand) }))))),
        'json',
      ],
      ['CSV', b64(csv), 'text'],
      ['XML', b64(xml), 'text'],
      ['a PEM certificate', b64(pem), 'text'],
      ['PNG with flat areas, MIME wrapped', wrapLines(b64(flatPng), 76, '\r\n', false), 'png'],
      ['PDF with a text stream, URL-safe', b64url(pdf), 'pdf'],
      ['float32 samples', b64(Buffer.from(floats.buffer)), 'binary'],
      ['gzip in a data: URI', 'data:application/gzip;base64,' + b64(gzipSync(Buffer.from(prose(rand, 3000)))), 'gzip'],
    ];
    for (const [name, s, contentType] of cases) expect(detectBase64(s)?.contentType, name).toBe(contentType);
    // UTF-16 text and a WAV of silence: not UTF-8 and no header we name, but their bytes align.
    expect(detectBase64(b64(utf16)), 'UTF-16 text').toMatchObject({ contentType: 'binary' });
    expect(detectBase64(b64(silentWav)), 'WAV with silence').toMatchObject({ contentType: 'binary' });
  });
});

describe('detectBase64: large strings', () => {
  // Linear time and constant extra memory: these would time out or run out of memory otherwise.
  it('describes 100 MB of repeated base64 text', () => {
    const s = 'QUJD'.repeat(25e6);
    expect(detectBase64(s)).toMatchObject({
      encodedChars: 100e6,
      decodedBytes: 75e6,
      contentType: 'text',
      padded: false,
      lineBreak: '',
      regular: true,
    });
  }, 60_000);

  it('describes and round-trips ~100 MB of random bytes, single-line and MIME-wrapped', () => {
    const bytes = randomBytes(75e6 - 1);
    const s = bytes.toString('base64');
    const info = detectBase64(s);
    expect(info).toMatchObject({ decodedBytes: bytes.length, contentType: 'binary', padded: true });
    expect(info?.regular).toBe(true);
    const decoded = decodeBase64(s, info!);
    expect(decoded.equals(bytes)).toBe(true);
    expect(encodeBase64Like(decoded, info!) === s).toBe(true);

    const mime: Base64Info = { ...info!, lineBreak: '\r\n', lineLength: 76, trailingLineBreak: true };
    const wrapped = encodeBase64Like(bytes, mime);
    const wrappedInfo = detectBase64(wrapped);
    expect(wrappedInfo).toMatchObject({ decodedBytes: bytes.length, lineBreak: '\r\n', lineLength: 76 });
    expect(wrappedInfo?.regular).toBe(true);
    expect(decodeBase64(wrapped, wrappedInfo!).equals(bytes)).toBe(true);
  }, 120_000);
});

describe('properties', () => {
  const bytesArb = fc.uint8Array({ minLength: 64, maxLength: 2000 });
  const layoutArb = fc.constantFrom(...Object.keys(LAYOUTS));

  it('detects every layout of any bytes under contract, with exact size and round trip', () => {
    fc.assert(
      fc.property(bytesArb, layoutArb, (bytes, layout) => {
        const s = LAYOUTS[layout](bytes);
        const info = detectBase64(s, { contract: true });
        expect(info?.decodedBytes).toBe(bytes.length);
        expect(info?.regular).toBe(true);
        const decoded = decodeBase64(s, info!);
        expect(decoded.equals(Buffer.from(bytes))).toBe(true);
        expect(encodeBase64Like(decoded, info!)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it('describes exactly whatever the heuristic accepts', () => {
    // fast-check favours degenerate arrays (all zeros, one repeated byte), which the heuristic may
    // rightly refuse; what it accepts must still be described exactly.
    fc.assert(
      fc.property(bytesArb, layoutArb, (bytes, layout) => {
        const s = LAYOUTS[layout](bytes);
        const info = detectBase64(s);
        if (!info) return;
        expect(info.decodedBytes).toBe(bytes.length);
        expect(encodeBase64Like(decodeBase64(s, info), info)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts base64 of high-entropy bytes without the contract', () => {
    fc.assert(
      fc.property(fc.integer({ min: 48, max: 3000 }), fc.integer(), layoutArb, (length, seed, layout) => {
        const bytes = seededBytes(prng(seed), length);
        const s = LAYOUTS[layout](bytes);
        const info = detectBase64(s);
        // Allow the rare short random blob that happens to look like words.
        if (!info) return length < 200;
        return info.decodedBytes === length && encodeBase64Like(decodeBase64(s, info), info) === s;
      }),
      { numRuns: 300 },
    );
  });
});

describe('detectBase64: the tail of a large blob is checked like its head', () => {
  const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(600_000)]);
  const std = bytes.toString('base64');
  const wrap = (s: string, width: number, eol: string) => s.match(new RegExp(`.{1,${width}}`, 'g'))!.join(eol);
  it.each([
    ['standard, padded', std],
    ['url-safe, unpadded', bytes.toString('base64url')],
    ['MIME 76 CRLF', wrap(std, 76, '\r\n')],
    ['MIME 64 LF with a trailing break', wrap(std, 64, '\n') + '\n'],
    ['data: URI', 'data:image/png;base64,' + std],
  ])('%s', (_name, text) => {
    const info = detectBase64(text)!;
    expect(info).toBeDefined();
    expect(info.decodedBytes).toBe(bytes.length);
    expect(info.regular).toBe(true);
    expect(decodeBase64(text, info).equals(bytes)).toBe(true);
    expect(encodeBase64Like(decodeBase64(text, info), info)).toBe(text);
  });
  it('rejects a stray character, a lone CR, data after padding or mixed alphabets far past the head', () => {
    const at = std.length - 1000;
    expect(detectBase64(std.slice(0, at) + '.' + std.slice(at + 1))).toBeUndefined();
    expect(detectBase64(wrap(std, 76, '\n').replace(/\n(?=[^\n]*$)/, '\r'))).toBeUndefined();
    expect(detectBase64(std.slice(0, at) + '==' + std.slice(at + 2))).toBeUndefined();
    expect(detectBase64(std.replace(/\+/g, '-'))?.alphabet).not.toBe('standard');
    const mixed = std.slice(0, at) + '-' + std.slice(at + 1);
    expect(std.includes('+') || std.includes('/') ? detectBase64(mixed) : undefined).toBeUndefined();
  });
  it('marks ragged wrapping far past the head as irregular', () => {
    const wrapped = wrap(std, 76, '\n');
    const cut = wrapped.lastIndexOf('\n', wrapped.length - 5000);
    const ragged = wrapped.slice(0, cut) + wrapped.slice(cut + 1, cut + 10) + '\n' + wrapped.slice(cut + 10);
    expect(detectBase64(ragged)?.regular).toBe(false);
  });
});
