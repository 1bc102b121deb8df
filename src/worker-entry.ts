// A worker thread of `--concurrency N`: resolves the same config as the main thread, then reads
// and lints the files it is sent, one after the other into one reused buffer (as one thread does),
// and also the files a definition links to (DefinitionUri, `${file()}`).
import { parentPort, workerData } from 'node:worker_threads';
import { resolveConfig } from './config.js';
import { unreadableResult } from './engine.js';
import { readRegularFile, type ReadScratch } from './io/files.js';
import { builtinLinter } from './linter.js';
import { stagedObjectsOf } from './rule.js';
import type { WorkerInit, WorkerJob, WorkerOutcome } from './workers.js';

const init = workerData as WorkerInit;
// This thread's composition root. Workers serve big runs: load the YAML parser up front rather than per batch.
const linter = builtinLinter();
const stagedObjects = init.stagedSizes && stagedObjectsOf(init.stagedSizes);
const ready = Promise.all([
  resolveConfig(init.file, linter.rules, init.baseDir, init.source),
  linter.prepare(),
  import('./io/cache.js').then((m) => m.contentHash),
]).then(([c, , contentHash]) => ({ config: Object.assign(c, { valueHashes: init.valueHashes }), contentHash }));
const scratch: ReadScratch = { buffer: Buffer.alloc(0) };

async function one(index: number, job: WorkerJob): Promise<WorkerOutcome> {
  const { config, contentHash } = await ready;
  let bytes = job.bytes;
  if (!bytes) {
    const read = await readRegularFile(job.abs, undefined, scratch);
    if (!read.ok) return { index, result: unreadableResult(job.display, read.detail, linter.rules) };
    bytes = read.bytes;
  }
  const hash = job.wantHash ? contentHash(bytes) : undefined;
  if (hash !== undefined && hash === job.knownHash) return { index, hash, same: true };
  return { index, hash, result: linter.lintFile(job.display, bytes, config, job.rel, { stagedObjects }) };
}

async function batch(jobs: { index: number; job: WorkerJob }[]): Promise<void> {
  const out: WorkerOutcome[] = [];
  for (const { index, job } of jobs) out.push(await one(index, job));
  parentPort!.postMessage(out);
}

// The main thread keeps two batches in hand here, so a second can arrive while the first is read:
// batches run one after the other (one read buffer serves them all).
// The port does not await a listener's promise: a failure is rethrown outside it, as an uncaught
// exception that ends the thread and reaches the main thread as the Worker's 'error' event.
function serve(): void {
  let queue = Promise.resolve();
  parentPort!.on('message', (jobs: { index: number; job: WorkerJob }[]) => {
    queue = queue
      .then(() => batch(jobs))
      .catch((err: unknown) => {
        setImmediate(() => {
          throw err;
        });
      });
  });
}

serve();
