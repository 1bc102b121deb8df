import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lint, lintText } from '../src/api.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-api-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const big = JSON.stringify({
  lambdaARN: 'arn:aws:lambda:us-east-1:1:function:f',
  num: 5,
  payload: { note: 'x'.repeat(270_000) },
});

describe('programmatic API', () => {
  it('lint() returns ESLint-shaped results with our size fields', async () => {
    fs.writeFileSync(path.join(dir, 'in.json'), big);
    const [result] = await lint(['in.json'], { cwd: dir });
    expect(result.filePath).toBe('in.json');
    expect(result.errorCount).toBe(result.messages.filter((x) => x.severity === 2).length);
    const m = result.messages.find((x) => x.ruleId === 'payload-size');
    expect(m).toMatchObject({
      ruleId: 'payload-size',
      severity: 2,
      line: 1,
      column: 1,
      path: '$',
      pointer: '',
      bytes: Buffer.byteLength(big),
    });
  });

  it('lintText() picks the format and config globs from filePath', async () => {
    fs.writeFileSync(
      path.join(dir, 'payload-guard.config.json'),
      JSON.stringify({ targets: [{ files: 'sqs/**', target: 'sqs', limitBytes: 10 }] }),
    );
    const [asSqs] = await lintText('{"a": "0123456789"}', { cwd: dir, filePath: 'sqs/m.json' });
    expect(asSqs.messages.map((m) => m.ruleId)).toEqual(['payload-size']);
    const [other] = await lintText('{"a": "0123456789"}', { cwd: dir, filePath: 'other/m.json' });
    expect(other.messages).toEqual([]);
    const [yaml] = await lintText('a: [1,\n', { cwd: dir, filePath: 'x.yaml' });
    expect(yaml.messages[0]).toMatchObject({ ruleId: 'parse-error', fatal: true });
  });

  it('finds the config in a `payload-guard` key of package.json, walking up', async () => {
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'x', 'payload-guard': { rules: { 'payload-size': 'off' } } }),
    );
    fs.mkdirSync(path.join(dir, 'events'));
    fs.writeFileSync(path.join(dir, 'events', 'in.json'), big);
    const [result] = await lint(['in.json'], { cwd: path.join(dir, 'events') });
    expect(result.messages.filter((m) => m.ruleId === 'payload-size')).toEqual([]);
  });

  it('rejects patterns that match nothing', async () => {
    await expect(lint(['nothing-here/*.json'], { cwd: dir })).rejects.toThrow(/No files matching/);
  });
});

describe('package', () => {
  it('npx --no-install payload-guard --version works in the checkout after npm ci (build in prepare)', () => {
    const root = path.resolve(__dirname, '..');
    const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
    const out = execFileSync('npx', ['--no-install', 'payload-guard', '--version'], { cwd: root, encoding: 'utf8' });
    expect(out.trim()).toBe(version);
  });
});

describe('YAML is loaded on demand', () => {
  it('lint() and lintText() parse YAML in a fresh process that loaded nothing beforehand', () => {
    fs.writeFileSync(
      path.join(dir, 't.yaml'),
      'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub "${AWS::StackName}-q"\n',
    );
    const api = path.resolve(__dirname, '../dist/src/api.js');
    const script = `const { lint, lintText } = await import(${JSON.stringify(api)});
      const a = await lint(['t.yaml'], { cwd: ${JSON.stringify(dir)} });
      const b = await lintText('a: [1,\\n', { cwd: ${JSON.stringify(dir)}, filePath: 'x.yml' });
      console.log(JSON.stringify([a[0].messages, b[0].messages.map((m) => m.message)]));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    const [clean, broken] = JSON.parse(out) as [unknown[], string[]];
    expect(clean).toEqual([]);
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatch(/^Cannot parse this YAML file: /);
    expect(broken[0]).not.toMatch(/not loaded/);
  });
});

describe('the compiled package (dist/src), as an importing project uses it', () => {
  it('validates a config and a Power Tuning input with the precompiled validators', () => {
    fs.writeFileSync(
      path.join(dir, 'payload-guard.config.json'),
      JSON.stringify({ targets: [{ files: 'sqs/**', target: 'sqs' }] }),
    );
    fs.writeFileSync(
      path.join(dir, 'in.json'),
      JSON.stringify({ lambdaARN: 'arn:aws:lambda:us-east-1:1:function:f', num: 3, payload: {} }),
    );
    const api = path.resolve(__dirname, '../dist/src/api.js');
    const script = `const { lint } = await import(${JSON.stringify(api)});
      const [r] = await lint(['in.json'], { cwd: ${JSON.stringify(dir)} });
      console.log(JSON.stringify(r.messages.map((m) => [m.ruleId, m.path])));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([['power-tuning-input', '$.num']]);
    // A config the precompiled validator rejects is a sentence, not a crash in the generated code.
    fs.writeFileSync(path.join(dir, 'payload-guard.config.json'), JSON.stringify({ targets: [{ files: '' }] }));
    const bad = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(bad.stderr).toMatch(/ConfigError|config/i);
    expect(bad.stderr).not.toMatch(/ReferenceError/);
  });
});
