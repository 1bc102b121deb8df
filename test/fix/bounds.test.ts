// Writes stay inside the repository root (the git top level, else the config's folder) unless
// the command line itself names a place outside: a config's fix.stageDir, a committed symlink at
// the stage dir or at a bucket folder, and a symlinked folder on the way to a file cannot steer
// --fix (or inline) elsewhere. Real git repos, real symlinks, the built CLI.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { png } from '../support/files.js';
import { initRepo, tmpDir, writeFiles } from '../support/workspace.js';

const event = (seed: number) => JSON.stringify({ photo: { file: png(seed, 9000).toString('base64') } }, null, 2) + '\n';

/** A git repo at <tmp>/repo and an empty folder beside it, <tmp>/outside. */
function repoAndOutside(files: Record<string, string>): { repo: string; outside: string } {
  const top = tmpDir('pg-bounds-');
  const repo = path.join(top, 'repo');
  const outside = path.join(top, 'outside');
  fs.mkdirSync(repo);
  fs.mkdirSync(outside);
  initRepo(repo);
  writeFiles(repo, files);
  return { repo, outside };
}

const listAll = (dir: string) => fs.readdirSync(dir, { recursive: true }).map(String).sort();

describe('--fix writes stay inside the repository', () => {
  it("refuses a config's fix.stageDir that points outside", () => {
    const { repo, outside } = repoAndOutside({
      'event.json': event(1),
      'payload-guard.config.json': JSON.stringify({ fix: { bucket: 'b-1', stageDir: '../outside/stage' } }),
    });
    const run = runCli(['--fix', '--fix-unsafe', 'event.json'], { cwd: repo });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /event\.json: not fixed, the file is unchanged: refusing to write .*outside[/\\]stage.* outside the repository/,
    );
    expect(listAll(outside)).toEqual([]);
    expect(fs.readFileSync(path.join(repo, 'event.json'), 'utf8')).toBe(event(1));
  });

  it('refuses a committed symlink at .payload-guard/s3', () => {
    const { repo, outside } = repoAndOutside({ 'event.json': event(2) });
    fs.mkdirSync(path.join(repo, '.payload-guard'));
    fs.symlinkSync(outside, path.join(repo, '.payload-guard/s3'));
    const run = runCli(['--fix', '--fix-unsafe', '--bucket', 'b-1', 'event.json'], { cwd: repo });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/refusing to write .* \(it resolves to .*outside.*\): it is outside the repository/);
    expect(listAll(outside)).toEqual([]);
    expect(fs.readFileSync(path.join(repo, 'event.json'), 'utf8')).toBe(event(2));
  });

  it('refuses a symlinked bucket folder', () => {
    const { repo, outside } = repoAndOutside({ 'event.json': event(3) });
    fs.mkdirSync(path.join(repo, '.payload-guard/s3'), { recursive: true });
    fs.symlinkSync(outside, path.join(repo, '.payload-guard/s3/b-1'));
    const run = runCli(['--fix', '--fix-unsafe', '--bucket', 'b-1', 'event.json'], { cwd: repo });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('outside the repository');
    expect(listAll(outside)).toEqual([]);
    expect(fs.existsSync(path.join(repo, '.payload-guard/s3/manifest.json'))).toBe(false);
  });

  it('refuses a file named through a symlinked folder', () => {
    const { repo, outside } = repoAndOutside({});
    fs.writeFileSync(path.join(outside, 'event.json'), event(4));
    fs.symlinkSync(outside, path.join(repo, 'linked'));
    const run = runCli(['--fix', '--fix-unsafe', '--bucket', 'b-1', 'linked/event.json'], { cwd: repo });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('linked/event.json: not fixed, the file is unchanged: refusing to write');
    expect(listAll(outside)).toEqual(['event.json']);
    expect(fs.readFileSync(path.join(outside, 'event.json'), 'utf8')).toBe(event(4));
  });

  it('writes where the command line itself names a place outside', () => {
    const { repo, outside } = repoAndOutside({ 'event.json': event(5) });
    fs.writeFileSync(path.join(outside, 'other.json'), event(6));
    const stage = path.join(outside, 'stage');
    const run = runCli(
      [
        '--fix',
        '--fix-unsafe',
        '--bucket',
        'b-1',
        '--stage-dir',
        stage,
        'event.json',
        path.join(outside, 'other.json'),
      ],
      { cwd: repo },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(fs.readFileSync(path.join(outside, 'other.json'), 'utf8')).toContain('"fileRef": "s3://b-1/');
    expect(fs.existsSync(path.join(stage, 'manifest.json'))).toBe(true);
    expect(fs.readdirSync(path.join(stage, 'b-1')).length).toBe(2);
  });
});
