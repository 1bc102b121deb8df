// `npm run stress`: hostile inputs (nesting 200,000 deep, over and under the limit, JSON and
// YAML, payloads, Power Tuning inputs and state machines) through every path of the built CLI:
// lint with each reporter, `size`, `--fix-dry-run` and `--fix`. Each run is timed beside a floor
// measured in the same run (`node -e` reading and JSON.parsing the same text), and must stay
// within BOUND_RATIO times the floor plus BOUND_SECONDS: an algorithm quadratic in depth takes
// minutes here, a linear one a second or two. Exit 1 when any case fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { blob as pngBase64 } from '../support/workspace.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const cli = path.join(root, 'dist/bin/payload-guard.js');
const DEPTH = Number(process.env.STRESS_DEPTH ?? 200_000);
/** A run may take this many times the floor, plus a constant for start-up and reporting. */
const BOUND_RATIO = 20;
const BOUND_SECONDS = 5;
/** Past this a run is killed and fails: it is what "never returns" looks like. */
const TIMEOUT_MS = 120_000;

interface Measured {
  seconds: number;
  maxRssMiB: number;
  status: number | null;
  stderr: string;
}

function measure(args: string[], cwd: string): Measured {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    maxBuffer: 1 << 30,
    timeout: TIMEOUT_MS,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const lines = (r.stderr ?? '').trim().split('\n');
  const rssKiB = Number(lines.pop());
  return {
    seconds,
    maxRssMiB: Number.isFinite(rssKiB) ? rssKiB / 1024 : NaN,
    status: r.error ? null : r.status,
    stderr: lines.join('\n'),
  };
}

const arrays = (depth: number, leaf: string) => '['.repeat(depth) + leaf + ']'.repeat(depth);
const objects = (depth: number, leaf: string) => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
/** Arrays whose every level also holds a small sibling, so each level leaves candidates behind. */
const siblings = (depth: number, leaf: string) => '[1,'.repeat(depth) + leaf + ']'.repeat(depth);

interface Case {
  name: string;
  file: string;
  text: string;
  /** the same document as JSON text, for the floor */
  json: string;
}

function cases(): Case[] {
  const blob = JSON.stringify(pngBase64(60_000));
  const out: Case[] = [];
  const add = (name: string, file: string, json: string, text = json) => out.push({ name, file, text, json });
  add('arrays, over the limit, base64 leaf', 'events/arrays-over.json', arrays(DEPTH, blob));
  add('objects, over the limit, base64 leaf', 'events/objects-over.json', objects(DEPTH, blob));
  add('arrays with siblings, over the limit', 'events/siblings-over.json', siblings(DEPTH, blob));
  // Under the limit: the same shapes against Lambda's 6 MB (config `targets`).
  add('arrays, under the limit', 'lambda/arrays-under.json', arrays(DEPTH, '1'));
  add('objects, under the limit', 'lambda/objects-under.json', objects(DEPTH, blob));
  add(
    'Power Tuning input, deep payload',
    'tuning/power-tuning.json',
    `{"lambdaARN":"arn:aws:lambda:us-east-1:123456789012:function:f","powerValues":[128,256],"num":10,"payload":${arrays(DEPTH, blob)}}`,
  );
  add(
    'state machine, deep Pass Result',
    'statemachine/deep.asl.json',
    `{"StartAt":"A","States":{"A":{"Type":"Pass","Result":${objects(DEPTH, blob)},"End":true}}}`,
  );
  // Flow-style YAML is the only way to nest this deep in a file of reasonable size.
  add('YAML flow sequences', 'events/arrays.yaml', arrays(DEPTH, blob));
  return out;
}

