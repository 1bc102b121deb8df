// `payload-guard init`: surveys the repository, writes a starter config once, prints snippets.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { png } from './support/files.js';
import { GITIGNORE_BLOCK } from '../src/init.js';
import { git, initRepo, tmpDir, writeFiles } from './support/workspace.js';

describe('payload-guard init', () => {
  it('writes a config that says what it found, and never overwrites one', () => {
    const dir = tmpDir('pg-init-');
    writeFiles(dir, {
      'events/upload.json': '{"payload": {"file": "x"}}',
      'tuning/input.json': JSON.stringify({
        lambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:f',
        num: 10,
        powerValues: [128, 256],
        payload: {},
      }),
      'statemachines/flow.asl.json': JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
      'template.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n',
      'package.json': '{"name": "app"}',
    });
    const run = runCli(['init'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Found 5 JSON\/YAML files:/);
    expect(run.stdout).toMatch(
      /1 {2}payloads \(events, execution inputs, fixtures\) {2}\(e\.g\. events\/upload\.json\)/,
    );
    expect(run.stdout).toContain('Lambda Power Tuning inputs  (e.g. tuning/input.json)');
    expect(run.stdout).toContain('Step Functions state machine definitions  (e.g. statemachines/flow.asl.json)');
    expect(run.stdout).toContain('CloudFormation / SAM / CDK templates  (e.g. template.yaml)');
    expect(run.stdout).toContain('- id: payload-guard');
    expect(run.stdout).toContain('github/codeql-action/upload-sarif');
    // The receiving side: the function's read permission and Power Tuning's deployment parameters.
    expect(run.stdout).toContain(
      '"Action": "s3:GetObject", "Resource": "arn:aws:s3:::replace-me-with-your-payload-bucket/*"',
    );
    expect(run.stdout).toContain('payloadS3Bucket=replace-me-with-your-payload-bucket');
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'payload-guard.config.json'), 'utf8'));
    expect(config.fix.bucket).toBe('replace-me-with-your-payload-bucket');
    expect(config.kinds).toEqual([{ files: 'tuning/*.json', kind: 'power-tuning' }]);
    // The written config is valid: linting with it works.
    expect(runCli(['events'], { cwd: dir }).status).toBe(0);

    fs.writeFileSync(path.join(dir, 'payload-guard.config.json'), '{"rules": {}}\n');
    const again = runCli(['init'], { cwd: dir });
    expect(again.status).toBe(2);
    expect(again.stdout).toContain('payload-guard.config.json already exists; init leaves it alone.');
    expect(fs.readFileSync(path.join(dir, 'payload-guard.config.json'), 'utf8')).toBe('{"rules": {}}\n');
  });

  it('names a Power Tuning input by file when its folder also holds other payloads', () => {
    const dir = tmpDir('pg-init-');
    const tuning = JSON.stringify({
      lambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      num: 10,
      payload: {},
    });
    writeFiles(dir, {
      'events/a.json': '{"id": 1}',
      'events/tune.json': tuning,
      'inputs/t1.json': tuning,
      'inputs/t2.json': tuning,
    });
    expect(runCli(['init'], { cwd: dir }).status).toBe(0);
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'payload-guard.config.json'), 'utf8'));
    expect(config.kinds).toEqual([
      { files: 'events/tune.json', kind: 'power-tuning' },
      { files: 'inputs/*.json', kind: 'power-tuning' },
    ]);
  });
});

