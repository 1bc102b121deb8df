// The real pre-commit framework, configured by the README's snippet, installs the hooks from a
// local clone of this repository (its node support runs `npm install` and `npm pack`, so the
// build must happen in `prepare`) and runs them in a temporary git repository: a clean file passes, an over-limit payload blocks the commit with
// a message naming the file and the field, and the fix hook rewrites a Power Tuning input.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coordinates } from '../src/init.js';
import { readmeSnippet, snapshotRepo, version } from './support/package.js';
import { blob, git, initRepo, tmpDir, writeFiles } from './support/workspace.js';

function havePreCommit(): boolean {
  return spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
}

const available = havePreCommit();
if (!available) {
  console.warn(
    'SKIP test/precommit.test.ts: the pre-commit framework is not installed (apt-get install pre-commit, or pip install pre-commit; .ci/run installs it).',
  );
}

describe.skipIf(!available)('pre-commit framework', () => {
  it('installs the hooks from the repository and blocks an over-limit payload', { timeout: 600_000 }, () => {
    // The README's snippet verbatim but for its `repo:`, which points at this checkout tagged as
    // the release the snippet names; the fix hook is added after it, on the manual stage.
    const hookRepo = snapshotRepo(`v${version}`);
    const snippet = readmeSnippet('pre-commit');
    const repoLine = /^(\s*- repo: )(\S+)$/m.exec(snippet);
    expect(repoLine?.[2]).toBe(coordinates().repositoryUrl);
    const home = tmpDir('pg-precommit-home-');
    const dir = tmpDir('pg-precommit-');
    initRepo(dir);
    writeFiles(dir, {
      '.pre-commit-config.yaml': `${snippet.replace(repoLine![0], `${repoLine![1]}${hookRepo.dir}`)}      - id: payload-guard-fix
        stages: [manual]
`,
      'payload-guard.config.json':
        JSON.stringify({ fix: { bucket: 'tuning-inputs', prefix: 'payloads/' } }, null, 2) + '\n',
      'events/ok.json': '{"ok": true}\n',
      'notes.md': 'not json\n',
    });
    const env = {
      ...process.env,
      PRE_COMMIT_HOME: home,
      NO_COLOR: '1',
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@e',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@e',
    };
    const run = (cmd: string, args: string[]) => {
      const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', env, timeout: 540_000 });
      return { status: r.status, out: `${r.stdout}${r.stderr}` };
    };
    expect(run('pre-commit', ['install']).status).toBe(0);

    git(dir, 'add', '.');
    const clean = run('git', ['commit', '-m', 'clean']);
    expect(clean.out).toMatch(/payload-guard\.+Passed/);
    expect(clean.status).toBe(0);

    writeFiles(dir, { 'events/upload.json': JSON.stringify({ payload: { file: blob(300_000, 31) } }, null, 2) + '\n' });
    git(dir, 'add', 'events/upload.json');
    const blocked = run('git', ['commit', '-m', 'big']);
    expect(blocked.status).not.toBe(0);
    expect(blocked.out).toMatch(/payload-guard\.+Failed/);
    expect(blocked.out).toContain('events/upload.json');
    expect(blocked.out).toContain('$.payload.file');
    expect(git(dir, 'log', '--format=%s')).toBe('clean\n');

    // The fix hook: a Power Tuning input over the limit gets its payload moved to payloadS3.
    const tuning =
      JSON.stringify(
        {
          lambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:resize',
          num: 10,
          powerValues: 'ALL',
          payload: { file: blob(300_000, 32) },
        },
        null,
        2,
      ) + '\n';
    writeFiles(dir, { 'events/tuning.json': tuning });
    git(dir, 'add', 'events/tuning.json');
    const fixed = run('pre-commit', [
      'run',
      '--hook-stage',
      'manual',
      'payload-guard-fix',
      '--files',
      'events/tuning.json',
    ]);
    // pre-commit fails a hook that modified files, so the user reviews and stages the rewrite.
    expect(fixed.status).not.toBe(0);
    const after = fs.readFileSync(path.join(dir, 'events/tuning.json'), 'utf8');
    expect(after).toMatch(/"payloadS3": "s3:\/\/tuning-inputs\/payloads\/[^"]+\.json"/);
    expect(fs.existsSync(path.join(dir, '.payload-guard/s3/manifest.json'))).toBe(true);
    git(dir, 'add', 'events/tuning.json');
    git(dir, 'rm', '-q', '--cached', 'events/upload.json');
    // Our own files are not payloads, however big: the hooks exclude .payload-guard/.
    writeFiles(dir, {
      '.payload-guard/baseline.json': JSON.stringify({
        version: 1,
        tool: 'payload-guard',
        entries: [],
        padding: blob(300_000, 33),
      }),
    });
    git(dir, 'add', '.payload-guard/baseline.json');
    const ok = run('git', ['commit', '-m', 'tuning input']);
    expect(ok.out).toMatch(/payload-guard\.+Passed/);
    expect(ok.status).toBe(0);

    // JSONC is chosen by name: pre-commit tags `.jsonc` with no type, so `types_or` skipped it.
    writeFiles(dir, {
      'events/upload.jsonc': `// an event with comments\n${JSON.stringify({ payload: { file: blob(300_000, 34) } }, null, 2)}\n`,
    });
    git(dir, 'add', 'events/upload.jsonc');
    const jsonc = run('git', ['commit', '-m', 'jsonc payload']);
    expect(jsonc.status).not.toBe(0);
    expect(jsonc.out).toMatch(/payload-guard\.+Failed/);
    expect(jsonc.out).toContain('events/upload.jsonc');
  });
});
