// `--concurrency N`: lint on N worker threads. Files go out in small batches pulled by whichever
// worker is free, so one huge file does not hold up a fixed share of the rest. The caller sorts,
// so results are the same as on one thread.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from './config.js';
import { packageInfo } from './reporters/package-info.js';
import type { FileResult } from './types.js';

export interface WorkerJob {
  display: string;
  rel: string;
  bytes: Uint8Array;
}

/** The bundled entry (src/build/library.ts): the installed package ships no dependencies beside it. */
export function workerEntry(): string {
  return path.join(packageInfo().root, 'dist', 'lib', 'worker-entry.js');
}

const BATCH_FILES = 16;
const BATCH_BYTES = 4 * 1024 * 1024;

export async function lintInWorkers(jobs: readonly WorkerJob[], config: ResolvedConfig, threads: number, onResult?: () => void): Promise<FileResult[]> {
  const batches: WorkerJob[][] = [];
  let current: WorkerJob[] = [];
  let bytes = 0;
  for (const j of jobs) {
    current.push(j);
    bytes += j.bytes.byteLength;
    if (current.length >= BATCH_FILES || bytes >= BATCH_BYTES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length) batches.push(current);
  const results: FileResult[] = [];
  const count = Math.max(1, Math.min(threads, batches.length));
  let next = 0;
  const entry = workerEntry();
  const run = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(entry, { workerData: { file: config.file, baseDir: config.baseDir, source: config.source, valueHashes: config.valueHashes === true } });
      const send = () => {
        if (next >= batches.length) {
          worker.terminate().then(() => resolve(), reject);
          return;
        }
        const id = next++;
        worker.postMessage({ id, jobs: batches[id] });
      };
      worker.on('message', (msg: { id: number; results: FileResult[] }) => {
        for (const r of msg.results) {
          results.push(r);
          onResult?.();
        }
        send();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0 && next < batches.length) reject(new Error(`a lint worker exited with code ${code}`));
      });
      send();
    });
  await Promise.all(Array.from({ length: count }, run));
  return results;
}
