// Decides whether a string is base64 data and describes its exact layout, so a fix can move the
// bytes out and a later step can write them back byte for byte. Pure: no fs, no console.
//
// Everything is one pass over char codes with a constant amount of state (a 64-bucket histogram,
// a few counters, the first 128 sextets for content sniffing), so a 100 MB string costs one scan
// and no copies.

export type ContentType =
  | 'png'
  | 'jpeg'
  | 'gif'
  | 'webp'
  | 'pdf'
  | 'gzip'
  | 'zip'
  | 'json'
  | 'text'
  | 'binary';

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

/** Below this many payload chars a string is too short to tell from an identifier or a token. */
const MIN_DATA_CHARS = 16;
/**
 * Sextets kept for sniffing: 128 chars decode to 96 bytes, enough for every signature and for a
 * text check that chance does not pass.
 */
const HEAD_CHARS = 128;
/** Data chars that feed the statistics: past 1024 only the histogram counts, and 4096 samples of
 * 64 buckets pin it down. */
const STATS_CHARS = 4096;
/** Any char outside both alphabets, padding and line breaks. */
const NOT_ALPHABET = /[^A-Za-z0-9+/=\r\n_-]/g;

// Per char code (< 128): the sextet value, or one of the negative markers below. '-' and '_'
// share 62 and 63 with '+' and '/'; which alphabet was used is tracked separately.
const NOT_BASE64 = -1;
const PAD = -2;
const SEXTET = new Int8Array(128).fill(NOT_BASE64);
{
  for (let i = 0; i < 26; i++) {
    SEXTET[65 + i] = i; // 'A'..'Z'
    SEXTET[97 + i] = 26 + i; // 'a'..'z'
  }
  for (let i = 0; i < 10; i++) SEXTET[48 + i] = 52 + i; // '0'..'9'
  SEXTET[43] = 62; // '+'
  SEXTET[47] = 63; // '/'
  SEXTET[45] = 62; // '-'
  SEXTET[95] = 63; // '_'
  SEXTET[61] = PAD; // '='
}

// Per sextet: its category for the pair counts. 'A' is the zero sextet, frequent in any binary
// and in filler: it is counted in the layout but kept out of the statistics, so a run of them is
// no evidence either way.
const CAT_ZERO = 0;
const CAT_UPPER = 1;
const CAT_LOWER = 2;
const CAT_OTHER = 3;
const CATEGORY = new Uint8Array(64);
for (let v = 0; v < 64; v++) {
  CATEGORY[v] = v === 0 ? CAT_ZERO : v < 26 ? CAT_UPPER : v < 52 ? CAT_LOWER : CAT_OTHER;
}
/** Vowels other than 'A' ('E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u'): 9 of the 51 letters. */
const VOWEL_SEXTETS = [4, 8, 14, 20, 26, 30, 34, 40, 46];
/** Sextets of hex digits (upper or lower case) and '-', so UUIDs fall under the hex rule too. */
const isHexSextet = (v: number): boolean => v < 6 || (v >= 26 && v < 32) || (v >= 52 && v < 62);

/** What one pass over the payload learns. */
interface Scan {
  dataChars: number;
  padChars: number;
  std: boolean;
  url: boolean;
  lineBreak: '' | '\n' | '\r\n';
  lineLength: number;
  trailingLineBreak: boolean;
  ragged: boolean;
  /** The unused low bits of the last data char are zero. */
  canonical: boolean;
  head: Uint8Array;
  stats: Stats;
}

/** Cheap statistics for telling base64 from identifiers, words and digests. 'A' is left out. */
interface Stats {
  upper: number;
  lower: number;
  digits: number;
  symbols: number;
  vowels: number;
  /** Data chars other than 'A'. */
  significant: number;
  /** Adjacent pairs of such chars; of them, pairs of two lower-case and two upper-case letters. */
  pairs: number;
  lowerPairs: number;
  upperPairs: number;
  /** Every data char is a hex digit or '-'. */
  hexOnly: boolean;
  /** Shannon entropy of the histogram, bits per char, Miller-Madow corrected. */
  entropy: number;
  /**
   * Chi-square of independence between a char's place in its 4-char group and its sextet's top
   * two bits (3 x 3 = 9 degrees of freedom), 'A' left out. See looksLikeEncodedBinary.
   */
  alignment: number;
}