function main(): number {
  if (!fs.existsSync(cli)) throw new Error('build first: npm run build');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-stress-'));
  try {
    fs.writeFileSync(
      path.join(work, 'payload-guard.config.json'),
      JSON.stringify({ targets: [{ files: 'lambda/**', target: 'lambda-sync' }] }),
    );
    const floorScript = path.join(work, 'floor.mjs');
    fs.writeFileSync(
      floorScript,
      "import fs from 'node:fs';\nif (JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) === undefined) process.exit(3);\n",
    );
    console.log(
      `stress: nesting ${DEPTH.toLocaleString('en-US')} deep, bound ${BOUND_RATIO}x the floor + ${BOUND_SECONDS} s (in ${work})`,
    );
    let failed = 0;
    for (const c of cases()) {
      const file = path.join(work, c.file);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, c.text);
      const jsonTwin = path.join(work, 'floor-input.json');
      fs.writeFileSync(jsonTwin, c.json);
      const floor = measure([floorScript, jsonTwin], work);
      console.log(`\n${c.name}: ${c.file}, ${(Buffer.byteLength(c.text) / 1024).toFixed(0)} KiB; floor ${fmt(floor)}`);
      const report = (what: string) => path.join(work, 'reports', `${path.basename(c.file)}.${what}`);
      fs.mkdirSync(path.join(work, 'reports'), { recursive: true });
      const runs: [string, string[], () => void][] = [];
      for (const format of ['json', 'sarif', 'stylish', 'compact', 'github', 'junit']) {
        runs.push([`lint -f ${format}`, [c.file, '-f', format, '-o', report(format)], () => {}]);
      }
      runs.push(['size', ['size', c.file], () => {}]);
      const fixArgs = ['--fix-unsafe', '--bucket', 'stress-bucket', '--stage-dir', path.join(work, 'stage')];
      runs.push([
        '--fix-dry-run',
        [c.file, '--fix-dry-run', ...fixArgs, '-f', 'json', '-o', report('dry-run.json')],
        () => {},
      ]);
      // --fix rewrites the file: the text is put back afterwards for the next case's inputs.
      runs.push([
        '--fix',
        [c.file, '--fix', ...fixArgs, '-f', 'json', '-o', report('fix.json')],
        () => fs.writeFileSync(file, c.text),
      ]);
      for (const [label, args, after] of runs) {
        const m = measure([cli, ...args], work);
        after();
        const bound = floor.seconds * BOUND_RATIO + BOUND_SECONDS;
        // 0 and 1 are answers; 2 is a usage or internal failure, null a kill on timeout.
        const answered = m.status === 0 || m.status === 1;
        const ok = answered && m.seconds <= bound;
        if (!ok) failed++;
        const why = !answered ? `  exit ${m.status ?? 'killed'}: ${firstLine(m.stderr)}` : '';
        console.log(
          `  ${ok ? 'PASS' : 'FAIL'}  ${label.padEnd(16)} ${fmt(m)}  (${(m.seconds / floor.seconds).toFixed(1)}x floor, bound ${bound.toFixed(1)} s)${why}`,
        );
      }
      console.log(`  findings: ${findings(report('json'))}`);
    }
    console.log(failed ? `\n${failed} run(s) FAILED` : '\nall runs PASS');
    return failed ? 1 : 0;
  } finally {
    if (!process.env.STRESS_KEEP) fs.rmSync(work, { recursive: true, force: true });
  }
}

/** What the JSON report found, so a case that silently failed to parse does not pass unnoticed. */
function findings(reportFile: string): string {
  try {
    const results = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as {
      messages: { ruleId: string; message: string }[];
    }[];
    const messages = results.flatMap((r) => r.messages);
    if (!messages.length) return 'none';
    return messages
      .map((m) => (m.ruleId === 'parse-error' ? `parse-error (${m.message.slice(0, 120)})` : m.ruleId))
      .join(', ');
  } catch {
    return 'no JSON report';
  }
}

const fmt = (m: Measured) => `${(m.seconds * 1000).toFixed(0)} ms, peak ${m.maxRssMiB.toFixed(0)} MiB`;
const firstLine = (s: string) =>
  s
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.slice(0, 200) ?? '';

process.exitCode = main();
