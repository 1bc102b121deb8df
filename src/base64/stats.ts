// The statistics half of the detector: whether a syntactically valid string is evidence of
// encoded bytes rather than an identifier, a word, a path or a digest.

/** Below this many payload chars a string is too short to tell from an identifier or a token. */
export const MIN_DATA_CHARS = 16;

// Per sextet: its category for the pair counts. 'A' is the zero sextet, frequent in any binary
// and in filler: it is counted in the layout but kept out of the statistics, so a run of them is
// no evidence either way.
export const CAT_ZERO = 0;
const CAT_UPPER = 1;
const CAT_LOWER = 2;
const CAT_OTHER = 3;
export const CATEGORY = new Uint8Array(64);
for (let v = 0; v < 64; v++) {
  CATEGORY[v] = v === 0 ? CAT_ZERO : v < 26 ? CAT_UPPER : v < 52 ? CAT_LOWER : CAT_OTHER;
}
/** Vowels other than 'A' ('E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u'): 9 of the 51 letters. */
const VOWEL_SEXTETS = [4, 8, 14, 20, 26, 30, 34, 40, 46];
/** Sextets of hex digits (upper or lower case) and '-', so UUIDs fall under the hex rule too. */
const isHexSextet = (v: number): boolean => v < 6 || (v >= 26 && v < 32) || (v >= 52 && v < 62);

/** Cheap statistics for telling base64 from identifiers, words and digests. 'A' is left out. */
export interface Stats {
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

export function statsOf(
  hist: Uint32Array,
  pairHist: Uint32Array,
  placeHist: Uint32Array,
  dataChars: number,
  std: boolean,
): Stats {
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

/**
 * Base64 of text or JSON decodes to printable UTF-8, which an identifier or a word almost never
 * does by chance (measured: none of 42,000 generated look-alikes of 16 chars or more). Short ones
 * must still have both cases, as base64 of text nearly always does.
 */
export function looksLikeEncodedText(st: Stats, dataChars: number): boolean {
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
export function looksLikeEncodedBinary(st: Stats): boolean {
  const chars = st.significant;
  // Filler ('A') is no evidence, so what is left must be worth a minimum payload on its own.
  if (chars < (MIN_DATA_CHARS * 3) / 4) return false;
  if (st.upper === 0 || st.lower === 0 || st.digits + st.symbols === 0) return false;
  if (st.entropy < Math.min(3.5, Math.log2(chars) - 1.5)) return false;
  // Under ALIGNED_MIN_CHARS the chi-squares have little power; the word test, which looks at the
  // letters' two most telling counts alone, keeps short names out.
  if (
    nonUniformity(st) <= UNIFORM_MAX &&
    (chars >= ALIGNED_MIN_CHARS || wordLikeness(st) <= 4 + Math.max(0, chars - 48) / 12)
  )
    return true;
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
