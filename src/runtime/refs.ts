// resolveRefs: the event as it was before `--fix-unsafe`. Every member named by the reference key
// template (`fileRef` for `file`, the template `--fix` uses) whose value is an `s3://` URI is
// fetched, checked (allow-list, size, SHA-256 against the content-hash key) and put back under its
// original key, in the original key's place, as the string that was written (the layout stored
// with the object), as a Buffer, or as a lazy handle. Events still carrying inline data pass
// through unchanged, so a function works with old and new events during the move.
import crypto from 'node:crypto';
import { encodeBase64Like } from '../base64/encode.js';
import { DEFAULT_KEY_TEMPLATE, HASH_CHARS, parseS3Uri, refKeyFor } from '../fix/keys.js';
import { RefError, openStore, type ObjectStore, type StoreOptions, type StoredObject } from './store.js';
import { setOwn } from '../pointer.js';

export interface ResolveOptions extends StoreOptions {
  /** the reference key template `--fix` used (default `{key}Ref`) */
  keyTemplate?: string;
  /** what a resolved member holds: the original string (default), its bytes, or a lazy handle */
  as?: 'base64' | 'buffer' | 'lazy';
  /** buckets a reference may name; with allowPrefixes, a reference must match one of either */
  allowBuckets?: readonly string[];
  /** `s3://bucket/prefix/` URIs a reference may start with */
  allowPrefixes?: readonly string[];
  /** the largest object fetched (default 32 MiB) */
  maxBytes?: number;
  /** check the SHA-256 against the content hash in the key (default true) */
  verify?: boolean;
  /** objects fetched at once (default 4) */
  concurrency?: number;
}

/** A reference resolved with `as: 'lazy'`: nothing is fetched until asked. */
export interface LazyRef {
  readonly uri: string;
  buffer(): Promise<Buffer>;
  /** the value as it was written before the move (base64 in its layout, text, or JSON) */
  value(): Promise<unknown>;
}

export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
const DEFAULT_CONCURRENCY = 4;
/** Verified objects kept in a warm container, by URI (keys are content hashes), up to this many bytes in all. */
const CACHE_BYTES = 64 * 1024 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);

/**
 * A warm Lambda container serves many events: objects already fetched and verified are kept by
 * their hash (bounded, oldest dropped first), which is why this one cache lives at module level.
 */
const cache = new Map<string, StoredObject>();
let cachedBytes = 0;

function remember(uri: string, obj: StoredObject) {
  if (obj.bytes.length > CACHE_BYTES / 4 || cache.has(uri)) return;
  cache.set(uri, obj);
  cachedBytes += obj.bytes.length;
  for (const [k, v] of cache) {
    if (cachedBytes <= CACHE_BYTES) break;
    cache.delete(k);
    cachedBytes -= v.bytes.length;
  }
}

/** The original key of a reference key under the template (`fileRef` -> `file`), if it is one. */
export function originalKeyOf(template: string, refKey: string): string | undefined {
  const [before, after] = template.split('{key}');
  if (
    after === undefined ||
    !refKey.startsWith(before) ||
    !refKey.endsWith(after) ||
    refKey.length <= before.length + after.length
  )
    return undefined;
  const original = refKey.slice(before.length, refKey.length - after.length);
  // The same function `--fix` names references with must give this key back.
  return refKeyFor(template, original) === refKey ? original : undefined;
}

/** The content-hash prefix that `--fix` and offloadLarge put in a key (`<16 hex>.<ext>`). */
function hashInKey(key: string): string | undefined {
  const m = new RegExp(`(?:^|/)([0-9a-f]{${HASH_CHARS}})\\.[a-z0-9]{1,10}$`).exec(key);
  return m?.[1];
}

function checkAllowed(
  uri: string,
  options: Pick<ResolveOptions, 'allowBuckets' | 'allowPrefixes'>,
): { bucket: string; key: string } {
  const parsed = parseS3Uri(uri);
  if (!parsed) throw new RefError('BadReference', `${uri} is not an s3://bucket/key URI`);
  const buckets = options.allowBuckets ?? [];
  const prefixes = options.allowPrefixes ?? [];
  if (!buckets.length && !prefixes.length) {
    throw new RefError(
      'NotAllowed',
      `${uri}: a reference in an event is untrusted input; name the buckets it may read with allowBuckets or allowPrefixes`,
    );
  }
  if (!buckets.includes(parsed.bucket) && !prefixes.some((p) => uri.startsWith(p))) {
    throw new RefError('NotAllowed', `${uri} is outside allowBuckets/allowPrefixes; not fetching it`);
  }
  if (parsed.key.split('/').some((s) => s === '..' || s === '.'))
    throw new RefError('BadReference', `${uri} has a . or .. segment`);
  return parsed;
}

function restoreValue(obj: StoredObject, as: 'base64' | 'buffer'): unknown {
  if (as === 'buffer') return obj.bytes;
  const form = obj.form;
  if (form?.kind === 'text') return obj.bytes.toString('utf8');
  if (form?.kind === 'json') return JSON.parse(obj.bytes.toString('utf8'));
  // Without a stored layout, standard padded base64 on one line.
  return encodeBase64Like(
    obj.bytes,
    form?.kind === 'base64'
      ? form
      : { alphabet: 'standard', padded: true, lineBreak: '', lineLength: 0, trailingLineBreak: false },
  );
}

