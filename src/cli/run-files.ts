// Reading and linting the files of a run, with the optional cache (src/cache.ts) and, beside this
// thread, worker threads (src/workers.ts). Results are identical whichever path a file takes;
// runLint sorts them.
import { statSync } from 'node:fs';
import type { ResolvedConfig } from '../config.js';
import { unreadableResult } from '../engine.js';
import { readRegularFile, type ReadScratch } from '../io/files.js';
import type { FileResult } from '../types.js';
import type { FileStamp, LintCache } from '../io/cache.js';
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
  /** a line for stderr: why fewer threads run than `concurrency` asked for */
  onNote?: (text: string) => void;
  registry: readonly AnyRule[];
  /** Loads the parsers these files may need: called once, for the files the cache does not answer by their stat. */
  prepare?: (abs: readonly string[]) => Promise<void>;
  lint: (display: string, bytes: Uint8Array, config: ResolvedConfig, rel: string) => FileResult | Promise<FileResult>;
  /** the stage folder's object sizes, for workers to see what one thread sees */
  stagedSizes?: Record<string, number>;
}

/**
 * A file still to lint after the stat check of the cache, under its cache key. The job is held,
 * not spread into it: a copy of every job was a share of a small-file run's allocations.
 */
interface Todo {
  job: FileJob;
  key: string;
  stamp: FileStamp;
}

const NO_STAMP: FileStamp = { size: -1, mtimeMs: -1 };

export async function lintJobs(
  jobs: readonly FileJob[],
  config: ResolvedConfig,
  options: RunFilesOptions,
): Promise<FileResult[]> {
  const { cache } = options;
  const results: FileResult[] = [];
  const done = (r: FileResult) => {
    results.push(r);
    options.onFile?.();
  };
  // The stat check first, synchronously: a warm run on an unchanged tree is one stat per file, and
  // an asynchronous stat per file costs a thread-pool round trip each.
  const todo: Todo[] = [];
  for (const job of jobs) {
    if (job.bytes) {
      // Staged content has no mtime worth trusting; the content hash still finds it in the cache.
      todo.push({ job, key: `staged:${job.abs}`, stamp: { size: job.bytes.byteLength, mtimeMs: 0 } });
      continue;
    }
    const stamp = cache ? stampOf(job.abs) : undefined;
    const hit = stamp?.file ? cache!.byStat(job.abs, stamp.stamp, job.display) : undefined;
    if (hit) done(hit);
    else todo.push({ job, key: job.abs, stamp: stamp?.stamp ?? NO_STAMP });
  }

  // A warm run whose files all answer by stat parses nothing: the YAML parser is not even loaded.
  if (todo.length) await options.prepare?.(todo.map((t) => t.job.abs));
  const asked = options.concurrency ?? 1;
  if (asked > 1 && todo.length > 1) {
    const { workerCount } = await import('../workers.js');
    const { count, reason } = workerCount(asked, todo.length);
    if (reason) options.onNote?.(reason);
    if (count > 1) {
      await inWorkers(todo, config, count, options, done, await fileLinter(config, options, done));
      return results;
    }
  }

  const lintOne = await fileLinter(config, options, done);
  for (const t of todo) await lintOne(t);
  return results;
}

/**
 * How this thread lints one file: read, look up in the cache, lint, remember. Files go one after
 * the other and a file is linted before the next is read, so one buffer serves every read, and only
 * one file's bytes and document are alive at a time (a 180 MB tree must not be held in memory whole).
 */
async function fileLinter(
  config: ResolvedConfig,
  options: RunFilesOptions,
  done: (r: FileResult) => void,
): Promise<(t: Todo) => Promise<void>> {
  const { cache } = options;
  const contentHash = cache ? (await import('../io/cache.js')).contentHash : undefined;
  const scratch: ReadScratch = { buffer: Buffer.alloc(0) };
  return async (t) => {
    const { job } = t;
    let bytes = job.bytes;
    if (!bytes) {
      const read = await readRegularFile(job.abs, undefined, scratch);
      if (!read.ok) return done(unreadableResult(job.display, read.detail, options.registry));
      bytes = read.bytes;
    }
    const hash = contentHash?.(bytes);
    const hit = cache && hash ? cache.byHash(t.key, hash, t.stamp, job.display) : undefined;
    if (hit) return done(hit);
    const linted = options.lint(job.display, bytes, config, job.rel);
    const r = linted instanceof Promise ? await linted : linted;
    remember(cache, t, hash, r);
    done(r);
  };
}

/**
 * `count` lanes: this thread and `count - 1` workers. Workers read their own files; with a cache
 * they hash them, and skip linting content the cache holds.
 */
async function inWorkers(
  todo: readonly Todo[],
  config: ResolvedConfig,
  count: number,
  options: RunFilesOptions,
  done: (r: FileResult) => void,
  lintHere: (t: Todo) => Promise<void>,
): Promise<void> {
  const { cache } = options;
  const { lintInWorkers } = await import('../workers.js');
  const jobs = todo.map(({ job, key }) => ({
    abs: job.abs,
    display: job.display,
    rel: job.rel,
    bytes: job.bytes,
    knownHash: cache?.knownHash(key),
    wantHash: cache !== undefined,
  }));
  const init = {
    file: config.file,
    baseDir: config.baseDir,
    source: config.source,
    valueHashes: config.valueHashes === true,
    stagedSizes: options.stagedSizes,
  };
  await lintInWorkers(
    jobs,
    init,
    count,
    (o) => {
      const t = todo[o.index];
      const hit = o.same && cache && o.hash ? cache.byHash(t.key, o.hash, t.stamp, t.job.display) : undefined;
      if (hit) return done(hit);
      // `same` always finds its entry: the hash came from it. A result is linted, not cached.
      if (o.result) {
        remember(cache, t, o.hash, o.result);
        done(o.result);
      }
    },
    (index) => lintHere(todo[index]),
  );
}

function stampOf(abs: string): { stamp: FileStamp; file: boolean } | undefined {
  try {
    const st = statSync(abs, { throwIfNoEntry: false });
    if (!st) return undefined;
    // Whole milliseconds, rounded: times restored through utimes come back a hair off.
    return {
      stamp: { size: st.size, mtimeMs: Math.round(st.mtimeMs), ctimeMs: Math.round(st.ctimeMs), ino: st.ino },
      file: st.isFile(),
    };
  } catch {
    // reported by the read
    return undefined;
  }
}

function remember(cache: LintCache | undefined, t: Todo, hash: string | undefined, r: FileResult): void {
  if (cache && hash && !r.readsLinkedFiles) cache.set(t.key, t.stamp, hash, r);
}
