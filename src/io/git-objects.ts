// Git objects read from `.git/objects` without starting git: loose objects and packs (index v1 and
// v2, deltas by offset and by id). `--staged` needs HEAD's commit, the trees on the paths that
// changed, and the staged blobs; starting git for them costs more than a one-file lint. An object
// from a pack, built from deltas here, is hashed again and compared with its id, so a pack this
// code misreads is an `UnreadableObject`, never wrong bytes: the caller then asks git. A loose
// object is checked as git reads one: its zlib checksum and the size in its header (hashing it
// too meant loading node:crypto, a fifth of a hook's run).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { sha1Hex } from '../hash.js';
import { inflateZlib } from './inflate.js';

export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

export interface GitObject {
  type: ObjectType;
  data: Buffer;
}

/** An object this reader cannot give with certainty; git itself is asked instead. */
export class UnreadableObject extends Error {}

/**
 * An object, or a delta base on its way, over the size the caller reads: it is not inflated or
 * built here (memory stays within that size), and git, asked instead, tells its exact size.
 */
export class ObjectTooLarge extends UnreadableObject {
  constructor(
    message: string,
    /** the object's own size, when it is known: not for a delta base over the limit */
    readonly size?: number,
  ) {
    super(message);
  }
}

const TYPES: Record<number, ObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
const OFS_DELTA = 6;
const REF_DELTA = 7;
/** git's own default for pack.depth is 50; a longer chain is a pack this reader does not trust. */
const MAX_DELTA_DEPTH = 1000;

interface Pack {
  idx: Buffer;
  version: 1 | 2;
  count: number;
  packPath: string;
  fd?: number;
  packBytes: number;
}

export class ObjectStore {
  private packs?: Pack[];

  constructor(private readonly objectsDir: string) {}

  /**
   * The object, or undefined when it is in neither a loose file nor a pack here. Nothing over
   * `maxBytes` is held: such an object, or a delta base over it, is an `ObjectTooLarge`.
   */
  read(id: string, maxBytes = Infinity): GitObject | undefined {
    const loose = this.readLoose(id, maxBytes);
    if (loose) return loose;
    for (const pack of this.allPacks()) {
      const offset = findInPack(pack, id);
      if (offset === undefined) continue;
      const { type, data } = this.readPacked(pack, offset, 0, maxBytes);
      return checked(id, type, data);
    }
    return undefined;
  }

  close(): void {
    for (const pack of this.packs ?? []) if (pack.fd !== undefined) fs.closeSync(pack.fd);
  }

  private readLoose(id: string, maxBytes: number): GitObject | undefined {
    const deflated = readRegular(path.join(this.objectsDir, id.slice(0, 2), id.slice(2)));
    if (!deflated) return undefined;
    // The header ("blob 123\0", under 32 bytes) says the size: a large stream's is read first, from
    // its opening bytes, so that an object over the limit is never inflated.
    const declared = deflated.length < NATIVE_INFLATE_FROM ? undefined : looseHeader(inflatePrefix(deflated, id), id);
    if (declared && declared.size > maxBytes)
      throw new ObjectTooLarge(`loose object ${id} is ${declared.size} bytes`, declared.size);
    const whole = inflate(deflated, id, declared ? declared.at + declared.size : Infinity);
    const { type, size, at } = looseHeader(whole, id);
    if (size !== whole.length - at) throw new UnreadableObject(`loose object ${id} has no valid header`);
    if (size > maxBytes) throw new ObjectTooLarge(`loose object ${id} is ${size} bytes`, size);
    return { type, data: whole.subarray(at) };
  }

