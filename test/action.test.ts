// action.yml: its run step is executed with bash the way the runner does (GITHUB_ACTION_PATH at
// this repository, GITHUB_OUTPUT a file), so the inputs wiring is tested, not just parsed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { npm, snapshotRepo } from './support/package.js';
import { blob, git, tmpDir, writeFiles } from './support/workspace.js';

const repoRoot = path.resolve(__dirname, '..');
const action = parse(fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: { id?: string; run?: string; env?: Record<string, string>; uses?: string }[] };
};
const step = action.runs.steps.find((s) => s.id === 'run')!;

function runStep(
  cwd: string,
  inputs: Record<string, string>,
  actionPath = repoRoot,
  extraEnv: Record<string, string> = {},
) {
  const values = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, inputs[k] ?? v.default]));
  const env: Record<string, string> = {};
  for (const [k, expr] of Object.entries(step.env ?? {}))
    env[k] = expr.replace(/\$\{\{ inputs\.([\w-]+) \}\}/g, (_m, name: string) => values[name]);
  const output = path.join(cwd, '.gh-output');
  fs.writeFileSync(output, '');
  const r = spawnSync('bash', ['-e', '-c', step.run!], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      ...env,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_OUTPUT: output,
      GITHUB_WORKSPACE: cwd,
      NO_COLOR: '1',
      ...extraEnv,
    },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs: fs.readFileSync(output, 'utf8') };
}

describe('action.yml', () => {
  it('is a composite action that sets up node and runs the built command: nothing installed, nothing compiled', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps[0].uses).toMatch(/^actions\/setup-node@/);
    expect(action.runs.steps.map((s) => s.run ?? '').join('\n')).not.toMatch(
      /\b(npm|npx|tsc|yarn|pnpm)\b(?! run release)/,
    );
    expect(step.run).toContain('node "$bin"');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['paths', 'format', 'fail-level', 'sarif-file']));
  });

  it('reports its own time on the log and in the job summary', () => {
    const dir = tmpDir('pg-action-');
    writeFiles(dir, { 'events/ok.json': '{"ok": true}' });
    const summary = path.join(dir, 'summary.md');
    const r = runStep(dir, { paths: 'events' }, repoRoot, { GITHUB_STEP_SUMMARY: summary });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^payload-guard: linted in \d+\.\d\d s \(exit 0\)$/m);
    expect(fs.readFileSync(summary, 'utf8')).toMatch(/^payload-guard: linted in \d+\.\d\d s \(exit 0\)$/m);
  });

  it('on a ref without the built command, says which ref to use and exits 2', () => {
    const dir = tmpDir('pg-action-');
    const r = runStep(dir, {}, tmpDir('pg-action-src-'));
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('::error title=payload-guard::This ref of the action carries no built command');
    expect(r.stdout).toContain('npm run release:action');
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
    writeFiles(dir, {
      'events/big.json': JSON.stringify({ payload: { file: blob(300_000) } }),
      'events/warn.json': JSON.stringify({ p: blob(6000) }),
    });
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

describe('a release tag made by npm run release:action', () => {
  it(
    'carries the built command, so the action runs from a clone of the tag with no node_modules',
    { timeout: 600_000 },
    () => {
      const source = snapshotRepo();
      fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(source.dir, 'node_modules'), 'dir');
      const made = spawnSync(npm, ['run', '--silent', 'release:action', '--', '--tag', 'v9.9.9-test'], {
        cwd: source.dir,
        encoding: 'utf8',
      });
      expect(made.status, made.stderr).toBe(0);
      expect(made.stdout).toMatch(
        /^Tagged v9\.9\.9-test \([0-9a-f]{12}\): HEAD plus \d+ built files\. Publish it with: git push origin v9\.9\.9-test$/m,
      );
      // The branch did not move, and its tree holds no dist/.
      expect(git(source.dir, 'rev-parse', 'HEAD').trim()).toBe(source.rev);
      expect(git(source.dir, 'ls-tree', '-r', '--name-only', 'HEAD')).not.toMatch(/^dist\//m);
      expect(git(source.dir, 'rev-parse', 'v9.9.9-test^').trim()).toBe(source.rev);
      // A second run refuses: the tag exists.
      const again = spawnSync(process.execPath, ['dist/src/build/release-action.js', '--tag', 'v9.9.9-test'], {
        cwd: source.dir,
        encoding: 'utf8',
      });
      expect(again.status).toBe(2);
      expect(again.stderr).toContain('release:action: the tag v9.9.9-test exists already');

      // What `uses: owner/payload-guard@v9.9.9-test` checks out.
      const clone = tmpDir('pg-action-tag-');
      git(clone, 'clone', '-q', '--branch', 'v9.9.9-test', source.dir, '.');
      expect(fs.existsSync(path.join(clone, 'node_modules'))).toBe(false);
      const dir = tmpDir('pg-action-');
      writeFiles(dir, {
        'events/big.json': JSON.stringify({ payload: { file: blob(300_000) } }),
        'events/ok.json': '{}',
      });
      const r = runStep(dir, { paths: 'events', 'sarif-file': 'pg.sarif', args: '--concurrency 2' }, clone);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/^::error file=events\/big\.json,line=1,/m);
      expect(r.stderr).toMatch(/^payload-guard: linted in \d+\.\d\d s \(exit 1\)$/m);
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'pg.sarif'), 'utf8')).version).toBe('2.1.0');
    },
  );
});
