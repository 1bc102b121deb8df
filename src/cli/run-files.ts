// Reading and linting the files of a run, with the optional cache (src/cache.ts) and worker threads
// (src/workers.ts). Results are identical whichever path a file takes; runLint sorts them.
import { promises as fs } from 'node:fs';
import type { ResolvedConfig } from '../config.js';
import { unreadableResult } from '../engine.js';
import { forEachLimited, readRegularFile, type ReadScratch } from '../io.js';
import type { FileResult } from '../types.js';
import type { FileStamp, LintCache } from '../cache.js';
import type { AnyRule } from '../rule.js';

export interface FileJob {
  abs: string;
  display: string;
  /** path relative to the config's directory (picks globs) */
  rel: string;
  /** content already in hand (`--staged`): the disk is not read */
  bytes?: Uint8Array;
}

export interface RunFilesOptions {
  cache?: LintCache;
  concurrency?: number;
  onFile?: () => void;
  registry: readonly AnyRule[];
  lint: (display: string, bytes: Uint8Array, config: ResolvedConfig, rel: string) => FileResult;
}

export async function lintJobs(jobs: readonly FileJob[], config: ResolvedConfig, options: RunFilesOptions): Promise<FileResult[]> {
  const { cache } = options;
  const results: FileResult[] = [];
  const inWorkers = (options.concurrency ?? 1) > 1 && jobs.length > 1;
  // Files for the workers are collected first; on one thread each file is linted as soon as it is
  // read, so only one file's bytes and document are alive at a time (a 180 MB tree must not be
  // held in memory whole).
  const pending: Pending[] = [];
  // On one thread without a cache, jobs run one after the other and a file is linted before the
  // next is read, so one buffer serves every read.
  const scratch: ReadScratch = { buffer: Buffer.alloc(0) };
  const contentHash = cache ? (await import('../cache.js')).contentHash : undefined;
  const lintNow = (p: Pending) => {
    const r = options.lint(p.display, p.bytes, config, p.rel);
    remember(cache, p, r);
    results.push(r);
    options.onFile?.();
  };
  const take = (p: Pending) => (inWorkers ? pending.push(p) : lintNow(p));

  // Reading is synchronous, so jobs in flight only overlap the cache's stat calls; without a cache
  // a second job in flight would just hold its file's bytes while this one is linted.
  await forEachLimited(jobs, cache ? 8 : 1, async (job) => {
    if (job.bytes) {
      // Staged content has no mtime worth trusting; the content hash still finds it in the cache.
      const hash = contentHash?.(job.bytes);
      const hit = cache && hash ? cache.byHash(`staged:${job.abs}`, hash, { size: job.bytes.byteLength, mtimeMs: 0 }, job.display) : undefined;
      if (hit) {
        results.push(hit);
        options.onFile?.();
      } else take({ ...job, bytes: job.bytes, stamp: { size: job.bytes.byteLength, mtimeMs: 0 }, hash, staged: true });
      return;
    }
    let stamp: FileStamp = { size: -1, mtimeMs: -1 };
    if (cache) {
      try {
        const st = await fs.stat(job.abs);
        // Whole milliseconds, rounded: times restored through utimes come back a hair off.
        stamp = { size: st.size, mtimeMs: Math.round(st.mtimeMs), ctimeMs: Math.round(st.ctimeMs), ino: st.ino };
        const hit = st.isFile() ? cache.byStat(job.abs, stamp, job.display) : undefined;
        if (hit) {
          results.push(hit);
          options.onFile?.();
          return;
        }
      } catch {
        // reported by the read below
      }
    }
    const read = await readRegularFile(job.abs, undefined, inWorkers || cache ? undefined : scratch);
    if (!read.ok) {
      results.push(unreadableResult(job.display, read.detail, options.registry));
      options.onFile?.();
      return;
    }
    const hash = contentHash?.(read.bytes);
    const hit = cache && hash ? cache.byHash(job.abs, hash, stamp, job.display) : undefined;
    if (hit) {
      results.push(hit);
      options.onFile?.();
      return;
    }
    take({ ...job, bytes: read.bytes, stamp, hash, staged: false });
  });

  if (pending.length) {
    const { lintInWorkers } = await import('../workers.js');
    const fresh = await lintInWorkers(
      pending.map((p) => ({ display: p.display, rel: p.rel, bytes: p.bytes })),
      config,
      options.concurrency!,
      options.onFile,
    );
    const byDisplay = new Map(pending.map((p) => [p.display, p]));
    for (const r of fresh) {
      const p = byDisplay.get(r.filePath);
      if (p) remember(cache, p, r);
      results.push(r);
    }
  }
  return results;
}

type Pending = FileJob & { bytes: Uint8Array; stamp: FileStamp; hash?: string; staged: boolean };

function remember(cache: LintCache | undefined, p: Pending, r: FileResult): void {
  if (cache && p.hash && !r.readsLinkedFiles) cache.set(p.staged ? `staged:${p.abs}` : p.abs, p.stamp, p.hash, r);
}
