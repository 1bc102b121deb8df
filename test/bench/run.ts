// `npm run bench`: payload-guard's time and memory beside a floor measured in the same run (a Node
// script that only reads and JSON.parses the same files), and cold start beside a bare `node -e 0`.
// Ratios, not absolute timings: the machines are shared and noisy.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
// The installed command: the bundle that package.json's `bin` names.
const cli = path.join(root, 'dist/bin/payload-guard.js');
const work = path.join(root, '.bench');
const corpus = path.join(work, 'corpus');
const runs = Number(process.env.BENCH_RUNS ?? 7);

function noise(bytes: number, seed: string): Buffer {
  const out = Buffer.alloc(bytes);
  let block = Buffer.from(seed);
  for (let at = 0; at < bytes; at += 32) {
    block = crypto.createHash('sha256').update(block).digest();
    block.copy(out, at);
  }
  return out;
}

function png(bytes: number, seed: string): string {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), noise(bytes, seed)]).toString('base64');
}

function generate(): { files: number; bytes: number } {
  fs.rmSync(corpus, { recursive: true, force: true });
  let files = 0;
  let bytes = 0;
  const put = (rel: string, text: string) => {
    const p = path.join(corpus, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    files++;
    bytes += Buffer.byteLength(text);
  };
  // Thousands of small events.
  for (let i = 0; i < 4000; i++) {
    put(`events/e${i}.json`, JSON.stringify({
      version: '0', id: `evt-${i}`, 'detail-type': 'Order Placed', source: 'shop',
      detail: { orderId: i, lines: Array.from({ length: 1 + (i % 20) }, (_, k) => ({ sku: `S${k}`, qty: k, note: 'n'.repeat(k * 10) })) },
    }, null, 2));
  }
  // Payloads with images, some over the limit.
  for (let i = 0; i < 300; i++) {
    put(`tuning/p${i}.json`, JSON.stringify({ lambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:f', num: 10, payload: { image: png(20_000 + (i % 30) * 10_000, `p${i}`), name: `img-${i}.png` } }, null, 2));
  }
  // A few large data files (5 to 11 MB): records plus embedded blobs.
  for (let i = 0; i < 14; i++) {
    const target = 5_000_000 + i * 450_000;
    const records = [];
    let size = 0;
    for (let k = 0; size < target; k++) {
      const rec = k % 50 === 0 ? { id: k, attachment: png(60_000, `b${i}-${k}`) } : { id: k, name: `record ${k}`, values: [k, k * 2, k * 3], text: 'lorem ipsum dolor sit amet '.repeat(4) };
      records.push(rec);
      size += JSON.stringify(rec).length;
    }
    put(`big/b${i}.json`, JSON.stringify({ records }));
  }
  return { files, bytes };
}

interface Measured {
  seconds: number;
  maxRssMiB: number;
}

/**
 * The environment both sides run in. NODE_EXTRA_CA_CERTS makes every Node process parse a
 * certificate bundle before it runs any code (about 40 ms and 420M instructions here with the
 * Debian bundle), which would hide a slow start behind a slow floor; few users have it set.
 */
const childEnv = { ...process.env };
delete childEnv.NODE_EXTRA_CA_CERTS;

/** Median wall time and peak RSS (from /usr/bin/time) over `runs` runs. */
function measure(args: string[], n = runs): Measured {
  const samples: Measured[] = [];
  for (let i = 0; i < n; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { cwd: work, env: childEnv, encoding: 'utf8', maxBuffer: 1 << 30 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    const rssKiB = Number(r.stderr.trim().split('\n').pop());
    samples.push({ seconds, maxRssMiB: rssKiB / 1024 });
  }
  samples.sort((a, b) => a.seconds - b.seconds);
  return samples[Math.floor(samples.length / 2)];
}

const median = (xs: Measured[]) => [...xs].sort((a, b) => a.seconds - b.seconds)[Math.floor(xs.length / 2)];

const fmt = (m: Measured) => `${(m.seconds * 1000).toFixed(0)} ms, peak ${m.maxRssMiB.toFixed(0)} MiB`;

function main(): void {
  if (!fs.existsSync(cli)) throw new Error('build first: npm run build');
  if (process.env.NODE_EXTRA_CA_CERTS) console.log('(NODE_EXTRA_CA_CERTS is set here; both sides run without it)');
  fs.mkdirSync(work, { recursive: true });
  const { files, bytes } = generate();
  const list = path.join(work, 'files.txt');
  const all: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else all.push(path.join(d, e.name));
    }
  };
  walk(corpus);
  fs.writeFileSync(list, all.join('\n'));
  const floorScript = path.join(work, 'floor.mjs');
  fs.writeFileSync(
    floorScript,
    `import fs from 'node:fs';
import os from 'node:os';\nlet n = 0;\nfor (const f of fs.readFileSync(${JSON.stringify(list)}, 'utf8').split('\\n')) { if (JSON.parse(fs.readFileSync(f, 'utf8')) !== undefined) n++; }\nconsole.log(n);\n`,
  );
  console.log(`corpus: ${files} files, ${(bytes / 1048576).toFixed(1)} MiB (in ${path.relative(root, corpus)})`);

  // Interleaved, so that drift on a shared machine hits both sides alike; medians of `runs` each.
  const floorRuns: Measured[] = [];
  const fullRuns: Measured[] = [];
  for (let i = 0; i < runs; i++) {
    floorRuns.push(measure([floorScript], 1));
    fullRuns.push(measure([cli, 'corpus', '--no-ignore', '--format', 'json', '--output-file', path.join(work, 'report.json')], 1));
  }
  const floor = median(floorRuns);
  const full = median(fullRuns);
  console.log(`floor (read + JSON.parse):   ${fmt(floor)}`);
  console.log(`payload-guard, all rules:    ${fmt(full)}`);
  console.log(`ratio to floor:              ${(full.seconds / floor.seconds).toFixed(2)}x   (target: within 1.5x)`);
  const peak = Math.max(...fullRuns.map((r) => r.maxRssMiB));
  console.log(`peak memory:                 ${peak.toFixed(0)} MiB, the highest of ${runs} runs   (target: under 400 MiB)`);

  // One small file the way a user names it: in a folder of its own, ignore files honoured, and
  // node started directly (no /usr/bin/time in between, whose own start would dilute the ratio).
  const alone = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-bench-'));
  fs.copyFileSync(path.join(corpus, 'events/e1.json'), path.join(alone, 'e1.json'));
  const wall = (args: string[]): number => {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: alone, env: childEnv, encoding: 'utf8' });
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    return Number(process.hrtime.bigint() - started) / 1e9;
  };
  // Interleaved, so that drift on a shared machine hits both sides alike; medians of 21 each.
  const bareRuns: number[] = [];
  const coldRuns: number[] = [];
  wall(['-e', '0']);
  wall([cli, 'e1.json']);
  for (let i = 0; i < 21; i++) {
    bareRuns.push(wall(['-e', '0']));
    coldRuns.push(wall([cli, 'e1.json']));
  }
  fs.rmSync(alone, { recursive: true, force: true });
  const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const bare = { seconds: middle(bareRuns) };
  const cold = { seconds: middle(coldRuns) };
  console.log(`node -e 0:                   ${(bare.seconds * 1000).toFixed(0)} ms`);
  console.log(`payload-guard one small file: ${(cold.seconds * 1000).toFixed(0)} ms`);
  console.log(`cold start ratio:            ${(cold.seconds / bare.seconds).toFixed(2)}x   (target: within 2x)`);

  // What a Lambda cold start pays for the runtime module: its import, beside a bare node start.
  const runtimeEntry = path.join(root, 'dist/src/runtime/index.js');
  const importRuns: number[] = [];
  const bareAgain: number[] = [];
  for (let i = 0; i < 21; i++) {
    bareAgain.push(wall(['--input-type=module', '-e', '0']));
    importRuns.push(wall(['--input-type=module', '-e', `await import(${JSON.stringify(runtimeEntry)})`]));
  }
  const imported = middle(importRuns) - middle(bareAgain);
  console.log(`payload-guard/runtime import: ${(imported * 1000).toFixed(1)} ms over a bare node start (${middle(importRuns) * 1000 | 0} ms in all)`);
}

main();