describe('the placeholder bucket init writes', () => {
  it('counts as unset: --fix refuses with what to set and writes nothing', () => {
    const dir = tmpDir('pg-init-');
    const original = JSON.stringify({ photo: { file: png(3, 9000).toString('base64') } }, null, 2) + '\n';
    writeFiles(dir, { 'event.json': original });
    expect(runCli(['init'], { cwd: dir }).status).toBe(0);
    const run = runCli(['--fix', '--fix-unsafe', 'event.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'fix.bucket is still the placeholder "replace-me-with-your-payload-bucket" that init wrote: set it to your bucket\'s name',
    );
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toBe(original);
    expect(fs.existsSync(path.join(dir, '.payload-guard'))).toBe(false);
    // A real bucket on the command line is used.
    const fixed = runCli(['--fix', '--fix-unsafe', '--bucket', 'real-bucket', 'event.json'], { cwd: dir });
    expect(fixed.status, fixed.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toMatch(/"fileRef": "s3:\/\/real-bucket\//);
  });
});

describe('init --gitignore', () => {
  it('appends the lines once, keeping the other lines and the mode; git then keeps the baseline and manifest only', () => {
    const dir = tmpDir('pg-init-ignore-');
    initRepo(dir);
    writeFiles(dir, { '.gitignore': 'node_modules/\n*.log' });
    fs.chmodSync(path.join(dir, '.gitignore'), 0o600);
    const first = runCli(['init', '--gitignore'], { cwd: dir });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Appended the payload-guard lines to .gitignore.');
    const text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    expect(text).toBe(`node_modules/\n*.log\n\n${GITIGNORE_BLOCK}`);
    expect(fs.statSync(path.join(dir, '.gitignore')).mode & 0o777).toBe(0o600);

    // A second run (the config exists now) changes nothing and still succeeds.
    const again = runCli(['init', '--gitignore'], { cwd: dir });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('.gitignore already has the payload-guard lines; left as it is.');
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe(text);

    writeFiles(dir, {
      '.payload-guard/baseline.json': '{}',
      '.payload-guard/cache.json': '{}',
      '.payload-guard/s3/manifest.json': '{}',
      '.payload-guard/s3/manifest.journal': '',
      '.payload-guard/s3/my-bucket/payloads/abc.json': '{}',
      'reports/.payload-guard-cache': '{}',
    });
    const ignored = git(dir, 'status', '--porcelain', '--ignored', '--untracked-files=all')
      .split('\n')
      .filter((l) => l.startsWith('!! '))
      .map((l) => l.slice(3))
      .sort();
    expect(ignored).toEqual([
      '.payload-guard/cache.json',
      '.payload-guard/s3/manifest.journal',
      '.payload-guard/s3/my-bucket/payloads/abc.json',
      'reports/.payload-guard-cache',
    ]);
    const untracked = git(dir, 'status', '--porcelain', '--untracked-files=all')
      .split('\n')
      .filter((l) => l.startsWith('?? '))
      .map((l) => l.slice(3));
    expect(untracked).toEqual(
      expect.arrayContaining(['.payload-guard/baseline.json', '.payload-guard/s3/manifest.json']),
    );
  });

  it('creates .gitignore when there is none, and names a line that ignores the whole folder without removing it', () => {
    const dir = tmpDir('pg-init-ignore-');
    const fresh = runCli(['init', '--gitignore'], { cwd: dir });
    expect(fresh.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe(GITIGNORE_BLOCK);

    const other = tmpDir('pg-init-ignore-');
    writeFiles(other, { '.gitignore': 'dist/\n.payload-guard/\n' });
    const run = runCli(['init', '--gitignore'], { cwd: other });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      '.gitignore line 2 ignores the whole .payload-guard folder, so the baseline and the manifest cannot be committed; remove that line to keep them.',
    );
    expect(fs.readFileSync(path.join(other, '.gitignore'), 'utf8')).toBe(
      `dist/\n.payload-guard/\n\n${GITIGNORE_BLOCK}`,
    );
  });

  it('without --gitignore prints the lines and leaves .gitignore alone', () => {
    const dir = tmpDir('pg-init-ignore-');
    const run = runCli(['init'], { cwd: dir });
    expect(run.stdout).toContain('!.payload-guard/s3/manifest.json');
    expect(run.stdout).toContain('payload-guard init --gitignore');
    expect(fs.existsSync(path.join(dir, '.gitignore'))).toBe(false);
  });
});
