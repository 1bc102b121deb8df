// `payload-guard init`: surveys the repository, writes a starter config once, prints snippets.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { png } from './support/files.js';
import { tmpDir, writeFiles } from './support/workspace.js';

describe('payload-guard init', () => {
  it('writes a config that says what it found, and never overwrites one', () => {
    const dir = tmpDir('pg-init-');
    writeFiles(dir, {
      'events/upload.json': '{"payload": {"file": "x"}}',
      'tuning/input.json': JSON.stringify({ lambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:f', num: 10, powerValues: [128, 256], payload: {} }),
      'statemachines/flow.asl.json': JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
      'template.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n',
      'package.json': '{"name": "app"}',
    });
    const run = runCli(['init'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Found 5 JSON\/YAML files:/);
    expect(run.stdout).toMatch(/1 {2}payloads \(events, execution inputs, fixtures\) {2}\(e\.g\. events\/upload\.json\)/);
    expect(run.stdout).toContain('Lambda Power Tuning inputs  (e.g. tuning/input.json)');
    expect(run.stdout).toContain('Step Functions state machine definitions  (e.g. statemachines/flow.asl.json)');
    expect(run.stdout).toContain('CloudFormation / SAM / CDK templates  (e.g. template.yaml)');
    expect(run.stdout).toContain('- id: payload-guard');
    expect(run.stdout).toContain('github/codeql-action/upload-sarif');
    // The receiving side: the function's read permission and Power Tuning's deployment parameters.
    expect(run.stdout).toContain('"Action": "s3:GetObject", "Resource": "arn:aws:s3:::replace-me-with-your-payload-bucket/*"');
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
    const tuning = JSON.stringify({ lambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:f', num: 10, payload: {} });
    writeFiles(dir, { 'events/a.json': '{"id": 1}', 'events/tune.json': tuning, 'inputs/t1.json': tuning, 'inputs/t2.json': tuning });
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
    expect(run.stderr).toContain('fix.bucket is still the placeholder "replace-me-with-your-payload-bucket" that init wrote: set it to your bucket\'s name');
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toBe(original);
    expect(fs.existsSync(path.join(dir, '.payload-guard'))).toBe(false);
    // A real bucket on the command line is used.
    const fixed = runCli(['--fix', '--fix-unsafe', '--bucket', 'real-bucket', 'event.json'], { cwd: dir });
    expect(fixed.status, fixed.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toMatch(/"fileRef": "s3:\/\/real-bucket\//);
  });
});
