// `--concurrency N`: lint on N threads, this one and N - 1 workers. Each worker reads its own files (the main thread
// sends paths, not bytes: holding every file and copying it to a worker cost twice the memory and
// more time than one thread). Files go out in small batches pulled by whichever worker is free, so
// one huge file does not hold up a fixed share of the rest. The caller sorts, so results are the
// same as on one thread.
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from './config.js';
import { packageInfo } from './io/package-info.js';
import type { FileResult } from './types.js';

export interface WorkerJob {
  abs: string;
  display: string;
  rel: string;
  /** content already in hand (`--staged`); otherwise the worker reads `abs` */
  bytes?: Uint8Array;
  /** with a cache: the hash on record, so that unchanged content is not linted again */
  knownHash?: string;
  /** with a cache: send back the content hash */
  wantHash?: boolean;
}

/** One job's outcome: a result, or (`same`) content whose hash is `knownHash`, not linted. */
export interface WorkerOutcome {
  index: number;
  result?: FileResult;
  hash?: string;
  same?: boolean;
}

/** What a worker needs to build the same linter as the main thread. */
export interface WorkerInit {
  file: ResolvedConfig['file'];
  baseDir: string;
  source?: string;
  valueHashes: boolean;
  /** the stage folder's object sizes by `bucket/key` (plain data): what a one-thread run's rules see */
  stagedSizes?: Record<string, number>;
}

/** The bundled entry (src/build/library.ts): the installed package ships no dependencies beside it. */
function workerEntry(): string {
  return path.join(packageInfo().root, 'dist', 'lib', 'worker-entry.js');
}

const BATCH_FILES = 8;

/**
 * How many workers to start for `files` files: never more than the cores (more threads only
 * share them, each with its own heap: 64 on 3,000 files took 13x as long and 1 GB) nor the files.
 * `reason` says why the count is below the one asked for.
 */
export function workerCount(
  asked: number,
  files: number,
  cores = os.availableParallelism(),
): { count: number; reason?: string } {
  if (asked <= cores && asked <= files) return { count: asked };
  if (files < cores)
    return {
      count: files,
      reason: `--concurrency ${asked}: ${files} thread${files === 1 ? '' : 's'}, one per file to lint`,
    };
  return {
    count: cores,
    reason: `--concurrency ${asked}: ${cores} thread${cores === 1 ? '' : 's'}, the cores available`,
  };
}

/**
 * Lints `jobs` on `lanes` lanes. With `local`, the calling thread is one of them (it is loaded and
 * its config resolved already: a worker of its own would start, load and warm up a second copy
 * of the linter for nothing) and `lanes - 1` workers run beside it. Each worker keeps two batches
 * in hand, so it never waits while the calling thread is busy with a file of its own.
 */
export async function lintInWorkers(
  jobs: readonly WorkerJob[],
  init: WorkerInit,
  lanes: number,
  onOutcome?: (o: WorkerOutcome) => void,
  local?: (index: number) => Promise<void>,
): Promise<WorkerOutcome[]> {
  const batches: number[][] = [];
  for (let i = 0; i < jobs.length; i += BATCH_FILES)
    batches.push(Array.from({ length: Math.min(BATCH_FILES, jobs.length - i) }, (_, k) => i + k));
  const outcomes: WorkerOutcome[] = [];
  let next = 0;
  const take = () => (next < batches.length ? batches[next++] : undefined);
  const entry = workerEntry();
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(entry, { workerData: init });
      let inHand = 0;
      let ending = false;
      const send = () => {
        const batch = take();
        if (batch) {
          inHand++;
          worker.postMessage(batch.map((index) => ({ index, job: jobs[index] })));
        } else if (inHand === 0 && !ending) {
          ending = true;
          worker.terminate().then(() => resolve(), reject);
        }
      };
      worker.on('message', (msg: WorkerOutcome[]) => {
        inHand--;
        for (const o of msg) {
          outcomes.push(o);
          onOutcome?.(o);
        }
        send();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (!ending) reject(new Error(`a lint worker exited with code ${code}`));
      });
      send();
      send();
    });
  // A file read and linted here settles its promises at once, and microtasks alone never let the
  // event loop deliver a worker's message: a turn of the loop after each file keeps the workers fed.
  const runLocal = async () => {
    for (let batch = take(); batch; batch = take())
      for (const index of batch) {
        await local!(index);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
  };
  const workers = Math.max(1, Math.min(local ? lanes - 1 : lanes, batches.length));
  await Promise.all([...Array.from({ length: workers }, runWorker), ...(local ? [runLocal()] : [])]);
  return outcomes;
}