  private allPacks(): Pack[] {
    if (this.packs) return this.packs;
    const dir = path.join(this.objectsDir, 'pack');
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((n) => n.endsWith('.idx'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') names = [];
      else throw new UnreadableObject(`${dir}: ${(err as Error).message}`);
    }
    this.packs = names.sort().map((name) => openIndex(path.join(dir, name)));
    return this.packs;
  }

  /** A delta's base: over the limit, it says nothing of the size of the object built on it. */
  private readBase(read: () => { type: ObjectType; data: Buffer }): { type: ObjectType; data: Buffer } {
    try {
      return read();
    } catch (err) {
      if (err instanceof ObjectTooLarge && err.size !== undefined)
        throw new ObjectTooLarge(`${err.message}, a delta base`);
      throw err;
    }
  }

  private readPacked(pack: Pack, offset: number, depth: number, maxBytes: number): { type: ObjectType; data: Buffer } {
    if (depth > MAX_DELTA_DEPTH) throw new UnreadableObject(`${pack.packPath}: delta chain too deep`);
    pack.fd ??= fs.openSync(pack.packPath, 'r');
    // The header is at most 10 bytes of size, then a base offset or id: 32 bytes hold it.
    const head = readAt(pack, offset, 32);
    let at = 0;
    let c = head[at++];
    const kind = (c >> 4) & 7;
    let size = c & 15;
    let shift = 4;
    while (c & 0x80) {
      if (at >= head.length || shift > 49) throw new UnreadableObject(`${pack.packPath}: bad object header`);
      c = head[at++];
      size += (c & 0x7f) * 2 ** shift;
      shift += 7;
    }
    // An object's size, or a delta's: a delta never holds more than the object it builds.
    if (size > maxBytes)
      throw new ObjectTooLarge(
        `${pack.packPath}: object at ${offset} is ${size} bytes`,
        kind === OFS_DELTA || kind === REF_DELTA ? undefined : size,
      );
    let base: { type: ObjectType; data: Buffer } | undefined;
    if (kind === OFS_DELTA) {
      c = head[at++];
      let back = c & 0x7f;
      while (c & 0x80) {
        if (at >= head.length) throw new UnreadableObject(`${pack.packPath}: bad delta offset`);
        c = head[at++];
        back = (back + 1) * 128 + (c & 0x7f);
      }
      if (back <= 0 || back > offset) throw new UnreadableObject(`${pack.packPath}: delta base out of range`);
      base = this.readBase(() => this.readPacked(pack, offset - back, depth + 1, maxBytes));
    } else if (kind === REF_DELTA) {
      const baseId = head.toString('hex', at, at + 20);
      at += 20;
      const baseOffset = findInPack(pack, baseId);
      // A thin pack's base lives elsewhere; a fetched pack is never thin, but ask git if one is.
      if (baseOffset === undefined) throw new UnreadableObject(`${pack.packPath}: delta base ${baseId} not here`);
      const found = this.readBase(() => this.readPacked(pack, baseOffset, depth + 1, maxBytes));
      base = checked(baseId, found.type, found.data);
    } else if (!TYPES[kind]) throw new UnreadableObject(`${pack.packPath}: object type ${kind}`);
    // zlib's worst case is a few bytes per 16 KiB block over the raw size; inflate stops at the
    // stream's end, so what is read past it is ignored.
    const start = offset + at;
    const want = Math.min(size + (size >>> 10) + 64, pack.packBytes - 20 - start);
    const data = inflate(readAt(pack, start, want), pack.packPath, size);
    if (data.length !== size) throw new UnreadableObject(`${pack.packPath}: object at ${offset} has the wrong size`);
    return base
      ? { type: base.type, data: applyDelta(base.data, data, pack.packPath, maxBytes) }
      : { type: TYPES[kind], data };
  }
}

/**
 * A regular file's bytes; undefined when it does not exist. Opened without blocking and checked,
 * so a FIFO or a device planted in `.git` is refused rather than waited on.
 */
export function readRegular(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new UnreadableObject(`${file}: ${(err as Error).message}`);
  }
  try {
    if (!fs.fstatSync(fd).isFile()) throw new UnreadableObject(`${file} is not a regular file`);
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function openIndex(idxPath: string): Pack {
  const idx = readRegular(idxPath);
  if (!idx) throw new UnreadableObject(`${idxPath} is gone`);
  const packPath = idxPath.slice(0, -'.idx'.length) + '.pack';
  const packBytes = fs.statSync(packPath).size;
  const v2 = idx.length >= 8 && idx.readUInt32BE(0) === 0xff744f63;
  if (v2 && idx.readUInt32BE(4) !== 2) throw new UnreadableObject(`${idxPath}: index version ${idx.readUInt32BE(4)}`);
  const fanout = v2 ? 8 : 0;
  if (idx.length < fanout + 1024) throw new UnreadableObject(`${idxPath}: truncated`);
  const count = idx.readUInt32BE(fanout + 255 * 4);
  const least = v2 ? 8 + 1024 + count * 28 + 40 : 1024 + count * 24 + 40;
  if (idx.length < least) throw new UnreadableObject(`${idxPath}: truncated`);
  return { idx, version: v2 ? 2 : 1, count, packPath, packBytes };
}

/** The object's offset in the pack, by binary search of the index's sorted ids. */
function findInPack(pack: Pack, id: string): number | undefined {
  const want = Buffer.from(id, 'hex');
  const { idx } = pack;
  const fanout = pack.version === 2 ? 8 : 0;
  const first = want[0];
  let lo = first === 0 ? 0 : idx.readUInt32BE(fanout + (first - 1) * 4);
  let hi = idx.readUInt32BE(fanout + first * 4);
  const idAt = pack.version === 2 ? (i: number) => 8 + 1024 + i * 20 : (i: number) => 1024 + i * 24 + 4;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const cmp = idx.compare(want, 0, 20, idAt(mid), idAt(mid) + 20);
    if (cmp === 0) return offsetOf(pack, mid);
    if (cmp > 0) hi = mid;
    else lo = mid + 1;
  }
  return undefined;
}

function offsetOf(pack: Pack, i: number): number {
  const { idx, count } = pack;
  if (pack.version === 1) return idx.readUInt32BE(1024 + i * 24);
  const small = idx.readUInt32BE(8 + 1024 + count * 24 + i * 4);
  if (!(small & 0x80000000)) return small;
  const at = 8 + 1024 + count * 28 + (small & 0x7fffffff) * 8;
  if (at + 8 > idx.length) throw new UnreadableObject(`${pack.packPath}: large offset out of range`);
  return Number(idx.readBigUInt64BE(at));
}

function readAt(pack: Pack, offset: number, bytes: number): Buffer {
  const buf = Buffer.allocUnsafe(Math.max(0, bytes));
  const got = fs.readSync(pack.fd!, buf, 0, buf.length, offset);
  return buf.subarray(0, got);
}

/** git's delta format: source and target sizes, then copy (from the base) and insert operations. */
function applyDelta(base: Buffer, delta: Buffer, where: string, maxBytes: number): Buffer {
  let at = 0;
  const size = (): number => {
    let value = 0;
    let shift = 0;
    let c: number;
    do {
      if (at >= delta.length) throw new UnreadableObject(`${where}: truncated delta`);
      c = delta[at++];
      value += (c & 0x7f) * 2 ** shift;
      shift += 7;
    } while (c & 0x80);
    return value;
  };
  if (size() !== base.length) throw new UnreadableObject(`${where}: delta for another base`);
  const target = size();
  if (target > maxBytes) throw new ObjectTooLarge(`${where}: a delta builds ${target} bytes`, target);
  const out = Buffer.allocUnsafe(target);
  let written = 0;
  while (at < delta.length) {
    const op = delta[at++];
    if (op & 0x80) {
      let from = 0;
      let length = 0;
      for (let bit = 0; bit < 4; bit++) if (op & (1 << bit)) from |= delta[at++] << (8 * bit);
      for (let bit = 0; bit < 3; bit++) if (op & (16 << bit)) length |= delta[at++] << (8 * bit);
      from >>>= 0;
      if (length === 0) length = 0x10000;
      if (at > delta.length || from + length > base.length || written + length > out.length)
        throw new UnreadableObject(`${where}: delta copies out of range`);
      base.copy(out, written, from, from + length);
      written += length;
    } else if (op) {
      if (at + op > delta.length || written + op > out.length) throw new UnreadableObject(`${where}: bad delta insert`);
      delta.copy(out, written, at, at + op);
      at += op;
      written += op;
    } else throw new UnreadableObject(`${where}: reserved delta opcode`);
  }
  if (written !== out.length) throw new UnreadableObject(`${where}: delta leaves a gap`);
  return out;
}

/**
 * Below this, inflating in JS is quicker than loading node:zlib (about 2.5 ms, with node:stream),
 * even run cold, once per process, before the JIT has compiled it.
 */
const NATIVE_INFLATE_FROM = 2 * 1024;

let zlib: typeof import('node:zlib') | undefined;

/** The inflated stream; over `maxOutput` bytes, an `ObjectTooLarge` (node:zlib stops there). */
function inflate(deflated: Buffer, where: string, maxOutput = Infinity): Buffer {
  let out: Buffer;
  try {
    if (deflated.length < NATIVE_INFLATE_FROM) {
      // At most 1,032 bytes out per byte in: a couple of MiB, whatever the limit.
      const bytes = inflateZlib(deflated);
      out = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    } else {
      zlib ??= createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');
      out = zlib.inflateSync(deflated, Number.isFinite(maxOutput) ? { maxOutputLength: maxOutput + 1 } : {});
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new ObjectTooLarge(`${where}: inflates to over ${maxOutput} bytes`);
    throw new UnreadableObject(`${where}: ${(err as Error).message}`);
  }
  if (out.length > maxOutput) throw new ObjectTooLarge(`${where}: inflates to over ${maxOutput} bytes`);
  return out;
}

/** A loose object's header: its type and size, and where its bytes start. */
function looseHeader(inflated: Buffer, id: string): { type: ObjectType; size: number; at: number } {
  const nul = inflated.indexOf(0);
  const header = /^(commit|tree|blob|tag) (\d+)$/.exec(inflated.toString('latin1', 0, Math.max(nul, 0)));
  if (nul < 0 || nul > 32 || !header) throw new UnreadableObject(`loose object ${id} has no valid header`);
  return { type: header[1] as ObjectType, size: Number(header[2]), at: nul + 1 };
}

/**
 * What the opening bytes of a zlib stream inflate to: 512 of them hold a block's largest Huffman
 * tables (about 290 bytes) and the first bytes they code, and give at most about 530 KB.
 */
function inflatePrefix(deflated: Buffer, where: string): Buffer {
  zlib ??= createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');
  try {
    return zlib.inflateSync(deflated.subarray(0, 512), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch (err) {
    throw new UnreadableObject(`${where}: ${(err as Error).message}`);
  }
}

function checked(id: string, type: ObjectType, data: Buffer): GitObject {
  const hash = sha1Hex(Buffer.from(`${type} ${data.length}\0`, 'latin1'), data);
  if (hash !== id) throw new UnreadableObject(`object ${id} read back as ${hash}`);
  return { type, data };
}
