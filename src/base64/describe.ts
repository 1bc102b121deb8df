// What the bytes behind a base64 string are (PNG, PDF, gzip, JSON, text...), sniffed from the
// first decoded bytes, with the media type and file extension a fix writes, and the phrase a
// message uses.
import type { Base64Info } from './detect.js';
import { formatBytes } from '../text.js';

export type ContentType = 'png' | 'jpeg' | 'gif' | 'webp' | 'pdf' | 'gzip' | 'zip' | 'json' | 'text' | 'binary';

/** Decodes the sniffing head: `chars` sextets into at most `chars * 3 / 4` bytes. */
export function decodeHead(head: Uint8Array, chars: number): Uint8Array {
  const out = new Uint8Array(Math.floor((chars * 3) / 4));
  let o = 0;
  for (let i = 0; i + 1 < chars; i += 4) {
    const a = head[i];
    const b = head[i + 1];
    out[o++] = (a << 2) | (b >> 4);
    if (i + 2 < chars) {
      const c = head[i + 2];
      out[o++] = ((b & 0x0f) << 4) | (c >> 2);
      if (i + 3 < chars) out[o++] = ((c & 0x03) << 6) | head[i + 3];
    }
  }
  return out;
}

function startsWith(bytes: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[at + i] !== sig[i]) return false;
  return true;
}

const ascii = (t: string): number[] => Array.from(t, (ch) => ch.charCodeAt(0));
const SIG_PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const SIG_JPEG = [0xff, 0xd8, 0xff];
const SIG_GIF87 = ascii('GIF87a');
const SIG_GIF89 = ascii('GIF89a');
const SIG_RIFF = ascii('RIFF');
const SIG_WEBP = ascii('WEBP');
const SIG_PDF = ascii('%PDF-');
// gzip's third byte is the method, and 8 (deflate) is the only one defined (RFC 1952).
const SIG_GZIP = [0x1f, 0x8b, 0x08];
const SIG_ZIP = [0x50, 0x4b, 0x03, 0x04];

/** Sniffs a decoded prefix. `complete` says the prefix is the whole payload. */
export function sniff(bytes: Uint8Array, complete: boolean): ContentType {
  if (startsWith(bytes, SIG_PNG)) return 'png';
  if (startsWith(bytes, SIG_JPEG)) return 'jpeg';
  if (startsWith(bytes, SIG_GIF87) || startsWith(bytes, SIG_GIF89)) return 'gif';
  if (startsWith(bytes, SIG_RIFF) && startsWith(bytes, SIG_WEBP, 8)) return 'webp';
  if (startsWith(bytes, SIG_PDF)) return 'pdf';
  if (startsWith(bytes, SIG_GZIP)) return 'gzip';
  if (startsWith(bytes, SIG_ZIP)) return 'zip';
  if (bytes.length === 0 || !isPrintableUtf8(bytes, complete)) return 'binary';
  let i = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < bytes.length && isJsonSpace(bytes[i])) i++;
  if (bytes[i] === 0x7b || bytes[i] === 0x5b) return 'json';
  return 'text';
}

const isJsonSpace = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/**
 * Valid UTF-8 with no control characters but tab, LF and CR. A multi-byte sequence cut off by
 * the end of an incomplete prefix is allowed.
 */
function isPrintableUtf8(bytes: Uint8Array, complete: boolean): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return false;
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
      cp = b & 0x0f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
      cp = b & 0x07;
    } else {
      return false;
    }
    let j = 1;
    for (; j <= need && i + j < n; j++) {
      const cb = bytes[i + j];
      if ((cb & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (cb & 0x3f);
    }
    if (j <= need) return !complete; // truncated by the end of the prefix
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    // C1 controls are as suspicious as C0 ones.
    if (cp >= 0x80 && cp < 0xa0) return false;
    i += need + 1;
  }
  return true;
}

export const MEDIA_TYPE: Record<ContentType, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  gzip: 'application/gzip',
  zip: 'application/zip',
  json: 'application/json',
  text: 'text/plain',
  binary: 'application/octet-stream',
};

const EXTENSION: Record<ContentType, string> = {
  png: 'png',
  jpeg: 'jpg',
  gif: 'gif',
  webp: 'webp',
  pdf: 'pdf',
  gzip: 'gz',
  zip: 'zip',
  json: 'json',
  text: 'txt',
  binary: 'bin',
};

export function extensionOf(mediaType: string, contentType: ContentType): string {
  for (const key of Object.keys(MEDIA_TYPE) as ContentType[]) {
    if (MEDIA_TYPE[key] === mediaType) return EXTENSION[key];
  }
  return EXTENSION[contentType];
}

const NAMES: Record<ContentType, string> = {
  png: 'PNG image',
  jpeg: 'JPEG image',
  gif: 'GIF image',
  webp: 'WebP image',
  pdf: 'PDF',
  gzip: 'gzip data',
  zip: 'zip archive',
  json: 'JSON text',
  text: 'text',
  binary: 'binary data',
};

/** "PNG image, 225.9 KiB decoded, data: URI" */
export function describeContent(info: Base64Info): string {
  const parts = [NAMES[info.contentType] ?? info.mediaType, `${formatBytes(info.decodedBytes)} decoded`];
  if (info.dataUri) parts.push('data: URI');
  if (info.lineBreak) parts.push('MIME line breaks');
  return parts.join(', ');
}
