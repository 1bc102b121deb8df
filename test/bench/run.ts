// `npm run bench`: payload-guard's time and memory beside floors measured in the same run, on a
// corpus shaped like real repositories (test/bench/corpus.ts). Floors: a Node script that only
// reads each file and `JSON.parse`s it (JSON) or hands it to `yaml`'s `parseDocument` (YAML);
// for `--cache`, a script that walks the tree, stats every file and reads + parses the cache file;
// for a cold start, a bare `node -e 0` (beside it, a first run with no V8 code cache yet); for two
// threads, two floor processes at once on halves, and two one-thread lints at once on the same halves.
// Ratios, not absolute timings: the machines are shared and noisy, so every measure alternates
// with its floor and the medians are compared.
// BENCH_RUNS (default 5) sets the rounds, BENCH_SCALE (default 1) the corpus size.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLASSES, generate } from './corpus.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
// The installed command: the bundle that package.json's `bin` names.
const cli = path.join(root, 'dist/bin/payload-guard.js');
const work = path.join(root, '.bench');
const corpus = path.join(work, 'corpus');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const scale = Number(process.env.BENCH_SCALE ?? 1);

interface Measured {
  seconds: number;
  /** user + system CPU seconds: on a loaded machine two threads cannot show in wall time, but their overhead shows here */
  cpuSeconds: number;
  maxRssMiB: number;
  stderr: string;
}

/**
 * The environment both sides run in. NODE_EXTRA_CA_CERTS makes every Node process parse a
 * certificate bundle before it runs any code (about 40 ms and 420M instructions here with the
 * Debian bundle), which would hide a slow start behind a slow floor; few users have it set.
 */
const childEnv = { ...process.env };
delete childEnv.NODE_EXTRA_CA_CERTS;

/** Wall time and peak RSS (from /usr/bin/time) of one run. */
function measure(args: string[], cwd = work): Measured {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, ...args], {
    cwd,
    env: childEnv,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  const [rssKiB, user, system] = lines.pop()!.split(' ').map(Number);
  return { seconds, cpuSeconds: user + system, maxRssMiB: rssKiB / 1024, stderr: lines.join('\n') };
}

/** Wall time of node started directly (no /usr/bin/time in between, whose own start would dilute the ratio). */
function wall(args: string[], cwd: string): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, env: childEnv, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`;
const x = (r: number) => `${r.toFixed(2)}x`;

/** Alternates the named commands `n` times and keeps every sample, so drift hits all sides alike. */
function interleave<K extends string>(n: number, sides: Record<K, () => Measured>): Record<K, Measured[]> {
  const out = {} as Record<K, Measured[]>;
  for (const k of Object.keys(sides) as K[]) out[k] = [];
  for (let i = 0; i < n; i++) for (const k of Object.keys(sides) as K[]) out[k].push(sides[k]());
  return out;
}

/**
 * Two commands at once, each on every other file of the list: what this machine gives two busy
 * threads. A shared or virtual core runs two at once slower than one, and no thread count can beat
 * that. A small driver (written by `writeFloors`) starts both and times them from its first spawn
 * to the second exit, so its own start is not counted; their output goes nowhere. The argument
 * lists go in on its stdin: one argument holding both would pass the kernel's 128 KiB limit.
 */
function pairOf(driver: string, a: string[], b: string[]): Measured {
  const r = spawnSync(process.execPath, [driver], {
    input: JSON.stringify([a, b]),
    cwd: work,
    env: childEnv,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`two at once failed: ${r.error?.message ?? r.stderr}`);
  return { seconds: Number(r.stdout) / 1000, cpuSeconds: 0, maxRssMiB: 0, stderr: '' };
}

const medianSeconds = (xs: Measured[]) => middle(xs.map((m) => m.seconds));
const medianCpu = (xs: Measured[]) => middle(xs.map((m) => m.cpuSeconds));
const peakRss = (xs: Measured[]) => Math.max(...xs.map((m) => m.maxRssMiB));

function writeFloors(): { floor: string; cacheFloor: string; pair: string } {
  const floor = path.join(work, 'floor.mjs');
  // Resolved from .bench/, so `yaml` is the linter's own dependency.
  fs.writeFileSync(
    floor,
    `import fs from 'node:fs';
