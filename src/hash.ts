// SHA-256 for content-addressed keys, the cache and fingerprints; SHA-1 for git's packed objects.
// node:crypto is loaded on the first hash, not at start: its ESM facade pulls in some twenty internal modules, a measurable
// share of a cold start that, linting one clean file, never hashes anything.
import { createRequire } from 'node:module';

let crypto: typeof import('node:crypto') | undefined;

export function sha256Hex(data: Uint8Array | string): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** SHA-1 of the parts, end to end, as git names its objects. */
export function sha1Hex(...parts: Uint8Array[]): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  const hash = crypto.createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}
