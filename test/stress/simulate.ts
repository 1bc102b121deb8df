// `npm run stress:simulate`: `payload-guard simulate` on hostile definitions and inputs. Each case
// must end (exit 1 or 2 with one line naming the state, or 0), within simulate's own time budget
// and in bounded memory. Times are printed as ratios to a floor measured in the same run (node
// reading and parsing the same files), never asserted in unit tests: the machines are shared.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BOUNDS } from '../../src/simulate/bounds.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const cli = path.join(root, 'dist/bin/payload-guard.js');
const MAX_RSS_KB = 512 * 1024;

interface Case {
  name: string;
  definition: string;
  input: string;
  exits: number[];
  /** what the one-line message or the report must say */
  says: RegExp;
}

const jsonata = (expr: string) =>
  JSON.stringify({
    QueryLanguage: 'JSONata',
    StartAt: 'S',
    States: { S: { Type: 'Pass', Output: `{% ${expr} %}`, End: true } },
  });
const small = '{"n":5}';

function cases(): Case[] {
  let nested = '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}';
  for (let i = 0; i < 5000; i++)
    nested = `{"StartAt":"X","States":{"X":{"Type":"Parallel","Branches":[${nested}],"End":true}}}`;
  const mapAll = JSON.stringify({
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ItemSelector: { 'v.$': '$$.Map.Item.Value' },
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
      },
    },
  });
  return [
    {
      name: 'JSONata tail recursion',
      definition: jsonata('( $f := function($n){ $n = 0 ? 0 : $f($n - 1) }; $f(100000000) )'),
      input: small,
      exits: [2],
      says: /state `S`: the JSONata expression/,
    },
    {
      name: 'JSONata plain recursion',
      definition: jsonata('( $f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(1000000) )'),
      input: small,
      exits: [2],
      says: /state `S`: the JSONata expression/,
    },
    {
      name: 'JSONata heavy $map',
      definition: jsonata('$count($map([1..100000], function($x){ $map([1..100000], function($y){ $x * $y }) }))'),
      input: small,
      exits: [2],
      says: /state `S`/,
    },
    {
      name: 'JSONata string bomb',
      definition: jsonata(`( $s := 'xxxxxxxxxx';${' $s := $s & $s;'.repeat(30)} $length($s) )`),
      input: small,
      exits: [2],
      says: /state `S`/,
    },
    {
      name: 'Map over 2,000,000 items (JSONata Items)',
      definition: JSON.stringify({
        QueryLanguage: 'JSONata',
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            Items: '{% [1..2000000] %}',
            ItemSelector: { v: '{% $states.context.Map.Item.Value %}' },
            ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      }),
      input: small,
      exits: [1],
      says: /failed with States.QueryEvaluationError/,
    },
    {
      name: 'Map over 2,000,000 items (input)',
      definition: mapAll,
      input: JSON.stringify({ items: 0 }).replace('0', `[${'1,'.repeat(1_999_999)}1]`),
      exits: [1],
      says: /States.DataLimitExceeded/,
    },
    {
      name: 'Map over 130,000 items under the limit',
      definition: mapAll,
      input: `[${'1,'.repeat(129_999)}1]`,
      exits: [0],
      says: /stopped after 1000 transitions/,
    },
    {
      name: 'States.ArrayRange(1, 1e8, 1)',
      definition: JSON.stringify({
        StartAt: 'R',
        States: { R: { Type: 'Pass', Parameters: { 'a.$': 'States.ArrayRange(1, 100000000, 1)' }, End: true } },
      }),
      input: small,
      exits: [1],
      says: /state `R` failed with States.Runtime/,
    },
    {
      name: 'input nested 100,000 deep',
      definition: JSON.stringify({
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Next: 'B' },
          B: { QueryLanguage: 'JSONata', Type: 'Pass', Output: '{% $states.input %}', End: true },
        },
      }),
      input: '['.repeat(100_000) + '1' + ']'.repeat(100_000),
      exits: [0],
      says: /Peak: 200,001 bytes/,
    },
    {
      name: 'Parallel nested 5,000 deep',
      definition: nested,
      input: small,
      exits: [2],
      says: /nest more than 100 deep/,
    },
  ];
}

function timed(args: string[], cwd: string): { ms: number; rssKb: number; status: number | null; out: string } {
  const useTime = fs.existsSync('/usr/bin/time');
  const cmd = useTime ? '/usr/bin/time' : process.execPath;
  const full = useTime ? ['-f', '%M', process.execPath, ...args] : args;
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, full, {
    cwd,
    encoding: 'utf8',
    timeout: (DEFAULT_BOUNDS.totalMs + 60_000) * 2,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const lines = r.stderr.trimEnd().split('\n');
  const rssKb = useTime ? Number(lines.pop()) : NaN;
  return { ms, rssKb, status: r.status, out: r.stdout + lines.join('\n') };
}

function main(): number {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-stress-simulate-'));
  let failed = 0;
  process.stdout.write(
    `simulate stress: budget ${DEFAULT_BOUNDS.totalMs / 1000} s a run, ${DEFAULT_BOUNDS.expressionMs / 1000} s an expression; RSS at most ${MAX_RSS_KB / 1024} MB\n`,
  );
  for (const c of cases()) {
    const dir = fs.mkdtempSync(path.join(tmp, 'case-'));
    fs.writeFileSync(path.join(dir, 'd.asl.json'), c.definition);
    fs.writeFileSync(path.join(dir, 'in.json'), c.input);
    const floor = timed(
      [
        '-e',
        "const fs=require('fs');JSON.parse(fs.readFileSync('d.asl.json','utf8'));JSON.parse(fs.readFileSync('in.json','utf8'))",
      ],
      dir,
    );
    const run = timed([cli, 'simulate', 'd.asl.json', '--input', 'in.json'], dir);
    const inTime = run.ms <= floor.ms + DEFAULT_BOUNDS.totalMs + 5000;
    const inMemory = Number.isNaN(run.rssKb) || run.rssKb <= MAX_RSS_KB;
    const ok =
      run.status !== null &&
      c.exits.includes(run.status) &&
      c.says.test(run.out) &&
      inTime &&
      inMemory &&
      !/\n\s+at /.test(run.out);
    if (!ok) failed++;
    const rss = Number.isNaN(run.rssKb) ? 'n/a' : `${Math.round(run.rssKb / 1024)} MB`;
    process.stdout.write(
      `${ok ? 'PASS' : 'FAIL'}  ${c.name}: exit ${run.status}, ${(run.ms / 1000).toFixed(2)} s (${(run.ms / floor.ms).toFixed(1)}x the floor), ${rss}\n`,
    );
    if (!ok) process.stdout.write(`      ${run.out.split('\n').slice(-3).join('\n      ')}\n`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  process.stdout.write(`${failed ? `${failed} failed` : 'all passed'}\n`);
  return failed ? 1 : 0;
}

process.exitCode = main();
