// A worker thread of `--concurrency N`: resolves the same config as the main thread, then reads
// and lints the files it is sent, one after the other into one reused buffer (as one thread does),
// and also the files a definition links to (DefinitionUri, `${file()}`).
import { parentPort, workerData } from 'node:worker_threads';
import { rules } from '../rules/index.js';
import { resolveConfig } from './config.js';
import { unreadableResult } from './engine.js';
import { readRegularFile, type ReadScratch } from './io.js';
import { lintFile } from './lint.js';
import { loadYamlParser } from './parse/source.js';
import type { WorkerInit, WorkerJob, WorkerOutcome } from './workers.js';

const init = workerData as WorkerInit;
// Workers serve big runs: load the YAML parser up front rather than per batch.
const ready = Promise.all([
  resolveConfig(init.file, rules, init.baseDir, init.source),
  loadYamlParser(),
  import('./cache.js').then((m) => m.contentHash),
]).then(([c, , contentHash]) => ({ config: Object.assign(c, { valueHashes: init.valueHashes }), contentHash }));
const scratch: ReadScratch = { buffer: Buffer.alloc(0) };

async function one(index: number, job: WorkerJob): Promise<WorkerOutcome> {
  const { config, contentHash } = await ready;
  let bytes = job.bytes;
  if (!bytes) {
    const read = await readRegularFile(job.abs, undefined, scratch);
    if (!read.ok) return { index, result: unreadableResult(job.display, read.detail, rules) };
    bytes = read.bytes;
  }
  const hash = job.wantHash ? contentHash(bytes) : undefined;
  if (hash !== undefined && hash === job.knownHash) return { index, hash, same: true };
  return { index, hash, result: lintFile(job.display, bytes, config, job.rel, undefined, rules, init.fixSettings) };
}

parentPort!.on('message', async (batch: { index: number; job: WorkerJob }[]) => {
  const out: WorkerOutcome[] = [];
  for (const { index, job } of batch) out.push(await one(index, job));
  parentPort!.postMessage(out);
});
