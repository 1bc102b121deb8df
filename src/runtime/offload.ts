// offloadLarge: for handlers whose result goes back into Step Functions, where a result that grows
// at run time is the most common States.DataLimitExceeded. When the result's JSON passes the
// threshold, its largest members are written to S3 under their content hash and replaced by
// references in the form `--fix` writes (`fileRef` for `file`), until it fits. resolveRefs reads
// them back: base64 as the same string, text as text, objects and arrays as JSON.
import { isObject, setOwn } from '../pointer.js';
import crypto from 'node:crypto';
import { encodeBase64Like, type Base64Layout } from '../base64/encode.js';
import { DEFAULT_KEY_TEMPLATE, blobKey, refKeyFor, s3Uri } from '../fix/keys.js';
import { openStore, type StoreOptions, type StoredForm } from './store.js';
import { compactJsonBytes } from '../text.js';

export interface OffloadOptions extends StoreOptions {
  bucket: string;
  prefix?: string;
  /**
   * The result's compact JSON may be at most this many bytes (default 240 KiB: the 256 KiB Step
   * Functions limit less room for the lambda:invoke envelope and what ResultPath merges beside it).
   */
  thresholdBytes?: number;
  /** members smaller than this stay inline (default 1 KiB) */
  minFieldBytes?: number;
  keyTemplate?: string;
}

export const DEFAULT_OFFLOAD_THRESHOLD_BYTES = 240 * 1024;

type Obj = Record<string, unknown>;

const BASE64 = /^(data:[\w.+-]+\/[\w.+-]+(?:;[\w.+-]+=[\w.+-]+)*;base64,)?([A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+={0,2})$/;

/** The bytes to store and how to turn them back into `value`; base64 only where that is exact. */
function storedForm(value: unknown): { bytes: Buffer; form: StoredForm; contentType: string; ext: string } {
  if (typeof value === 'string') {
    const m = BASE64.exec(value);
    if (m && value.length >= 16) {
      const payload = m[2];
      const layout: Base64Layout = {
        alphabet: /[-_]/.test(payload) ? 'url' : 'standard',
        padded: payload.endsWith('='),
        lineBreak: '',
        lineLength: 0,
        trailingLineBreak: false,
        ...(m[1] ? { dataUri: { prefix: m[1] } } : {}),
      };
      const bytes = Buffer.from(payload, 'base64');
      // Only a string that re-encodes to itself is stored as bytes; anything else stays text.
      if (encodeBase64Like(bytes, layout) === value) {
        const mediaType = m[1] ? m[1].slice(5, m[1].indexOf(';')) : 'application/octet-stream';
        return { bytes, form: { kind: 'base64', ...layout }, contentType: mediaType, ext: 'bin' };
      }
    }
    return {
      bytes: Buffer.from(value, 'utf8'),
      form: { kind: 'text' },
      contentType: 'text/plain; charset=utf-8',
      ext: 'txt',
    };
  }
  return {
    bytes: Buffer.from(JSON.stringify(value), 'utf8'),
    form: { kind: 'json' },
    contentType: 'application/json',
    ext: 'json',
  };
}

/** Members that could move, largest first: every object member whose value is at least minBytes. */
function candidates(root: unknown, minBytes: number, template: string): { parent: Obj; key: string; bytes: number }[] {
  const out: { parent: Obj; key: string; bytes: number }[] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) for (const x of node) stack.push(x);
    else if (isObject(node)) {
      for (const [k, v] of Object.entries(node)) {
        if (v === undefined) continue;
        const bytes = compactJsonBytes(v);
        const ref = refKeyFor(template, k);
        if (bytes >= minBytes && ref !== k && !Object.prototype.hasOwnProperty.call(node, ref))
          out.push({ parent: node, key: k, bytes });
        if (v !== null && typeof v === 'object') stack.push(v);
      }
    }
  }
  return out.sort((a, b) => b.bytes - a.bytes);
}

/** The result with its largest members moved to S3 until its JSON fits `thresholdBytes`; unchanged when it fits already. */
export async function offloadLarge<T>(result: T, options: OffloadOptions): Promise<T> {
  const threshold = options.thresholdBytes ?? DEFAULT_OFFLOAD_THRESHOLD_BYTES;
  let total = compactJsonBytes(result);
  if (total <= threshold || result === null || typeof result !== 'object') return result;
  const template = options.keyTemplate ?? DEFAULT_KEY_TEMPLATE;
  const store = openStore(options);
  // Work on a copy: the caller's object is not changed.
  const copy = JSON.parse(JSON.stringify(result)) as T;
  for (const c of candidates(copy, options.minFieldBytes ?? 1024, template)) {
    if (total <= threshold) break;
    // A member inside one already moved is gone with it.
    if (!Object.prototype.hasOwnProperty.call(c.parent, c.key)) continue;
    const { bytes, form, contentType, ext } = storedForm(c.parent[c.key]);
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    const key = blobKey(options.prefix, sha, ext);
    await store.put(options.bucket, key, bytes, contentType, form);
    const uri = s3Uri(options.bucket, key);
    const refKey = refKeyFor(template, c.key);
    // The reference takes the member's place, so key order stays.
    const entries = Object.entries(c.parent);
    for (const k of Object.keys(c.parent)) delete c.parent[k];
    for (const [k, v] of entries) setOwn(c.parent, k === c.key ? refKey : k, k === c.key ? uri : v);
    total = compactJsonBytes(copy);
  }
  return copy;
}
