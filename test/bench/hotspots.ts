// `node dist/test/bench/hotspots.js [--against <other dist/>]`: the two measured hot spots of
// issue 12 in isolation, each beside a floor timed in the same rounds.
// - YAML: a template whose `!Sub` block scalar holds a 270 KB state machine definition, parsed and
//   then asked for string offsets inside the block (as the definition rules do for a finding);
//   floor: yaml's own `parseDocument` of the same text.
// - base64: 1 to 8 MB blobs (one line; MIME-wrapped with CRLF) through the detector; floor: one
//   native scan of the string (`indexOf` of a char it does not hold).
// With `--against`, the same cases also run through another build (e.g. the base commit's
// `dist/`, copied aside) in the same rounds, and the table gives this build's time over that one.
// Each measurement is a fresh process (two builds in one process disturb each other's JIT and
// GC); medians of interleaved rounds, as the machines are shared and noisy.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';

type Parse = (text: string) => {
  ok: boolean;
  stringOffset?: (segments: readonly string[], index: number) => number | undefined;
};
type Detect = (s: string) => unknown;
interface Build {
  name: string;
  parseYaml: Parse;
  detectBase64: Detect;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const ownDist = path.resolve(here, '../..');
const rounds = Number(process.env.BENCH_RUNS ?? 15);

async function load(dist: string, name: string): Promise<Build> {
  const url = (rel: string) => pathToFileURL(path.join(dist, rel)).href;
  const yamlModule = (await import(url('src/parse/yaml/index.js'))) as { parseYaml: Parse };
  const base64Module = (await import(url('src/base64/detect.js'))) as { detectBase64: Detect };
  return { name, parseYaml: yamlModule.parseYaml, detectBase64: base64Module.detectBase64 };
}

/** A SAM-style template: one state machine whose `DefinitionString: !Sub |` holds `bytes` of JSON. */
function subTemplate(bytes: number): { text: string; segments: string[]; length: number } {
  const states: Record<string, unknown> = {};
  let i = 0;
  const names: string[] = [];
  // About 510 bytes of template text per state, indentation included.
  for (let size = 0; size < bytes; i++) {
    const name = `Step${i}`;
    names.push(name);
    states[name] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: '${WorkerArn}',
        Payload: { 'order.$': '$.order', note: `stage ${i} of the order pipeline`, table: '${TableName}' },
      },
      ResultPath: `$.results.step${i}`,
      Next: `Step${i + 1}`,
    };
    size += 510;
  }
  states[`Step${i}`] = { Type: 'Succeed' };
  const definition = JSON.stringify({ Comment: 'generated', StartAt: 'Step0', States: states }, null, 2);
  const body = definition
    .split('\n')
    .map((line) => `          ${line}`)
    .join('\n');
  const text = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Machine:',
    '    Type: AWS::StepFunctions::StateMachine',
    '    Properties:',
    '      RoleArn: !GetAtt Role.Arn',
    '      DefinitionString: !Sub |',
    body,
    '',
  ].join('\n');
  return {
    text,
    segments: ['Resources', 'Machine', 'Properties', 'DefinitionString', 'Fn::Sub'],
    length: definition.length + 1,
  };
}

function blob(bytes: number, wrapped: boolean): string {
  const out = Buffer.alloc(bytes);
  let block = Buffer.from('hotspots');
  for (let at = 0; at < bytes; at += 32) {
    block = crypto.createHash('sha256').update(block).digest();
    block.copy(out, at);
  }
  const text = out.toString('base64');
  return wrapped ? (text.match(/.{1,76}/g) ?? []).join('\r\n') : text;
}

interface Case {
  name: string;
  floor: () => unknown;
  run: (build: Build) => unknown;
}

function cases(): Case[] {
  const template = subTemplate(270_000);
  // A finding per few kilobytes, as the definition rules ask for its start and end.
  const probes = Array.from({ length: 64 }, (_, k) => Math.floor((template.length * k) / 64));
  const yamlCase: Case = {
    name: `YAML !Sub block, ${(template.text.length / 1024).toFixed(0)} KiB, ${probes.length} offsets`,
    floor: () => parseDocument(template.text),
    run: (build) => {
      const parse = build.parseYaml(template.text);
      if (!parse.ok || !parse.stringOffset) throw new Error('the generated template does not parse');
      let sum = 0;
      for (const p of probes) sum += parse.stringOffset(template.segments, p) ?? 0;
      return sum;
    },
  };
  const blobs = [1, 4, 8].flatMap((mb) => [
    { name: `base64 ${mb} MB, one line`, text: blob(mb * 1_000_000, false) },
    { name: `base64 ${mb} MB, CRLF every 76`, text: blob(mb * 1_000_000, true) },
  ]);
  return [
    yamlCase,
    ...blobs.map(({ name, text }): Case => ({
      name,
      floor: () => text.indexOf('\u0000'),
      run: (build) => {
        if (!build.detectBase64(text)) throw new Error(`${name}: not detected`);
      },
    })),
  ];
}

function time(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** In a child: one case through one build, warmed up, then floor and case alternately. */
async function child(dist: string, index: number): Promise<void> {
  const build = await load(dist, dist);
  const c = cases()[index];
  const floor: number[] = [];
  const run: number[] = [];
  for (let k = 0; k < 2; k++) {
    c.floor();
    c.run(build);
  }
  for (let k = 0; k < 5; k++) {
    floor.push(time(c.floor));
    run.push(time(() => c.run(build)));
  }
  process.stdout.write(JSON.stringify({ floor: median(floor), run: median(run) }));
}

function main(): void {
  const against = process.argv.indexOf('--against');
  const dists = [ownDist, ...(against >= 0 ? [path.resolve(process.argv[against + 1])] : [])];
  const names = ['this build', 'other build'];
  console.log(`${rounds} rounds, each build in its own process per round (order alternating); medians in ms;`);
  console.log(
    `(Nx) = case / floor of the same process${dists.length > 1 ? '; this / other = this build over the other build' : ''}`,
  );
  const list = cases().map((c) => c.name);
  for (const [index, name] of list.entries()) {
    const floors = dists.map((): number[] => []);
    const times = dists.map((): number[] => []);
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? dists.map((_, k) => k) : dists.map((_, k) => dists.length - 1 - k);
      for (const k of order) {
        const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', dists[k], String(index)], {
          encoding: 'utf8',
        });
        if (out.status !== 0) throw new Error(`${name}: ${out.stderr}`);
        const { floor, run } = JSON.parse(out.stdout) as { floor: number; run: number };
        floors[k].push(floor);
        times[k].push(run);
      }
    }
    const cells = dists.map(
      (_, k) => `${names[k]} ${median(times[k]).toFixed(1)} (${(median(times[k]) / median(floors[k])).toFixed(2)}x)`,
    );
    const versus = dists.length > 1 ? `, this / other ${(median(times[0]) / median(times[1])).toFixed(2)}` : '';
    console.log(`${name}: floor ${median(floors[0]).toFixed(1)}; ${cells.join('; ')}${versus}`);
  }
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) await child(process.argv[childAt + 1], Number(process.argv[childAt + 2]));
else main();
