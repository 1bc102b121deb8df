// SHA-256 for content-addressed keys, the cache and fingerprints. node:crypto is loaded on the
// first hash, not at start: its ESM facade pulls in some twenty internal modules, a measurable
// share of a cold start that, linting one clean file, never hashes anything.
import { createRequire } from 'node:module';

let crypto: typeof import('node:crypto') | undefined;

export function sha256Hex(data: Uint8Array | string): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return crypto.createHash('sha256').update(data).digest('hex');
}
