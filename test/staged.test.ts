// --staged in a real git repository: the staged content is linted, not the working-tree file;
// and the plain .git/hooks/pre-commit from the README blocks a real `git commit`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { blob, git, initRepo, tmpDir, writeFiles } from './support/workspace.js';

const repoRoot = path.resolve(__dirname, '..');
const over = () => JSON.stringify({ payload: { file: blob(300_000, 21) } }, null, 2) + '\n';

describe('--staged', () => {
  it('lints the staged content, not the working tree', () => {
    const dir = tmpDir('pg-staged-');
    initRepo(dir);
    writeFiles(dir, { 'events/a.json': '{"ok": 1}\n', 'events/b.json': '{"ok": 2}\n', 'notes.txt': 'x' });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'init');

    // Staged: an over-limit payload. Working tree: trimmed again, but not added.
    writeFiles(dir, { 'events/a.json': over() });
    git(dir, 'add', 'events/a.json');
    writeFiles(dir, { 'events/a.json': '{"ok": 3}\n' });
    // Working tree only: not staged, so not linted.
    writeFiles(dir, { 'events/b.json': over() });

    const staged = runCli(['--staged', '-f', 'compact'], { cwd: dir });
    expect(staged.status).toBe(1);
    expect(staged.stdout).toMatch(/^events\/a\.json:1:1: error .*\[payload-size\]$/m);
    expect(staged.stdout).toMatch(/^events\/a\.json:3:5: error `\$\.payload\.file` .*\[no-inline-base64\]$/m);
    expect(staged.stdout).not.toContain('events/b.json');
    // The working tree says the opposite.
    const tree = runCli(['events', '-f', 'compact'], { cwd: dir });
    expect(tree.stdout).toContain('events/b.json');
    expect(tree.stdout).not.toContain('events/a.json');

    // Paths narrow the staged set; from a subdirectory, paths are shown relative to it.
    expect(runCli(['--staged', 'other'], { cwd: dir }).status).toBe(0);
    const sub = runCli(['--staged', '-f', 'compact'], { cwd: path.join(dir, 'events') });
    expect(sub.stdout).toMatch(/^a\.json:1:1: error/m);
    // Nothing staged: clean.
    git(dir, 'commit', '-q', '-m', 'big', '--no-verify');
    expect(runCli(['--staged'], { cwd: dir })).toMatchObject({ status: 0, stdout: '' });
  });

  it('finds every staged file from a subdirectory, whatever diff.relative says', () => {
    const dir = tmpDir('pg-staged-relative-');
    initRepo(dir);
    git(dir, 'config', 'diff.relative', 'true');
    writeFiles(dir, { 'events/a.json': over(), 'tools/keep.txt': 'x' });
    git(dir, 'add', '.');
    // From tools/, the staged payload lies outside tools/: still found (shown by its absolute path).
    const run = runCli(['--staged', '-f', 'compact'], { cwd: path.join(dir, 'tools') });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/events\/a\.json:1:1: error .*\[payload-size\]$/m);
  });

  it('passes over staged files of vendored trees, as a directory scan does', () => {
    const dir = tmpDir('pg-staged-vendored-');
    initRepo(dir);
    writeFiles(dir, {
      'layer/python/botocore-1.31.57.dist-info/METADATA': 'Name: botocore\n',
      'layer/python/botocore/data/big.json': over(),
      'app/vendor/big.json': over(),
      'events/big.json': over(),
    });
    git(dir, 'add', '.');
    const run = runCli(['--staged', '-f', 'compact'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('events/big.json');
    expect(run.stdout).not.toContain('botocore');
    expect(run.stdout).not.toContain('vendor');
    expect(runCli(['--staged', '--no-ignore', '-f', 'compact'], { cwd: dir }).stdout).toContain(
      'layer/python/botocore/data/big.json',
    );
    // A `!` entry in the config's ignores lints one tree and leaves the other default ignores alone.
    writeFiles(dir, { 'payload-guard.config.json': JSON.stringify({ ignores: ['!layer/python/**'] }) });
    const negated = runCli(['--staged', '-f', 'compact'], { cwd: dir }).stdout;
    expect(negated).toContain('layer/python/botocore/data/big.json');
    expect(negated).not.toContain('vendor');
  });

  it('reports a staged file over the reading limit without reading it, and lints the rest', () => {
    const dir = tmpDir('pg-staged-huge-');
    initRepo(dir);
    // 300,000,000 bytes of one repeated line: compresses to a small blob, but over the 256 MiB limit.
    const size = 300_000_000;
    const fd = fs.openSync(path.join(dir, 'big.json'), 'w');
    const chunk = Buffer.alloc(10_000_000, ' ');
    for (let i = 0; i < size / chunk.length; i++) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    writeFiles(dir, { 'events/a.json': over() });
    git(dir, 'add', '.');
    // Only the index holds it now: nothing in the working tree to fall back on.
    fs.rmSync(path.join(dir, 'big.json'));
    const expected = `big.json:1:1: error Cannot read this path: the staged file is ${size} bytes, over the 268435456-byte reading limit.`;
    const check = () => {
      const run = runCli(['--staged', '-f', 'compact'], { cwd: dir });
      expect(run.stderr).not.toContain('internal error');
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(expected);
      expect(run.stdout).toMatch(/^events\/a\.json:1:1: error .*\[payload-size\]$/m);
    };
    check(); // read from .git by the tool itself
    git(dir, 'update-index', '--split-index');
    check(); // a split index: read through git
  });

  it('says so outside a git repository', () => {
    const dir = tmpDir('pg-staged-nogit-');
    const run = runCli(['--staged'], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: path.dirname(dir) } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      '--staged lints the git index, and the working directory is not inside a git repository',
    );
    expect(run.stderr).not.toContain('internal error');
  });

  it('the README plain git hook blocks a commit of an over-limit payload', () => {
    const dir = tmpDir('pg-hook-');
    initRepo(dir);
    // Installed as a devDependency would be: node_modules/payload-guard and its .bin link.
    fs.mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
    fs.symlinkSync(repoRoot, path.join(dir, 'node_modules/payload-guard'));
    fs.symlinkSync('../payload-guard/dist/bin/payload-guard.js', path.join(dir, 'node_modules/.bin/payload-guard'));
    writeFiles(dir, { '.gitignore': 'node_modules/\n' });
    // The hook exactly as the README shows it.
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const hook = /<!-- plain-hook:start -->\n```sh\n([\s\S]*?)```\n<!-- plain-hook:end -->/.exec(readme);
    expect(hook, 'README has the plain hook between <!-- plain-hook:start/end --> markers').not.toBeNull();
    const hookBody = hook![1].replace(/^# \.git\/hooks\/pre-commit.*\n/m, '');
    fs.writeFileSync(path.join(dir, '.git/hooks/pre-commit'), hookBody, { mode: 0o755 });

    const commit = (msg: string) =>
      spawnSync('git', ['commit', '-q', '-m', msg], {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          NO_COLOR: '1',
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@e',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@e',
        },
      });
    writeFiles(dir, { 'events/ok.json': '{"ok": true}\n' });
    git(dir, 'add', '.');
    const ok = commit('clean');
    expect(ok.stderr + ok.stdout).toBe('');
    expect(ok.status).toBe(0);

    writeFiles(dir, { 'events/upload.json': over() });
    git(dir, 'add', 'events/upload.json');
    const blocked = commit('big');
    if (!(blocked.stdout + blocked.stderr).includes('events/upload.json')) console.log(blocked.stdout, blocked.stderr);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('events/upload.json');
    expect(blocked.stdout + blocked.stderr).toContain('$.payload.file');
    expect(git(dir, 'log', '--format=%s')).toBe('clean\n');
  });
});
