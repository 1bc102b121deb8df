// A worker thread of `--concurrency N`: resolves the same config as the main thread, then lints the
// batches it is sent. The bytes come from the main thread (which read them once, also for the
// cache), so a worker reads only the files a definition links to (DefinitionUri, `${file()}`).
import { parentPort, workerData } from 'node:worker_threads';
import { resolveConfig, type ConfigFile } from './config.js';
import { builtinLinter } from './linter.js';
import type { WorkerJob } from './workers.js';

interface Init {
  file: ConfigFile;
  baseDir: string;
  source?: string;
  valueHashes: boolean;
}

const init = workerData as Init;
// This thread's composition root. Workers serve big runs: load the YAML parser up front rather than per batch.
const linter = builtinLinter();
const ready = Promise.all([resolveConfig(init.file, linter.rules, init.baseDir, init.source), linter.prepare()]).then(([c]) =>
  Object.assign(c, { valueHashes: init.valueHashes }),
);

parentPort!.on('message', async (msg: { id: number; jobs: WorkerJob[] }) => {
  const config = await ready;
  const results = msg.jobs.map((j) => linter.lintFile(j.display, j.bytes, config, j.rel));
  parentPort!.postMessage({ id: msg.id, results });
});
