// The manifest in the stage dir: one entry per rewrite (file, pointers, original key, URI,
// SHA-256, and how the original was written), which is what `inline` needs to undo it.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../io.js';
import type { RewriteRecord } from './rewrites.js';

export const MANIFEST_NAME = 'manifest.json';

export interface ManifestEntry extends RewriteRecord {
  /** the rewritten file, relative to the directory the command ran in, with `/` */
  file: string;
}

export interface Manifest {
  version: 1;
  entries: ManifestEntry[];
}

export function manifestPath(stageDir: string): string {
  return path.join(stageDir, MANIFEST_NAME);
}

export async function readManifest(stageDir: string): Promise<Manifest> {
  try {
    const parsed = JSON.parse(await fs.readFile(manifestPath(stageDir), 'utf8')) as Manifest;
    if (parsed?.version !== 1 || !Array.isArray(parsed.entries)) throw new Error('not a payload-guard manifest (version 1)');
    return parsed;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: [] };
    throw new Error(`${manifestPath(stageDir)}: ${(err as Error).message}`);
  }
}

const sameEntry = (a: ManifestEntry, b: ManifestEntry) => a.file === b.file && a.refPointer === b.refPointer && a.uri === b.uri;

/** Add entries (a repeated rewrite replaces its older entry) and write the manifest atomically. */
export async function addToManifest(stageDir: string, entries: readonly ManifestEntry[]): Promise<void> {
  if (!entries.length) return;
  const manifest = await readManifest(stageDir);
  for (const e of entries) {
    const i = manifest.entries.findIndex((m) => sameEntry(m, e));
    if (i >= 0) manifest.entries[i] = e;
    else manifest.entries.push(e);
  }
  await fs.mkdir(stageDir, { recursive: true });
  await writeFileAtomic(manifestPath(stageDir), JSON.stringify(manifest, null, 2) + '\n');
}