import { parseDocument } from 'yaml';
let n = 0;
for (const f of fs.readFileSync(process.argv[2], 'utf8').split('\\n')) {
  const text = fs.readFileSync(f, 'utf8');
  if (/\\.ya?ml$/.test(f)) { if (parseDocument(text).contents !== undefined) n++; }
  else if (JSON.parse(text) !== undefined) n++;
}
console.log(n);
`,
  );
  const cacheFloor = path.join(work, 'cache-floor.mjs');
  fs.writeFileSync(
    cacheFloor,
    `import fs from 'node:fs';
import path from 'node:path';
let n = 0;
const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (fs.statSync(p).size >= 0) n++; } };
walk(process.argv[2]);
const cache = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
console.log(n, Object.keys(cache.files).length);
`,
  );
  const pair = path.join(work, 'pair.mjs');
  fs.writeFileSync(
    pair,
    `import { spawn } from 'node:child_process';
import fs from 'node:fs';
const started = process.hrtime.bigint();
const runs = JSON.parse(fs.readFileSync(0, 'utf8')).map((args) => new Promise((resolve, reject) => {
  const child = spawn(process.execPath, args, { stdio: 'ignore' });
  child.on('error', reject);
  child.on('exit', (code) => (code === 0 || code === 1 ? resolve() : reject(new Error(args.join(' ') + ': exit ' + code))));
}));
await Promise.all(runs);
console.log(Number(process.hrtime.bigint() - started) / 1e6);
`,
  );
  return { floor, cacheFloor, pair };
}

function coldStart(): void {
  const small = path.join(corpus, 'events/events/e1.json');
  const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-bench-'));
  fs.copyFileSync(small, path.join(plain, 'e1.json'));
  const configured = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-bench-'));
  fs.copyFileSync(small, path.join(configured, 'e1.json'));
  fs.writeFileSync(
    path.join(configured, 'payload-guard.config.json'),
    JSON.stringify({ targets: [{ files: 'e*.json', target: 'eventbridge' }] }, null, 2),
  );
  const staged = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-bench-'));
  const git = (...a: string[]) => {
    const r = spawnSync('git', ['-c', 'user.email=b@example.com', '-c', 'user.name=bench', ...a], {
      cwd: staged,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`git ${a.join(' ')}: ${r.stderr}`);
  };
  // A hook's usual case: a repository with a commit (a few folders of files), one file changed and
  // staged. HEAD's commit and trees are read, not only the staged blob.
  git('init', '-q');
  for (const dir of ['events', 'templates', 'tools'])
    for (let i = 0; i < 10; i++) {
      fs.mkdirSync(path.join(staged, dir), { recursive: true });
      fs.writeFileSync(path.join(staged, dir, `f${i}.json`), JSON.stringify({ dir, i }) + '\n');
    }
  fs.copyFileSync(small, path.join(staged, 'e1.json'));
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  fs.appendFileSync(path.join(staged, 'e1.json'), '\n');
  git('add', 'e1.json');
  // A config the tool rejects would measure an error path: check each case once first.
  const cases: [string, string, string[]][] = [
    ['one small file', plain, [cli, 'e1.json']],
    ['with a config file', configured, [cli, 'e1.json']],
    ['--staged, one staged file', staged, [cli, '--staged']],
  ];
  for (const [name, cwd, args] of cases) {
    const r = spawnSync(process.execPath, args, { cwd, env: childEnv, encoding: 'utf8' });
    if (r.status !== 0 && r.status !== 1) throw new Error(`cold start ${name}: ${r.stderr}`);
  }
  // A first run: the command copied with package.json above it, as installed, and its V8 code
  // caches removed before each run (the run compiles, then writes them at exit).
  const installed = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-bench-'));
  fs.copyFileSync(path.join(root, 'package.json'), path.join(installed, 'package.json'));
  fs.cpSync(path.dirname(cli), path.join(installed, 'dist/bin'), { recursive: true });
  const copiedCli = path.join(installed, 'dist/bin', path.basename(cli));
  const dropCaches = () => {
    const dir = path.join(installed, 'dist/bin');
    for (const f of fs.readdirSync(dir, { recursive: true }) as string[])
      if (f.endsWith('.v8-cache')) fs.rmSync(path.join(dir, f));
  };
  const bare: number[] = [];
  const times: number[][] = cases.map(() => []);
  const firstRun: number[] = [];
  wall(['-e', '0'], plain);
  for (let i = 0; i < 21; i++) {
    bare.push(wall(['-e', '0'], plain));
    cases.forEach(([, cwd, args], k) => times[k].push(wall(args, cwd)));
    dropCaches();
    firstRun.push(wall([copiedCli, 'e1.json'], plain));
  }
  console.log(`\ncold start (medians of 21 alternating runs; floor: node -e 0, ${ms(middle(bare))})`);
  cases.forEach(([name], k) => {
    console.log(
      `  ${name.padEnd(28)} ${ms(middle(times[k])).padStart(7)}  ${x(middle(times[k]) / middle(bare))}   (target: within 1.7x)`,
    );
  });
  console.log(
    `  ${'one small file, first run'.padEnd(28)} ${ms(middle(firstRun)).padStart(7)}  ${x(middle(firstRun) / middle(bare))}   (no V8 code cache yet: compiled, then written at exit)`,
  );
  for (const d of [plain, configured, staged, installed]) fs.rmSync(d, { recursive: true, force: true });
}

function main(): void {
  if (!fs.existsSync(cli)) throw new Error('build first: npm run build');
  if (process.env.NODE_EXTRA_CA_CERTS) console.log('(NODE_EXTRA_CA_CERTS is set here; both sides run without it)');
  fs.mkdirSync(work, { recursive: true });
  const gen = generate(corpus, scale);
  const lists = new Map<string, string>();
  const all = path.join(work, 'files.txt');
  fs.writeFileSync(all, [...gen.perClass.values()].flatMap((c) => c.list).join('\n'));
  for (const [name, c] of gen.perClass) {
    const p = path.join(work, `files-${name}.txt`);
    fs.writeFileSync(p, c.list.join('\n'));
    lists.set(name, p);
  }
  const { floor, cacheFloor, pair } = writeFloors();
  const allFiles = [...gen.perClass.values()].flatMap((c) => c.list);
  const halfFiles = [0, 1].map((k) => allFiles.filter((_, i) => i % 2 === k));
  const halves = halfFiles.map((files, k) => {
    const list = path.join(work, `files-${k ? 'odd' : 'even'}.txt`);
    fs.writeFileSync(list, files.join('\n'));
    return list;
  });
  const definitionBytes = [...gen.perClass]
    .filter(([n]) => !['events', 'images', 'blobs'].includes(n))
    .reduce((s, [, c]) => s + c.bytes, 0);
  console.log(
    `corpus: ${gen.files} files, ${(gen.bytes / 1048576).toFixed(1)} MiB in ${path.relative(root, corpus)}; templates and definitions ${((100 * definitionBytes) / gen.bytes).toFixed(0)}% of the bytes`,
  );
  console.log(
    `${runs} interleaved rounds; medians. The floors: read + JSON.parse (JSON), read + yaml parseDocument (YAML).`,
  );

  const report = path.join(work, 'report.json');
  const lintArgs = (target: string, ...more: string[]) => [
    cli,
    target,
    '--no-ignore',
    '--format',
    'json',
    '--output-file',
    report,
    ...more,
  ];
  const whole = interleave(runs, {
    floor: () => measure([floor, all]),
    one: () => measure(lintArgs('corpus')),
    two: () => measure(lintArgs('corpus', '--concurrency', '2')),
    pair: () => pairOf(pair, [floor, halves[0]], [floor, halves[1]]),
    // Two separate one-thread lints on the same halves: the most any thread count can give here
    // (nothing shared, each process warms up its own code).
    lintPair: () =>
      pairOf(
        pair,
        ...(halfFiles.map((files, k) => [
          cli,
          ...files.map((f) => path.relative(work, f)),
          '--no-ignore',
          '--format',
          'json',
          '--output-file',
          path.join(work, `report-${k}.json`),
        ]) as [string[], string[]]),
      ),
  });
  const floorS = medianSeconds(whole.floor);
  const oneS = medianSeconds(whole.one);
  const twoS = medianSeconds(whole.two);
  console.log(`\nwhole corpus`);
  console.log(`  floor (JSON + YAML)          ${ms(floorS).padStart(7)}  peak ${peakRss(whole.floor).toFixed(0)} MiB`);
  console.log(
    `  one thread                   ${ms(oneS).padStart(7)}  ${x(oneS / floorS)} (CPU ${x(medianCpu(whole.one) / medianCpu(whole.floor))})   (target: within 1.5x)   peak ${peakRss(whole.one).toFixed(0)} MiB (target: 300)`,
  );
  const pairS = medianSeconds(whole.pair);
  console.log(
    `  --concurrency 2              ${ms(twoS).padStart(7)}  ${x(twoS / oneS)} of one thread (target: 0.6x)   peak ${peakRss(whole.two).toFixed(0)} MiB (target: 400)`,
  );
  console.log(
    `  two floors at once           ${ms(pairS).padStart(7)}  ${x(pairS / floorS)} of one floor: this machine's own gain from a second thread, each process on every other file`,
  );
  const lintPairS = medianSeconds(whole.lintPair);
  console.log(
    `  two one-thread lints at once ${ms(lintPairS).padStart(7)}  ${x(lintPairS / oneS)} of one thread: separate processes on the same halves, the most any thread count can give here`,
  );
  console.log(
    `  CPU time (user + system)     floor ${ms(medianCpu(whole.floor))}, one thread ${ms(medianCpu(whole.one))}, --concurrency 2 ${ms(medianCpu(whole.two))} (${x(medianCpu(whole.two) / medianCpu(whole.one))}: the workers' overhead)`,
  );
  console.log(
    `  load average when done       ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )} on ${os.availableParallelism()} cores (above the cores, wall times are shared and threads cannot overlap)`,
  );

  console.log(`\nper class (each folder alone, so each side pays its own process start)`);
  const names = CLASSES.map((c) => c.name);
  const perClass = interleave(
    runs,
    Object.fromEntries(
      names.flatMap((n) => [
        [`floor:${n}`, () => measure([floor, lists.get(n)!])],
        [`lint:${n}`, () => measure(lintArgs(`corpus/${n}`))],
      ]),
    ) as Record<string, () => Measured>,
  );
  for (const c of CLASSES) {
    const info = gen.perClass.get(c.name)!;
    const f = medianSeconds(perClass[`floor:${c.name}`]);
    const l = medianSeconds(perClass[`lint:${c.name}`]);
    const cpu = medianCpu(perClass[`lint:${c.name}`]) / medianCpu(perClass[`floor:${c.name}`]);
    const share = `${((100 * info.bytes) / gen.bytes).toFixed(0)}%`.padStart(4);
    console.log(
      `  ${c.name.padEnd(11)} ${share} of bytes, ${String(info.files).padStart(5)} files  ${ms(l).padStart(7)} vs ${c.floor} floor ${ms(f).padStart(7)}  ${x(l / f)} (CPU ${x(cpu)})   (target: within 2.5x)  ${c.what}`,
    );
  }

  // Capping: more threads than cores or files are not started, and the run says so.
  const capped = measure(lintArgs('corpus/events', '--concurrency', '64'));
  console.log(
    `\n--concurrency 64 on ${os.availableParallelism()} cores says: ${capped.stderr.split('\n').find((l) => /thread|worker|core/i.test(l)) ?? '(nothing)'}`,
  );

  // Warm cache: primed twice, so no file is "racy" (written within a second of the save).
  const cacheDir = path.join(work, 'cache') + path.sep;
  fs.rmSync(cacheDir, { recursive: true, force: true });
  measure(lintArgs('corpus', '--cache-location', cacheDir));
  measure(lintArgs('corpus', '--cache-location', cacheDir));
  const cacheFile = path.join(cacheDir, '.payload-guard-cache');
  const before = fs.statSync(cacheFile).mtimeMs;
  const warm = interleave(runs, {
    floor: () => measure([cacheFloor, corpus, cacheFile]),
    warm: () => measure(lintArgs('corpus', '--cache-location', cacheDir)),
  });
  const unchanged = fs.statSync(cacheFile).mtimeMs === before;
  const cf = medianSeconds(warm.floor);
  const cw = medianSeconds(warm.warm);
  console.log(
    `\nwarm --cache, whole corpus: ${ms(cw)} vs walk + stat + read-the-cache floor ${ms(cf)}  ${x(cw / cf)} (CPU ${x(medianCpu(warm.warm) / medianCpu(warm.floor))})   (target: within 2x); cache file ${unchanged ? 'not rewritten' : 'REWRITTEN'} by warm runs`,
  );

  coldStart();

  // What a Lambda cold start pays for the runtime module: its import, beside a bare node start.
  const runtimeEntry = path.join(root, 'dist/src/runtime/index.js');
  const importRuns: number[] = [];
  const bareAgain: number[] = [];
  for (let i = 0; i < 21; i++) {
    bareAgain.push(wall(['--input-type=module', '-e', '0'], work));
    importRuns.push(wall(['--input-type=module', '-e', `await import(${JSON.stringify(runtimeEntry)})`], work));
  }
  const imported = middle(importRuns) - middle(bareAgain);
  console.log(
    `\npayload-guard/runtime import: ${(imported * 1000).toFixed(1)} ms over a bare node start (${(middle(importRuns) * 1000) | 0} ms in all)`,
  );
}

main();