function scan(s: string, start: number): Scan | undefined {
  const end = s.length;
  const hist = new Uint32Array(64);
  // Counts of adjacent data chars by (category of the first << 2 | category of the second).
  const pairHist = new Uint32Array(16);
  // Counts by (place in the 4-char group << 2 | top two bits of the sextet), 'A' left out.
  const placeHist = new Uint32Array(16);
  const head = new Uint8Array(HEAD_CHARS);
  let dataChars = 0;
  let padChars = 0;
  let prevCat = CAT_ZERO << 2;
  let std = false;
  let url = false;
  // Layout: line lengths are index differences, taken when a break is read.
  let breakKind = 0; // 0 none yet, 1 LF, 2 CRLF
  let mixedBreaks = false;
  let lineStart = start;
  let firstLineChars = -1;
  let shortLineSeen = false;
  let ragged = false;
  // Regular wrapping: every line as long as the first, but the last, which may be shorter.
  const lineEnded = (lineChars: number, kind: number) => {
    if (breakKind === 0) breakKind = kind;
    else if (breakKind !== kind) mixedBreaks = true;
    if (lineChars === 0 || shortLineSeen) ragged = true;
    else if (firstLineChars < 0) firstLineChars = lineChars;
    else if (lineChars > firstLineChars) ragged = true;
    else if (lineChars < firstLineChars) shortLineSeen = true;
  };

  let i = start;
  for (; i < end; i++) {
    // Past the statistics window the rest is checked with native string search (below).
    if (dataChars >= STATS_CHARS && padChars === 0) break;
    const c = s.charCodeAt(i);
    const v = c < 128 ? SEXTET[c] : NOT_BASE64;
    if (v >= 0) {
      if (padChars !== 0) return undefined;
      if (dataChars < HEAD_CHARS) head[dataChars] = v;
      // The statistics settle long before the end of a large blob: past STATS_CHARS only the
      // syntax and the layout are checked, which keeps a 100 MB field to a few ns per char.
      if (dataChars < STATS_CHARS) {
        hist[v]++;
        const cat = CATEGORY[v];
        pairHist[prevCat | cat]++;
        prevCat = cat << 2;
        if (v !== 0) placeHist[((dataChars & 3) << 2) | (v >> 4)]++;
      }
      dataChars++;
      if (v >= 62) {
        if (c === 43 || c === 47) std = true;
        else url = true;
      }
    } else if (v === PAD) {
      if (++padChars > 2) return undefined;
    } else if (c === 10 || c === 13) {
      const lineChars = i - lineStart;
      let kind = 1;
      if (c === 13) {
        if (i + 1 >= end || s.charCodeAt(i + 1) !== 10) return undefined;
        i++;
        kind = 2;
      }
      lineStart = i + 1;
      lineEnded(lineChars, kind);
    } else {
      return undefined;
    }
  }

  if (i < end) {
    // The tail of a large blob: same checks as the loop above, done by indexOf and one
    // single-class regular expression (linear, no backtracking), at memory speed.
    NOT_ALPHABET.lastIndex = i;
    if (NOT_ALPHABET.test(s)) return undefined;
    for (let cr = s.indexOf('\r', i); cr !== -1; cr = s.indexOf('\r', cr + 1)) {
      if (s.charCodeAt(cr + 1) !== 10) return undefined;
    }
    const eq = s.indexOf('=', i);
    const dataEnd = eq === -1 ? end : eq;
    if (eq !== -1) {
      for (let k = eq; k < end; k++) {
        const c = s.charCodeAt(k);
        if (c === 61) {
          if (++padChars > 2) return undefined;
        } else if (c !== 10 && c !== 13) return undefined;
      }
    }
    if (!std) std = s.indexOf('+', i) !== -1 || s.indexOf('/', i) !== -1;
    if (!url) url = s.indexOf('-', i) !== -1 || s.indexOf('_', i) !== -1;
    let breakChars = 0;
    for (let nl = s.indexOf('\n', i); nl !== -1; nl = s.indexOf('\n', nl + 1)) {
      const crlf = s.charCodeAt(nl - 1) === 13;
      const kind = crlf ? 2 : 1;
      const lineChars = nl - (crlf ? 1 : 0) - lineStart;
      if (nl < dataEnd) breakChars += kind;
      lineStart = nl + 1;
      lineEnded(lineChars, kind);
    }
    dataChars += dataEnd - i - breakChars;
  }

  const wrapped = breakKind !== 0;
  const lastLineChars = end - lineStart;
  if (wrapped && lastLineChars > 0 && (shortLineSeen || lastLineChars > firstLineChars)) {
    ragged = true;
  }

  return {
    dataChars,
    padChars,
    std,
    url,
    lineBreak: breakKind === 0 ? '' : breakKind === 1 ? '\n' : '\r\n',
    lineLength: wrapped ? Math.max(firstLineChars, 0) : 0,
    trailingLineBreak: wrapped && lastLineChars === 0,
    ragged: ragged || mixedBreaks,
    canonical: isCanonical(s, start, dataChars),
    head,
    stats: statsOf(hist, pairHist, placeHist, Math.min(dataChars, STATS_CHARS), std),
  };
}

