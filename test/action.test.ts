// action.yml: its run step is executed with bash the way the runner does (GITHUB_ACTION_PATH at
// this repository, GITHUB_OUTPUT a file), so the inputs wiring is tested, not just parsed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { blob, tmpDir, writeFiles } from './support/workspace.js';

const repoRoot = path.resolve(__dirname, '..');
const action = parse(fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: { id?: string; run?: string; env?: Record<string, string>; uses?: string }[] };
};
const step = action.runs.steps.find((s) => s.id === 'run')!;

function runStep(cwd: string, inputs: Record<string, string>) {
  const values = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, inputs[k] ?? v.default]));
  const env: Record<string, string> = {};
  for (const [k, expr] of Object.entries(step.env ?? {})) env[k] = expr.replace(/\$\{\{ inputs\.([\w-]+) \}\}/g, (_m, name: string) => values[name]);
  const output = path.join(cwd, '.gh-output');
  fs.writeFileSync(output, '');
  const r = spawnSync('bash', ['-e', '-c', step.run!], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env, GITHUB_ACTION_PATH: repoRoot, GITHUB_OUTPUT: output, GITHUB_WORKSPACE: cwd, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs: fs.readFileSync(output, 'utf8') };
}

describe('action.yml', () => {
  it('is a composite action that sets up node and installs from the action path', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps[0].uses).toMatch(/^actions\/setup-node@/);
    expect(action.runs.steps[1].run).toContain('npm ci --prefix "$GITHUB_ACTION_PATH"');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['paths', 'format', 'fail-level', 'sarif-file']));
  });

  it('annotates, writes SARIF and fails on errors by default', () => {
    const dir = tmpDir('pg-action-');
    writeFiles(dir, { 'events/big.json': JSON.stringify({ payload: { file: blob(300_000) } }), 'other/ok.json': '{}' });
    const r = runStep(dir, { paths: 'events\nother', 'sarif-file': 'out/pg.sarif' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::error file=events\/big\.json,line=1,/m);
    expect(r.outputs).toBe('exit-code=1\n');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out/pg.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('fail-level none reports without failing; warning fails on warnings', () => {
    const dir = tmpDir('pg-action-');
    writeFiles(dir, { 'events/big.json': JSON.stringify({ payload: { file: blob(300_000) } }), 'events/warn.json': JSON.stringify({ p: blob(6000) }) });
    const none = runStep(dir, { paths: 'events', 'fail-level': 'none', format: 'compact' });
    expect(none.status).toBe(0);
    expect(none.outputs).toBe('exit-code=1\n');
    expect(none.stdout).toContain('events/big.json:1:1: error');
    // --quiet hides warnings from the report, not from the gate (as ESLint 9): the step still fails.
    const onlyWarn = runStep(dir, { paths: 'events/warn.json', 'fail-level': 'warning', args: '--quiet' });
    expect(onlyWarn.status).toBe(1);
    const warn = runStep(dir, { paths: 'events/warn.json', 'fail-level': 'warning' });
    expect(warn.status).toBe(1);
    expect(runStep(dir, { 'fail-level': 'sometimes' }).status).toBe(2);
  });
});
