// The local stage: `<stage-dir>/<bucket>/<key>`, laid out so that
// `aws s3 sync <stage-dir>/<bucket> s3://<bucket>` uploads it. Objects are content-addressed, so a
// second run finds them in place; a different object under an existing key is refused.
import { sha256Hex } from '../hash.js';
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import type { StagedObjects } from '../rule.js';
import { makeDirs, writeFileAtomic } from './files.js';

class StageError extends Error {}

/** Absolute path of an object, or an error when the bucket or key would leave the stage dir. */
export function stagedPath(stageDir: string, bucket: string, key: string): string {
  const root = path.resolve(stageDir);
  const bucketDir = path.resolve(root, bucket);
  const file = path.resolve(bucketDir, key);
  if (
    path.dirname(bucketDir) !== root ||
    !file.startsWith(bucketDir + path.sep) ||
    key.split('/').some((s) => s === '..' || s === '.' || s === '')
  ) {
    throw new StageError(
      `refusing object key ${JSON.stringify(key)} in bucket ${JSON.stringify(bucket)}: it would leave ${stageDir}`,
    );
  }
  return file;
}

export type StageOutcome = 'written' | 'present';

/** Store `bytes` at the key; the same bytes already there are fine, different bytes are an error. */
export async function stageObject(
  stageDir: string,
  bucket: string,
  key: string,
  bytes: Uint8Array,
): Promise<StageOutcome> {
  const file = stagedPath(stageDir, bucket, key);
  let existing: Buffer | undefined;
  try {
    existing = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (existing) {
    if (sha256(existing) === sha256(bytes)) return 'present';
    throw new StageError(
      `${path.relative(process.cwd(), file) || file} already holds different content; not overwriting it (remove it if it is stale)`,
    );
  }
  await makeDirs(path.dirname(file));
  await writeFileAtomic(file, bytes);
  return 'written';
}

export async function readStaged(stageDir: string, bucket: string, key: string): Promise<Buffer> {
  return fs.readFile(stagedPath(stageDir, bucket, key));
}

/** The stage folder as rules see it: a synchronous size lookup (objects are few and small to stat). */
export function stageFolderLookup(stageDir: string): StagedObjects {
  return {
    bytesOf(bucket, key) {
      try {
        const st = statSync(stagedPath(stageDir, bucket, key));
        return st.isFile() ? st.size : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

export const sha256 = sha256Hex;

/**
 * Sizes of every staged object as `{ "<bucket>/<key>": bytes }`: plain data, so that a lint run
 * without --fix can hand it to rules (and across threads). Empty when there is no stage dir.
 */
export async function stageFolderSizes(stageDir: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(stageDir, { recursive: true, withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!e.isFile()) continue;
    const rel = path.relative(stageDir, path.join(e.parentPath, e.name)).split(path.sep).join('/');
    if (!rel.includes('/')) continue; // the manifest, beside the bucket folders
    out[rel] = (await fs.stat(path.join(e.parentPath, e.name))).size;
  }
  return out;
}
