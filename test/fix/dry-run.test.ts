// --fix-dry-run prints a unified diff that `git apply` accepts (full lines, headers relative to
// the repository root), linear in the file, on stderr when a machine-readable report holds stdout,
// and it needs no bucket: nothing is written, so a placeholder stands in for it.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/fix/diff.js';
import { runCli } from '../support/cli.js';
import { png } from '../support/files.js';
import { git, initRepo, tmpDir, writeFiles } from '../support/workspace.js';

/** A pretty-printed Power Tuning input whose payload is `items` records (about 100 bytes each). */
function tuningInput(items: number): string {
  const payload = {
    items: Array.from({ length: items }, (_, i) => ({ id: i, name: `item-${i}`, tags: ['a', 'b'], v: i / 7 })),
  };
  return (
    JSON.stringify(
      { lambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:f', powerValues: [128, 256, 512], num: 10, payload },
      null,
      2,
    ) + '\n'
  );
}

function applyCheck(repo: string, diff: string): void {
  // Throws (failing the test) when git rejects the patch.
  execFileSync('git', ['apply', '--check', '-'], { cwd: repo, input: diff });
}

describe('unifiedDiff', () => {
  it('keeps long lines whole and gives each distant change its own hunk', () => {
    const long = 'x'.repeat(20_000);
    const before = [
      '{',
      `  "a": "${long}",`,
      ...Array.from({ length: 40 }, (_, i) => `  "k${i}": ${i},`),
      `  "z": "${long}"`,
      '}',
      '',
    ].join('\n');
    const after = before
      .replace(`"a": "${long}"`, '"aRef": "s3://b/1"')
      .replace(`"z": "${long}"`, '"zRef": "s3://b/2"');
    const diff = unifiedDiff('f.json', before, after);
    expect(diff).toContain(`-  "a": "${long}",\n`);
    expect(diff).toContain(`-  "z": "${long}"\n`);
    expect(diff).not.toContain('more chars');
    expect(diff.match(/^@@ /gm)).toEqual(['@@ ', '@@ ']);
    expect(diff).toMatch(/^@@ -1,5 \+1,5 @@$/m);
    expect(diff).toMatch(/^@@ -40,5 \+40,5 @@$/m);
  });

  it('a change of 100,000 lines in a 100,000-line file is one hunk of removed and added lines', () => {
    const before = Array.from({ length: 100_000 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const after = Array.from({ length: 100_000 }, (_, i) => `other ${i}`).join('\n') + '\n';
    const diff = unifiedDiff('f.txt', before, after);
    const lines = diff.split('\n');
    expect(lines[2]).toBe('@@ -1,100000 +1,100000 @@');
    expect(lines.filter((l) => l.startsWith('-line ')).length).toBe(100_000);
    expect(lines.filter((l) => l.startsWith('+other ')).length).toBe(100_000);
  });

  it('marks a missing final newline as diff and patch expect', () => {
    expect(unifiedDiff('f', 'a\nb', 'a\nc')).toBe(
      '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n',
    );
  });
});

describe('--fix-dry-run', () => {
  it('on a large pretty-printed Power Tuning input, without a bucket, prints a diff git apply accepts', () => {
    const repo = tmpDir('pg-dry-');
    initRepo(repo);
    const text = tuningInput(4000);
    writeFiles(repo, {
      'inputs/tuning.json': text,
      'inputs/event.json': JSON.stringify({ user: 'u', photo: { file: png(4, 9000).toString('base64') } }) + '\n',
    });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'inputs');
    const run = runCli(['--fix-dry-run', '--fix-unsafe', '.'], { cwd: path.join(repo, 'inputs') });
    expect(run.stderr).toContain('--fix-dry-run: 2 files would change; nothing was written.');
    expect(run.stderr).toContain('the diff names the placeholder bucket "replace-me-with-your-payload-bucket"');
    expect(run.stdout).toContain('--- a/inputs/tuning.json\n+++ b/inputs/tuning.json\n');
    expect(run.stdout).toContain('+  "payloadS3": "s3://replace-me-with-your-payload-bucket/tuning-');
    // The minified event is one long line: shown whole.
    expect(run.stdout).not.toContain('more chars');
    applyCheck(repo, run.stdout);
    expect(fs.existsSync(path.join(repo, 'inputs/.payload-guard'))).toBe(false);
    expect(fs.existsSync(path.join(repo, '.payload-guard'))).toBe(false);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    execFileSync('git', ['apply', '-'], { cwd: repo, input: run.stdout });
    const applied = JSON.parse(fs.readFileSync(path.join(repo, 'inputs/tuning.json'), 'utf8'));
    expect(applied.payload).toBeUndefined();
    expect(applied.payloadS3).toMatch(/^s3:\/\/replace-me-with-your-payload-bucket\/tuning-[0-9a-f]{16}\.json$/);
    expect(JSON.parse(fs.readFileSync(path.join(repo, 'inputs/event.json'), 'utf8')).photo.fileRef).toMatch(/^s3:\/\//);
  });

  it('with -f json on stdout, stdout is the JSON report and the diff goes to stderr', () => {
    const repo = tmpDir('pg-dry-');
    initRepo(repo);
    writeFiles(repo, {
      'event.json': JSON.stringify({ photo: { file: png(5, 9000).toString('base64') } }, null, 2) + '\n',
    });
    const run = runCli(['--fix-dry-run', '--fix-unsafe', '--bucket', 'b-1', '-f', 'json', 'event.json'], { cwd: repo });
    const report = JSON.parse(run.stdout);
    expect(Array.isArray(report)).toBe(true);
    expect(run.stderr).toContain('--- a/event.json\n+++ b/event.json\n');
    const diff = run.stderr.slice(run.stderr.indexOf('--- a/'), run.stderr.indexOf('payload-guard: --fix-dry-run'));
    applyCheck(repo, diff);
  });
});