/**
 * Whether the unused low bits of the last data char are zero, as every encoder writes them; a
 * decoder drops them, so a string with stray bits cannot be rebuilt from its bytes.
 */
function isCanonical(s: string, start: number, dataChars: number): boolean {
  const rem = dataChars % 4;
  if (rem < 2) return true;
  let i = s.length - 1;
  while (i >= start && SEXTET[s.charCodeAt(i)] < 0) i--; // '=' and line breaks
  const last = SEXTET[s.charCodeAt(i)];
  return (last & (rem === 2 ? 0x0f : 0x03)) === 0;
}

function statsOf(hist: Uint32Array, pairHist: Uint32Array, placeHist: Uint32Array, dataChars: number, std: boolean): Stats {
  const sum = (from: number, to: number): number => {
    let total = 0;
    for (let v = from; v < to; v++) total += hist[v];
    return total;
  };
  let vowels = 0;
  for (const v of VOWEL_SEXTETS) vowels += hist[v];
  let hexChars = std ? 0 : hist[62]; // '-' is hex-like, '+' is not
  for (let v = 0; v < 62; v++) if (isHexSextet(v)) hexChars += hist[v];
  let pairs = 0;
  for (let first = 1; first < 4; first++) {
    for (let second = 1; second < 4; second++) pairs += pairHist[(first << 2) | second];
  }
  const significant = dataChars - hist[0];
  return {
    upper: sum(1, 26),
    lower: sum(26, 52),
    digits: sum(52, 62),
    symbols: sum(62, 64),
    vowels,
    significant,
    pairs,
    lowerPairs: pairHist[(CAT_LOWER << 2) | CAT_LOWER],
    upperPairs: pairHist[(CAT_UPPER << 2) | CAT_UPPER],
    hexOnly: hexChars === dataChars,
    entropy: entropyOf(hist, significant),
    alignment: independence(placeHist),
  };
}

/** Pearson's chi-square of independence for a 4 x 4 table stored row by row. */
function independence(table: Uint32Array): number {
  const rows = [0, 0, 0, 0];
  const cols = [0, 0, 0, 0];
  let total = 0;
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      const n = table[(r << 2) | c];
      rows[r] += n;
      cols[c] += n;
      total += n;
    }
  }
  if (total === 0) return 0;
  let chi = 0;
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      const expected = (rows[r] * cols[c]) / total;
      if (expected > 0) chi += (table[(r << 2) | c] - expected) ** 2 / expected;
    }
  }
  return chi;
}

function entropyOf(hist: Uint32Array, total: number): number {
  if (total === 0) return 0;
  let h = 0;
  let distinct = 0;
  for (let v = 1; v < 64; v++) {
    const n = hist[v];
    if (n === 0) continue;
    distinct++;
    const p = n / total;
    h -= p * Math.log2(p);
  }
  // Miller-Madow: the plug-in estimate runs low on short samples by about (K-1)/(2N ln 2).
  return h + (distinct - 1) / (2 * total * Math.LN2);
}