export class Resolver {
  private readonly store: ObjectStore;
  private readonly template: string;
  private readonly maxBytes: number;
  private readonly verify: boolean;
  private readonly concurrency: number;

  constructor(private readonly options: ResolveOptions = {}) {
    this.store = openStore(options);
    this.template = options.keyTemplate ?? DEFAULT_KEY_TEMPLATE;
    if (!this.template.includes('{key}'))
      throw new RefError(
        'BadReference',
        `keyTemplate '${this.template}' must contain {key}, or the original key cannot be known`,
      );
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.verify = options.verify !== false;
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  }

  /** Fetch one object, checked against the allow-list, maxBytes and its content hash. */
  async fetch(uri: string): Promise<StoredObject> {
    const { bucket, key } = checkAllowed(uri, this.options);
    const hash = hashInKey(key);
    if (this.verify && !hash)
      throw new RefError(
        'HashMismatch',
        `${uri} has no content hash in its name to verify against; pass verify: false to accept it unchecked`,
      );
    const known = cache.get(uri);
    if (known && known.bytes.length <= this.maxBytes) return known;
    const obj = await this.store.get(bucket, key, this.maxBytes);
    const sha = crypto.createHash('sha256').update(obj.bytes).digest('hex');
    if (this.verify && !sha.startsWith(hash!))
      throw new RefError(
        'HashMismatch',
        `${uri} holds content with SHA-256 ${sha.slice(0, HASH_CHARS)}…, not the ${hash}… its key names`,
      );
    if (hash && sha.startsWith(hash)) remember(uri, obj);
    return obj;
  }

  /** The event with every reference resolved; the input is not changed. */
  async resolve<T>(event: T): Promise<T> {
    const as = this.options.as ?? 'base64';
    const jobs: { parent: Obj; refKey: string; original: string; uri: string }[] = [];
    // Walk without recursion: an event may nest deeply.
    const stack: unknown[] = [event];
    while (stack.length) {
      const node = stack.pop();
      if (Array.isArray(node)) for (const x of node) stack.push(x);
      else if (isObj(node)) {
        for (const [k, v] of Object.entries(node)) {
          const original = typeof v === 'string' && v.startsWith('s3://') ? originalKeyOf(this.template, k) : undefined;
          // Both present: the event still carries the data inline; leave it as it is.
          if (original !== undefined && !Object.prototype.hasOwnProperty.call(node, original))
            jobs.push({ parent: node, refKey: k, original, uri: v as string });
          else if (v !== null && typeof v === 'object') stack.push(v);
        }
      }
    }
    if (!jobs.length) return event;
    const values = new Map<string, unknown>();
    if (as === 'lazy') for (const j of jobs) values.set(j.uri, this.lazy(j.uri));
    else {
      const uris = [...new Set(jobs.map((j) => j.uri))];
      let next = 0;
      const worker = async () => {
        while (next < uris.length) {
          const uri = uris[next++];
          values.set(uri, restoreValue(await this.fetch(uri), as));
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, uris.length) }, worker));
    }
    const replaced = new Map<Obj, Obj>();
    for (const j of jobs) {
      const base = replaced.get(j.parent) ?? j.parent;
      // The original key takes the reference's place, so key order is as it was.
      const out: Obj = {};
      for (const [k, v] of Object.entries(base)) {
        if (k === j.refKey) setOwn(out, j.original, values.get(j.uri));
        else setOwn(out, k, v);
      }
      replaced.set(j.parent, out);
    }
    return rebuild(event, replaced) as T;
  }

  private lazy(uri: string): LazyRef {
    let fetched: Promise<StoredObject> | undefined;
    const get = () => (fetched ??= this.fetch(uri));
    return {
      uri,
      buffer: async () => (await get()).bytes,
      value: async () => restoreValue(await get(), 'base64'),
    };
  }
}

/** A copy of `value` in which every object in `replaced` is swapped for its replacement. */
function rebuild(value: unknown, replaced: Map<Obj, Obj>): unknown {
  // Only the objects on the way to a replaced one are copied; the rest is shared.
  const onPath = new Set<unknown>();
  const parents = new Map<unknown, unknown>();
  const stack: unknown[] = [value];
  while (stack.length) {
    const node = stack.pop();
    const kids = Array.isArray(node) ? node : isObj(node) ? Object.values(node) : [];
    for (const k of kids) {
      if (k !== null && typeof k === 'object' && !parents.has(k)) {
        parents.set(k, node);
        stack.push(k);
      }
    }
  }
  for (const r of replaced.keys())
    for (let n: unknown = r; n !== undefined && !onPath.has(n); n = parents.get(n)) onPath.add(n);
  const copy = (node: unknown): unknown => {
    if (!onPath.has(node)) return node;
    const base = isObj(node) && replaced.has(node) ? replaced.get(node)! : node;
    if (Array.isArray(base)) return base.map(copy);
    const out: Obj = {};
    for (const [k, v] of Object.entries(base as Obj)) setOwn(out, k, copy(v));
    return out;
  };
  return copy(value);
}

export function resolveRefs<T>(event: T, options: ResolveOptions = {}): Promise<T> {
  return new Resolver(options).resolve(event);
}
