// Object keys and URIs for moved data. A key is built only from a sanitised prefix, a sanitised
// file name and a SHA-256 prefix, so nothing taken from the document (a hostile JSON key such as
// `../../x`) can steer where an object lands. Pure.
import { sha256Hex } from '../hash.js';

/** Hex chars of the SHA-256 kept in a key: 64 bits, enough that distinct blobs never meet. */
export const HASH_CHARS = 16;

export { sha256Hex };

/** `a/../b//c d/` -> `a/b/c-d/`: no empty, `.` or `..` segment, no leading slash, safe characters only. */
export function sanitizePrefix(prefix: string | undefined): string {
  if (!prefix) return '';
  const segments = prefix
    .split(/[\\/]+/)
    .map((s) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, ''))
    .filter((s) => s !== '' && s !== '.' && s !== '..');
  if (!segments.length) return '';
  return segments.join('/') + (/[\\/]$/.test(prefix) ? '/' : '');
}

/** A file or field name reduced to `[A-Za-z0-9._-]`, never starting with a dot, at most 64 chars. */
function sanitizeName(name: string, fallback = 'payload'): string {
  const clean = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .replace(/[.-]+$/, '')
    .slice(0, 64);
  return clean || fallback;
}

function sanitizeExtension(ext: string | undefined): string {
  return ext && /^[a-z0-9]{1,10}$/i.test(ext) ? ext.toLowerCase() : 'bin';
}

/** `<prefix><sha256 prefix>.<ext>` for a blob moved out by the fileRef rewrite. */
export function blobKey(prefix: string | undefined, sha256: string, extension: string | undefined): string {
  return `${sanitizePrefix(prefix)}${sha256.slice(0, HASH_CHARS)}.${sanitizeExtension(extension)}`;
}

/** `<prefix><name>-<sha256 prefix>.json` for a Power Tuning payload moved out by payloadS3. */
export function payloadKey(prefix: string | undefined, fileName: string, sha256: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  return `${sanitizePrefix(prefix)}${sanitizeName(base)}-${sha256.slice(0, HASH_CHARS)}.json`;
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

export const DEFAULT_KEY_TEMPLATE = '{key}Ref';

/** `{key}Ref` turns `file` into `fileRef`; a template without `{key}` is the name itself. */
export function refKeyFor(template: string | undefined, key: string): string {
  const t = template || DEFAULT_KEY_TEMPLATE;
  return t.includes('{key}') ? t.split('{key}').join(key) : t;
}

export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * The bucket `init` writes into a starter config. It is a valid bucket name, so it must be told
 * apart by name: a fix never moves data to it (it is unset until someone sets a real one).
 */
export const BUCKET_PLACEHOLDER = 'replace-me-with-your-payload-bucket';

/** The bucket as set, or undefined when it is unset or still the placeholder. */
export function realBucket(bucket: string | undefined): string | undefined {
  return bucket === undefined || bucket === '' || bucket === BUCKET_PLACEHOLDER ? undefined : bucket;
}

/**
 * The config's `fix` section with the command line's values over it. `bucketMissing` and
 * `placeholderBucket` are set by a --fix run (see fixTarget), never by a config.
 */
export interface FixSettings {
  bucket?: string;
  prefix?: string;
  keyTemplate?: string;
  /** a --fix run without a bucket: fixes are built with an empty bucket */
  bucketMissing?: boolean;
  /** a dry run's diff may name init's placeholder bucket (nothing is written) */
  placeholderBucket?: boolean;
}

/** Where a fix moves data: what rules build fileRef and payloadS3 rewrites from. */
export interface FixTarget {
  bucket: string;
  prefix: string;
  keyTemplate: string;
}

/**
 * The destination from the config's `fix` section (plus CLI flags); undefined without a bucket,
 * except in a --fix run without one (`bucketMissing`), where fixes are built with an empty bucket
 * only so that the run can tell the user a bucket is needed before it writes anything. init's
 * placeholder counts as unset, except in a dry run's diff (`placeholderBucket`), which writes nothing.
 */
export function fixTarget(settings: Readonly<FixSettings>): FixTarget | undefined {
  let bucket = settings.bucket;
  if (
    typeof bucket !== 'string' ||
    !BUCKET_NAME.test(bucket) ||
    (bucket === BUCKET_PLACEHOLDER && settings.placeholderBucket !== true)
  ) {
    if (settings.bucketMissing !== true) return undefined;
    bucket = '';
  }
  return {
    bucket,
    prefix: sanitizePrefix(typeof settings.prefix === 'string' ? settings.prefix : ''),
    keyTemplate: typeof settings.keyTemplate === 'string' ? settings.keyTemplate : DEFAULT_KEY_TEMPLATE,
  };
}

/** `s3://bucket/key` split, or undefined. */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  return m ? { bucket: m[1], key: m[2] } : undefined;
}
