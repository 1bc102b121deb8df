// Decides whether a string is base64 data and describes its exact layout, so a fix can move the
// bytes out and a later step can write them back byte for byte. Pure: no fs, no console.
//
// Everything is one pass over char codes with a constant amount of state (a 64-bucket histogram,
// a few counters, the first 128 sextets for content sniffing), so a 100 MB string costs one scan
// and no copy of the whole (validity.ts checks a long tail in 64K-char chunks). The pieces:
// validity.ts (syntax and layout), stats.ts (is it evidence of bytes), describe.ts (what bytes).

import { sniff, decodeHead, extensionOf, MEDIA_TYPE, type ContentType } from './describe.js';
import { looksLikeEncodedBinary, looksLikeEncodedText, MIN_DATA_CHARS } from './stats.js';
import { HEAD_CHARS, scan } from './validity.js';

export { encodeBase64Like } from './encode.js';

export interface Base64Info {
  /** '+/' is 'standard', '-_' is 'url'; a string with neither is 'standard'. */
  alphabet: 'standard' | 'url';
  /** Ends with '=' padding. */
  padded: boolean;
  /** MIME-style wrapping; '' when the text is a single line. */
  lineBreak: '' | '\n' | '\r\n';
  /** Chars per full line (padding included, line break excluded) when wrapped, 0 otherwise. */
  lineLength: number;
  /** Wrapped text that ends with a line break. */
  trailingLineBreak: boolean;
  /** `prefix` is the exact text before the payload, e.g. "data:image/png;base64,". */
  dataUri?: { prefix: string; mediaType: string };
  /** Chars of the base64 text: data: prefix excluded, line breaks and padding included. */
  encodedChars: number;
  /** Exact decoded size. */
  decodedBytes: number;
  contentType: ContentType;
  mediaType: string;
  extension: string;
  /**
   * True when `encodeBase64Like(decodeBase64(s, info), info) === s`: every line but the last has
   * `lineLength` chars, one kind of line break, no blank line, and the unused low bits of the last
   * char are zero (as every encoder writes them). False for text that decodes fine but was
   * wrapped raggedly or by a lenient writer; a fix must then not promise an identical rewrite.
   */
  regular: boolean;
}

export interface DetectOptions {
  /**
   * The field is base64 by AWS contract (API Gateway body with isBase64Encoded, Kinesis data):
   * skip the look-alike heuristics and the minimum length, require only valid base64 syntax.
   */
  contract?: boolean;
}

const DATA_URI = /^data:([^;,]*)((?:;[^;,]*)*?);base64,/i;

function parseDataUri(s: string): { prefix: string; mediaType: string } | undefined {
  const m = DATA_URI.exec(s.slice(0, 256));
  if (!m) return undefined;
  // RFC 2397: an omitted media type means text/plain.
  const declared = m[1].trim().toLowerCase();
  return { prefix: m[0], mediaType: declared === '' ? 'text/plain' : declared };
}

function hasDataScheme(s: string): boolean {
  if (s.length < 5 || s.charCodeAt(4) !== 58) return false; // ':'
  return s.slice(0, 4).toLowerCase() === 'data';
}

export function detectBase64(s: string, options: DetectOptions = {}): Base64Info | undefined {
  let dataUri: { prefix: string; mediaType: string } | undefined;
  if (hasDataScheme(s)) {
    dataUri = parseDataUri(s);
    if (!dataUri) return undefined;
  }
  const start = dataUri ? dataUri.prefix.length : 0;
  const sc = scan(s, start);
  if (!sc) return undefined;

  const n = sc.dataChars;
  if (sc.std && sc.url) return undefined;
  const rem = n % 4;
  if (rem === 1) return undefined;
  if (sc.padChars > 0 && sc.padChars !== (4 - rem) % 4) return undefined;

  const declared = options.contract === true || dataUri !== undefined;
  const headChars = Math.min(n, HEAD_CHARS);
  const contentType = sniff(decodeHead(sc.head, headChars), headChars === n);

  if (!declared) {
    if (n < MIN_DATA_CHARS || !sc.canonical || sc.stats.hexOnly) return undefined;
    const evident =
      contentType === 'text' || contentType === 'json'
        ? looksLikeEncodedText(sc.stats, n)
        : contentType === 'binary'
          ? looksLikeEncodedBinary(sc.stats)
          : true;
    if (!evident) return undefined;
  }

  const mediaType =
    dataUri && (contentType === 'text' || contentType === 'binary') ? dataUri.mediaType : MEDIA_TYPE[contentType];
  const info: Base64Info = {
    alphabet: sc.url ? 'url' : 'standard',
    padded: sc.padChars > 0,
    lineBreak: sc.lineBreak,
    lineLength: sc.lineLength,
    trailingLineBreak: sc.trailingLineBreak,
    encodedChars: s.length - start,
    decodedBytes: Math.floor((n * 3) / 4),
    contentType,
    mediaType,
    extension: extensionOf(mediaType, contentType),
    regular: !sc.ragged && sc.canonical,
  };
  if (dataUri) info.dataUri = dataUri;
  return info;
}

/** The exact bytes. `s` is the string `info` was detected from. */
export function decodeBase64(s: string, info: Base64Info): Buffer {
  const payload = info.dataUri ? s.slice(info.dataUri.prefix.length) : s;
  // Node's decoder accepts both alphabets and skips CR and LF, so wrapped text needs no copy.
  return Buffer.from(payload, 'base64');
}