/** Decodes the sniffing head: `chars` sextets into at most `chars * 3 / 4` bytes. */
function decodeHead(head: Uint8Array, chars: number): Uint8Array {
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
function sniff(bytes: Uint8Array, complete: boolean): ContentType {
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

/**
 * Base64 of text or JSON decodes to printable UTF-8, which an identifier or a word almost never
 * does by chance (measured: none of 42,000 generated look-alikes of 16 chars or more). Short ones
 * must still have both cases, as base64 of text nearly always does.
 */
function looksLikeEncodedText(st: Stats, dataChars: number): boolean {
  return dataChars >= 64 || (st.upper > 0 && st.lower > 0);
}

/**
 * Base64 of bytes that are not text. The alphabet alone is no evidence (identifiers, CDK logical
 * ids, joined words and key paths use it too); the symbol statistics are. Two kinds of bytes make
 * two signatures, and a string is taken for base64 when it shows either:
 *
 * - Random-looking bytes (compressed, encrypted, hashes, media bodies) give near-uniform sextets:
 *   letters of both cases, digits and symbols at 25/63, 26/63, 10/63 and 2/63 of the chars ('A'
 *   is left out), 9 in 51 letters vowels, and neighbours that change class as often as chance
 *   makes them. `nonUniformity` adds up those deviations as a chi-square of about 5 degrees of
 *   freedom for true base64 (median 3, 99th percentile 12 on random bytes); words, hex runs,
 *   CamelCase and paths score in the hundreds or thousands.
 * - Structured bytes (audio, floats, bitmaps, tables of small integers) are far from uniform, but
 *   every regularity of bytes shows in the sextets as a dependence on the place in the 4-char
 *   group (3 bytes make 4 chars: the first char is the top of a byte, the last the bottom of
 *   another). Text of any kind has no reason to align on 4, so for it this chi-square stays
 *   near its 9 degrees of freedom.
 *
 * The thresholds are far in the tails (checked on the generators in test/base64.test.ts): base64
 * of 16 to 32 random bytes is still sometimes refused, as such a short string can be a token, and
 * a few structured blobs with no header (small integers, doubles) are missed rather than
 * identifiers taken. Fixed-width names of a multiple of 4 chars joined without a separator align
 * on 4 too; a separator, or any variation in width, breaks that.
 */
function looksLikeEncodedBinary(st: Stats): boolean {
  const chars = st.significant;
  // Filler ('A') is no evidence, so what is left must be worth a minimum payload on its own.
  if (chars < (MIN_DATA_CHARS * 3) / 4) return false;
  if (st.upper === 0 || st.lower === 0 || st.digits + st.symbols === 0) return false;
  if (st.entropy < Math.min(3.5, Math.log2(chars) - 1.5)) return false;
  // Under ALIGNED_MIN_CHARS the chi-squares have little power; the word test, which looks at the
  // letters' two most telling counts alone, keeps short names out.
  if (nonUniformity(st) <= UNIFORM_MAX && (chars >= ALIGNED_MIN_CHARS || wordLikeness(st) <= 4 + Math.max(0, chars - 48) / 12)) return true;
  return chars >= ALIGNED_MIN_CHARS && st.alignment >= ALIGNED_MIN_CHI;
}

/**
 * Sum of two z-scores against uniform base64 without 'A': the vowel share of letters, and the
 * more surprising of the two counts of same-case letter pairs.
 */
function wordLikeness(st: Stats): number {
  const sameCase = Math.max(
    zScore(st.lowerPairs, st.pairs, (26 / 63) ** 2),
    zScore(st.upperPairs, st.pairs, (25 / 63) ** 2),
  );
  return zScore(st.vowels, st.upper + st.lower, 9 / 51) + sameCase;
}

/** About p = 1e-4 for a chi-square of 5 degrees of freedom: 1 in 10,000 random blobs refused. */
const UNIFORM_MAX = 25;
/** Place-in-group evidence needs a sample: a few hundred chars. */
const ALIGNED_MIN_CHARS = 128;
/**
 * p about 1e-6 for 9 degrees of freedom, with room for the serial correlation of words: long
 * identifiers, paths and CDK ids measured at most 28.
 */
const ALIGNED_MIN_CHI = 45;

/**
 * Pearson's chi-square of the class shares (2 degrees of freedom), plus the squared z-scores of the
 * vowel share and of the same-case neighbours. Neighbours are judged given the observed shares
 * (so a chance excess of lower case is not counted twice), with the variance of overlapping
 * pairs: for share q, n pairs have variance n q^2 (1 - q) (1 + 3q).
 */
function nonUniformity(st: Stats): number {
  const n = st.upper + st.lower + st.digits + st.symbols;
  if (n === 0) return 0;
  const pearson = (observed: number, p: number) => (observed - n * p) ** 2 / (n * p);
  // Digits and the two symbols are one class: two symbols alone are too rare to test.
  const classes = pearson(st.upper, 25 / 63) + pearson(st.lower, 26 / 63) + pearson(st.digits + st.symbols, 12 / 63);
  const vowels = zScore(st.vowels, st.upper + st.lower, 9 / 51) ** 2;
  const neighbours = (observed: number, q: number) => {
    const variance = st.pairs * q * q * (1 - q) * (1 + 3 * q);
    return variance > 0 ? (observed - st.pairs * q * q) ** 2 / variance : 0;
  };
  return classes + vowels + neighbours(st.lowerPairs, st.lower / n) + neighbours(st.upperPairs, st.upper / n);
}

function zScore(observed: number, trials: number, p: number): number {
  if (trials <= 0) return 0;
  return (observed - trials * p) / Math.sqrt(trials * p * (1 - p));
}

const DATA_URI = /^data:([^;,]*)((?:;[^;,]*)*?);base64,/i;

const MEDIA_TYPE: Record<ContentType, string> = {
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

function extensionOf(mediaType: string, contentType: ContentType): string {
  for (const key of Object.keys(MEDIA_TYPE) as ContentType[]) {
    if (MEDIA_TYPE[key] === mediaType) return EXTENSION[key];
  }
  return EXTENSION[contentType];
}

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
    dataUri && (contentType === 'text' || contentType === 'binary')
      ? dataUri.mediaType
      : MEDIA_TYPE[contentType];
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
