// The syntax and layout half of the detector: one pass over char codes that checks the text is
// base64 (one alphabet, padding only at the end, LF or CRLF wrapping) and measures its layout,
// feeding the first chars to the statistics and the first sextets to content sniffing.
import { CATEGORY, CAT_ZERO, statsOf, type Stats } from './stats.js';

/**
 * Sextets kept for sniffing: 128 chars decode to 96 bytes, enough for every signature and for a
 * text check that chance does not pass.
 */
export const HEAD_CHARS = 128;
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

/** What one pass over the payload learns. */
export interface Scan {
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

export function scan(s: string, start: number): Scan | undefined {
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
    // The tail of a large blob: same checks as the loop above, done by indexOf and a check of
    // the alphabet, at memory speed.
    if (!inAlphabet(s, start, i, breakKind === 0, url)) return undefined;
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

/** Chars per native round trip: a multiple of 4, so every chunk but the last is whole groups. */
const ROUND_TRIP_CHARS = 1 << 16;

/**
 * Whether `s[from, end)` holds only chars of both alphabets, padding and line breaks. A regular
 * expression does it at about a nanosecond per char, which is most of the detector's time on a
 * large blob. Fast path for one line (the usual image or document): a chunk that Node's native
 * decoder and encoder rebuild exactly holds only alphabet chars, as an encoder writes nothing else;
 * chunk by chunk, so memory stays flat. Anything else (a line break, padding or a stray char in
 * the middle, low bits set, a mixed alphabet) takes the regular expression, which decides.
 */
export function inAlphabet(s: string, payloadStart: number, from: number, oneLine: boolean, url: boolean): boolean {
  if (oneLine && s.indexOf('\n', from) === -1 && s.indexOf('\r', from) === -1) {
    const encoding = url ? 'base64url' : 'base64';
    let at = payloadStart;
    for (; at < s.length; at += ROUND_TRIP_CHARS) {
      const chunk = s.slice(at, Math.min(at + ROUND_TRIP_CHARS, s.length));
      if (Buffer.from(chunk, 'base64').toString(encoding) !== chunk) break;
    }
    if (at >= s.length) return true;
  }
  NOT_ALPHABET.lastIndex = from;
  return !NOT_ALPHABET.test(s);
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
