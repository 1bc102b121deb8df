// inline accounts for every reference it finds: put back, or listed with the reason and exit 2.
// It reads the manifest from the same place --fix writes it (the root's stage dir, or the
// config's fix.stageDir), finds references in the files themselves (a moved file, a deleted
// manifest), and refuses a damaged manifest with file, line and column, touching nothing.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { png } from '../support/files.js';
import { initRepo, tmpDir, writeFiles } from '../support/workspace.js';

const original = (seed: number) =>
  JSON.stringify({ user: 'u-1', photo: { file: png(seed, 6000).toString('base64'), w: 2 } }, null, 2) + '\n';

/** A git repo with `files`, fixed with --fix-unsafe from `from` (relative to the repo). */
function fixedRepo(files: Record<string, string>, from = '.', args: string[] = ['--bucket', 'b-1']): string {
  const repo = tmpDir('pg-inline-');
  initRepo(repo);
  writeFiles(repo, files);
  const run = runCli(['--fix', '--fix-unsafe', ...args, '.'], { cwd: path.join(repo, from) });
  expect(run.status, run.stderr).toBe(0);
  return repo;
}

const read = (repo: string, rel: string) => fs.readFileSync(path.join(repo, rel), 'utf8');
const manifestOf = (repo: string) => path.join(repo, '.payload-guard/s3/manifest.json');

describe('inline accounts for every reference', () => {
  it('with the manifest deleted: lists the reference, exit 2, file unchanged', () => {
    const repo = fixedRepo({ 'event.json': original(1) });
    const fixed = read(repo, 'event.json');
    fs.rmSync(path.join(repo, '.payload-guard'), { recursive: true });
    const run = runCli(['inline'], { cwd: repo });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /event\.json: not put back: \/photo\/fileRef still points at s3:\/\/b-1\/[0-9a-f]{16}\.png, and the manifest .* records no such rewrite/,
    );
    expect(read(repo, 'event.json')).toBe(fixed);
  });

  it('with the staged objects deleted: says which object is missing, exit 2', () => {
    const repo = fixedRepo({ 'event.json': original(2) });
    fs.rmSync(path.join(repo, '.payload-guard/s3/b-1'), { recursive: true });
    const run = runCli(['inline'], { cwd: repo });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/is not in the stage dir \(deleted\?\); run inline --download/);
  });

  it('with the original key added again by hand: names both, exit 2', () => {
    const repo = fixedRepo({ 'event.json': original(3) });
    const edited = read(repo, 'event.json').replace('"w": 2', '"w": 2,\n    "file": "new"');
    fs.writeFileSync(path.join(repo, 'event.json'), edited);
    const run = runCli(['inline'], { cwd: repo });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('but `file` is there again beside it (added by hand?)');
    expect(read(repo, 'event.json')).toBe(edited);
  });

  it('with a duplicate reference key: puts back what it can and names what is left, exit 2', () => {
    const repo = fixedRepo({ 'event.json': original(4) });
    const fixed = read(repo, 'event.json');
    const line = /\n( {4}"fileRef": "[^"]+",)\n/.exec(fixed)![1];
    fs.writeFileSync(path.join(repo, 'event.json'), fixed.replace(line, `${line}\n${line}`));
    const run = runCli(['inline'], { cwd: repo });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /\/photo\/fileRef points at s3:\/\/b-1\/[0-9a-f]{16}\.png once more after the original was put back \(a duplicate key/,
    );
  });

  it("reads the config's fix.stageDir, as --fix does", () => {
    const repo = fixedRepo(
      {
        'event.json': original(5),
        'payload-guard.config.json': JSON.stringify({ fix: { bucket: 'b-1', stageDir: 'build/stage' } }),
      },
      '.',
      [],
    );
    expect(fs.existsSync(path.join(repo, 'build/stage/manifest.json'))).toBe(true);
    const run = runCli(['inline'], { cwd: repo });
    expect(run.status, run.stderr).toBe(0);
    expect(read(repo, 'event.json')).toBe(original(5));
  });

  it('after --fix ran in a subfolder, inline from the root (and from another subfolder) puts it back', () => {
    const repo = fixedRepo({ 'events/a/event.json': original(6), 'other/x.json': '{}\n' }, 'events/a');
    expect(fs.existsSync(manifestOf(repo))).toBe(true);
    const run = runCli(['inline', path.join(repo, 'events')], { cwd: path.join(repo, 'other') });
    expect(run.status, run.stderr).toBe(0);
    expect(read(repo, 'events/a/event.json')).toBe(original(6));
  });

  it('after the file was moved, puts it back at its new place', () => {
    const repo = fixedRepo({ 'old/event.json': original(7) });
    fs.mkdirSync(path.join(repo, 'new'));
    fs.renameSync(path.join(repo, 'old/event.json'), path.join(repo, 'new/event.json'));
    const run = runCli(['inline'], { cwd: repo });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('new/event.json: put back 1 value');
    expect(read(repo, 'new/event.json')).toBe(original(7));
  });

  it('with nothing to do, says so and exits 0', () => {
    const repo = fixedRepo({ 'event.json': original(8) });
    expect(runCli(['inline'], { cwd: repo }).status).toBe(0);
    const again = runCli(['inline'], { cwd: repo });
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('nothing to inline: no file in . points at an object --fix moved');
  });
});

describe('a damaged manifest', () => {
  const cases: [string, (text: string) => string | Buffer, RegExp][] = [
    ['cut short', (t) => t.slice(0, Math.floor(t.length / 2)), /manifest\.json:\d+:\d+: the manifest ends early/],
    ['null', () => 'null\n', /manifest\.json:1:1: the manifest holds null/],
    [
      'another version',
      (t) => t.replace('"version": 1', '"version": 7'),
      /manifest\.json:2:14: the manifest is version 7; this payload-guard reads version 1/,
    ],
    ['with a byte order mark', (t) => '\uFEFF' + t, /manifest\.json:1:1: the manifest starts with a byte order mark/],
    [
      'with a null entry',
      (t) => t.replace('"entries": [', '"entries": [null, '),
      /manifest\.json:3:15: entry 1 is null/,
    ],
    [
      'with an entry lacking its hash',
      (t) => t.replace(/"sha256": "[0-9a-f]+",/, ''),
      /entry 1 has no string "sha256"/,
    ],
  ];
  for (const [name, damage, message] of cases) {
    it(`${name}: says what and where, exit 2, touches nothing`, () => {
      const repo = fixedRepo({ 'event.json': original(9) });
      const fixed = read(repo, 'event.json');
      const damaged = damage(read(repo, '.payload-guard/s3/manifest.json'));
      fs.writeFileSync(manifestOf(repo), damaged);
      const run = runCli(['inline'], { cwd: repo });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain('internal error');
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(read(repo, 'event.json')).toBe(fixed);
      expect(fs.readFileSync(manifestOf(repo), 'utf8')).toBe(damaged.toString());
    });
  }
});
