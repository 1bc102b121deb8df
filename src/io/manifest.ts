// The manifest in the stage dir: one entry per rewrite (file, pointers, original key, URI,
// SHA-256, and how the original was written), which is what `inline` needs to undo it. The
// original text (MIME line breaks, `\/` escapes, the key as written) lives only here, so every
// rewrite is recorded whatever runs beside it:
// - each rewritten file's entries are appended, as one line, to a journal beside the manifest and
//   flushed to disk before the file is renamed (a crash between the two leaves an entry whose
//   reference is not in the file, which `inline` skips);
// - once per run the journal is folded into manifest.json (one write per run, not per file: the
//   manifest of a large tree used to be rewritten whole after every file);
// - appends and folds hold a lock file, so two `--fix` runs at once (lint-staged tasks, an editor's
//   fix on save beside a hook) never drop each other's entries.
import { hostname } from 'node:os';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { makeDirs, writeFileAtomic } from './files.js';
import type { RewriteRecord } from '../fix/rewrites.js';

export const MANIFEST_NAME = 'manifest.json';
/** JSON lines of entries not yet folded into the manifest (one line per rewritten file). */
export const JOURNAL_NAME = 'manifest.journal';
const LOCK_NAME = 'manifest.lock';
/** How long a run waits for another run's lock before giving up (it is held for one append or fold). */
const LOCK_WAIT_MS = 30_000;
/** A lock file left empty (its writer died between creating and filling it) is stale after this. */
const EMPTY_LOCK_STALE_MS = 10_000;

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

/** The manifest with the journal's entries applied: everything recorded so far. */
export async function readManifest(stageDir: string): Promise<Manifest> {
  const manifest = await readManifestFile(stageDir);
  merge(manifest, await readJournal(stageDir));
  return manifest;
}

async function readManifestFile(stageDir: string): Promise<Manifest> {
  try {
    const parsed = JSON.parse(await fs.readFile(manifestPath(stageDir), 'utf8')) as Manifest;
    if (parsed?.version !== 1 || !Array.isArray(parsed.entries))
      throw new Error('not a payload-guard manifest (version 1)');
    return parsed;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: [] };
    throw new Error(`${manifestPath(stageDir)}: ${(err as Error).message}`, { cause: err });
  }
}

async function readJournal(stageDir: string): Promise<ManifestEntry[]> {
  const file = path.join(stageDir, JOURNAL_NAME);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
  }
  const lines = text.split('\n');
  const out: ManifestEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]) continue;
    let entries: ManifestEntry[];
    try {
      entries = JSON.parse(lines[i]) as ManifestEntry[];
      if (!Array.isArray(entries)) throw new TypeError('not a list of entries');
    } catch {
      // A torn last line is an append a crash cut short: its file was never renamed.
      if (i === lines.length - 1) break;
      throw new Error(`${file}:${i + 1}: a damaged journal line; not using the manifest`);
    }
    // Outside the try, and a loop: a line of over about 120,000 entries spread into push() would
    // overflow the stack, and be taken for a damaged line.
    for (const entry of entries) out.push(entry);
  }
  return out;
}

/** A repeated rewrite (same file, reference and URI) replaces its older entry. */
function merge(manifest: Manifest, entries: readonly ManifestEntry[]): void {
  if (!entries.length) return;
  const id = (e: ManifestEntry) => JSON.stringify([e.file, e.refPointer, e.uri]);
  const index = new Map(manifest.entries.map((e, i) => [id(e), i]));
  for (const e of entries) {
    const i = index.get(id(e));
    if (i !== undefined) manifest.entries[i] = e;
    else index.set(id(e), manifest.entries.push(e) - 1);
  }
}

/**
 * Records one file's rewrites durably (appended and flushed) before the caller renames the file.
 * Cheap: the bytes of these entries only, whatever the size of the manifest.
 */
export async function recordRewrites(stageDir: string, entries: readonly ManifestEntry[]): Promise<void> {
  if (!entries.length) return;
  await makeDirs(stageDir);
  await withLock(stageDir, async () => {
    const handle = await fs.open(path.join(stageDir, JOURNAL_NAME), 'a');
    try {
      await handle.writeFile(JSON.stringify(entries) + '\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

/** Folds the journal into manifest.json (once per run). A crash half way is replayed next time. */
export async function compactManifest(stageDir: string): Promise<void> {
  const journal = path.join(stageDir, JOURNAL_NAME);
  try {
    await fs.stat(journal);
  } catch {
    return;
  }
  await withLock(stageDir, async () => {
    const manifest = await readManifest(stageDir);
    await writeFileAtomic(manifestPath(stageDir), JSON.stringify(manifest, null, 2) + '\n');
    // Entries already folded and still in the journal merge into themselves: removing it last is safe.
    await fs.rm(journal, { force: true });
  });
}

/**
 * An exclusive lock: a file created with O_EXCL holding our pid and host. A lock whose process is
 * gone (same host, no such pid) is removed; otherwise we wait, a bounded time. Two runs breaking
 * the same stale lock at the same instant could both proceed; that needs a crash first and a
 * race within microseconds after, and costs at most a journal line both appended anyway.
 */
async function withLock<T>(stageDir: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(stageDir, LOCK_NAME);
  const me = `${process.pid}@${hostname()}`;
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await fs.open(lock, 'wx');
      try {
        await handle.writeFile(me);
      } finally {
        await handle.close();
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (await isStale(lock)) {
      await fs.rm(lock, { force: true });
      continue;
    }
    if (Date.now() - started > LOCK_WAIT_MS) {
      throw new Error(
        `${lock} is held by another payload-guard run for over ${LOCK_WAIT_MS / 1000} s; if no run is active, remove it and run again`,
      );
    }
    await new Promise((r) => setTimeout(r, Math.min(5 + attempt * 5, 100)));
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lock, { force: true });
  }
}

async function isStale(lock: string): Promise<boolean> {
  let owner: string;
  let mtimeMs: number;
  try {
    owner = await fs.readFile(lock, 'utf8');
    mtimeMs = (await fs.stat(lock)).mtimeMs;
  } catch {
    return false; // released meanwhile: the next attempt takes it
  }
  const m = /^(\d+)@(.*)$/.exec(owner);
  if (!m) return Date.now() - mtimeMs > EMPTY_LOCK_STALE_MS;
  if (m[2] !== hostname()) return false;
  try {
    process.kill(Number(m[1]), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
