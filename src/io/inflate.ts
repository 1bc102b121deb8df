// Inflate (RFC 1950 zlib stream around RFC 1951 deflate) for the small objects `--staged` reads:
// a commit, a few trees, a staged file of some kilobytes. node:zlib would do it, but loading it
// brings node:stream and costs a hook's run more than inflating a few kilobytes here. Larger
// inputs go to node:zlib (git-objects.ts). The stream's own checksum (Adler-32) is checked, as
// zlib checks it, so a corrupt object or a bug here is refused, never used.

const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
  8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
/** The order in which a dynamic block sends its code-length code lengths. */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A canonical Huffman code: how many codes of each length, and the symbols in code order. */
interface Code {
  counts: Uint16Array;
  symbols: Uint16Array;
}

function buildCode(lengths: Uint8Array, from: number, count: number): Code {
  const counts = new Uint16Array(16);
  for (let i = 0; i < count; i++) counts[lengths[from + i]]++;
  counts[0] = 0;
  const offsets = new Uint16Array(16);
  for (let len = 1; len < 16; len++) offsets[len] = offsets[len - 1] + counts[len - 1];
  const symbols = new Uint16Array(count);
  for (let i = 0; i < count; i++) if (lengths[from + i]) symbols[offsets[lengths[from + i]]++] = i;
  return { counts, symbols };
}

let fixed: { literals: Code; distances: Code } | undefined;

function fixedCodes(): { literals: Code; distances: Code } {
  if (fixed) return fixed;
  const lengths = new Uint8Array(288 + 30);
  lengths.fill(8, 0, 144);
  lengths.fill(9, 144, 256);
  lengths.fill(7, 256, 280);
  lengths.fill(8, 280, 288);
  lengths.fill(5, 288, 318);
  fixed = { literals: buildCode(lengths, 0, 288), distances: buildCode(lengths, 288, 30) };
  return fixed;
}

/** The bytes a zlib stream holds, checked against its Adler-32; what follows that is not read. */
export function inflateZlib(input: Uint8Array): Uint8Array {
  if (input.length < 2 || (input[0] & 0x0f) !== 8 || ((input[0] << 8) | input[1]) % 31 !== 0 || input[1] & 0x20)
    throw new Error('not a zlib stream');
  let at = 2;
  let bitBuffer = 0;
  let bitCount = 0;
  let out = new Uint8Array(Math.max(256, input.length * 4));
  let size = 0;
  const bits = (n: number): number => {
    while (bitCount < n) {
      if (at >= input.length) throw new Error('deflate stream ends early');
      bitBuffer |= input[at++] << bitCount;
      bitCount += 8;
    }
    const value = bitBuffer & ((1 << n) - 1);
    bitBuffer >>>= n;
    bitCount -= n;
    return value;
  };
  const room = (n: number): void => {
    if (size + n <= out.length) return;
    const grown = new Uint8Array(Math.max(out.length * 2, size + n));
    grown.set(out.subarray(0, size));
    out = grown;
  };
  const decode = (code: Code): number => {
    let first = 0;
    let index = 0;
    for (let len = 1; len < 16; len++) {
      first = (first << 1) | bits(1);
      const count = code.counts[len];
      if (first < count) return code.symbols[index + first];
      index += count;
      first -= count;
    }
    throw new Error('bad Huffman code');
  };
  let last = 0;
  while (!last) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      // Stored: from the next byte boundary, a length, its complement, and the bytes.
      bitBuffer = 0;
      bitCount = 0;
      if (at + 4 > input.length) throw new Error('deflate stream ends early');
      const len = input[at] | (input[at + 1] << 8);
      if ((len ^ (input[at + 2] | (input[at + 3] << 8))) !== 0xffff) throw new Error('bad stored block');
      at += 4;
      if (at + len > input.length) throw new Error('deflate stream ends early');
      room(len);
      out.set(input.subarray(at, at + len), size);
      size += len;
      at += len;
      continue;
    }
    let literals: Code;
    let distances: Code;
    if (type === 1) ({ literals, distances } = fixedCodes());
    else if (type === 2) {
      const literalCount = bits(5) + 257;
      const distanceCount = bits(5) + 1;
      const lengthCount = bits(4) + 4;
      const codeLengths = new Uint8Array(19);
      for (let i = 0; i < lengthCount; i++) codeLengths[CODE_LENGTH_ORDER[i]] = bits(3);
      const lengthCode = buildCode(codeLengths, 0, 19);
      const lengths = new Uint8Array(literalCount + distanceCount);
      for (let i = 0; i < lengths.length;) {
        const symbol = decode(lengthCode);
        if (symbol < 16) lengths[i++] = symbol;
        else {
          const [repeat, value] =
            symbol === 16
              ? [bits(2) + 3, i > 0 ? lengths[i - 1] : -1]
              : symbol === 17
                ? [bits(3) + 3, 0]
                : [bits(7) + 11, 0];
          if (value < 0 || i + repeat > lengths.length) throw new Error('bad code lengths');
          lengths.fill(value, i, i + repeat);
          i += repeat;
        }
      }
      literals = buildCode(lengths, 0, literalCount);
      distances = buildCode(lengths, literalCount, distanceCount);
    } else throw new Error('reserved block type');
    for (;;) {
      const symbol = decode(literals);
      if (symbol < 256) {
        room(1);
        out[size++] = symbol;
        continue;
      }
      if (symbol === 256) break;
      const lengthSymbol = symbol - 257;
      if (lengthSymbol >= LENGTH_BASE.length) throw new Error('bad length symbol');
      const length = LENGTH_BASE[lengthSymbol] + bits(LENGTH_EXTRA[lengthSymbol]);
      const distanceSymbol = decode(distances);
      if (distanceSymbol >= DISTANCE_BASE.length) throw new Error('bad distance symbol');
      const distance = DISTANCE_BASE[distanceSymbol] + bits(DISTANCE_EXTRA[distanceSymbol]);
      if (distance > size) throw new Error('distance before the start');
      room(length);
      // Byte by byte: a copy may overlap what it writes (a run).
      for (let i = 0; i < length; i++, size++) out[size] = out[size - distance];
    }
  }
  // The checksum follows the last block, from the next byte boundary, big-endian.
  if (at + 4 > input.length) throw new Error('deflate stream ends early');
  const stored = ((input[at] << 24) | (input[at + 1] << 16) | (input[at + 2] << 8) | input[at + 3]) >>> 0;
  const bytes = out.subarray(0, size);
  if (adler32(bytes) !== stored) throw new Error('Adler-32 mismatch');
  return bytes;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  // 5,552 bytes is the most that can be summed before b outgrows 32 bits.
  for (let at = 0; at < bytes.length;) {
    const end = Math.min(at + 5552, bytes.length);
    for (; at < end; at++) {
      a += bytes[at];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
