// What "nothing lost" promises, through the built CLI on real temp dirs: object keys never leave
// the stage dir, any failure before the rename leaves the file byte for byte as it was, exit codes
// say whether errors remain, and a dry run writes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobKey, payloadKey, sanitizePrefix } from '../../src/fix/keys.js';
import { stagedPath } from '../../src/io/stage.js';
import { runCli } from '../support/cli.js';
import { png, workdir } from '../support/files.js';
import { tmpDir, writeFiles } from '../support/workspace.js';

const workdirFor = (files: Record<string, string>) => workdir(files, 'pg-fix-');

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

describe('object keys', () => {
  it('come from hashes and sanitised names only', () => {
    expect(sanitizePrefix('../../etc//x y/')).toBe('etc/x-y/');
    expect(sanitizePrefix('/abs/./..')).toBe('abs');
    expect(blobKey('../up/', 'ab'.repeat(32), '../../png')).toBe('up/abababababababab.bin');
    expect(payloadKey('', '../../../.hidden name.json', 'cd'.repeat(32))).toBe('hidden-name-cdcdcdcdcdcdcdcd.json');
    expect(() => stagedPath('/tmp/stage', 'bucket', '../../x')).toThrow(/would leave/);
    expect(() => stagedPath('/tmp/stage', '../b', 'x')).toThrow(/would leave/);
  });

  it('a hostile JSON key such as ../../x never writes outside the stage dir', () => {
    const blob = png(1, 6000).toString('base64');
    // The work folder sits in a parent of its own, so a write above it shows, and no other
    // process creating temporary folders beside it (in the shared /tmp) can make the count move.
    const dir = path.join(tmpDir('pg-fix-parent-'), 'work');
    writeFiles(dir, {
      'inner/event.json':
        JSON.stringify({ '../../x': blob, nested: { '..\\..\\y': blob, '/etc/passwd': blob } }, null, 2) + '\n',
    });
    const parentBefore = fs.readdirSync(path.dirname(dir)).length;
    const run = runCli(['--fix', '--fix-unsafe', '--bucket', 'b-1', '--prefix', '../../../escape/', 'event.json'], {
      cwd: path.join(dir, 'inner'),
    });
    expect(run.stderr).not.toContain('not fixed');
    expect(run.status, run.stderr).toBe(0);
    expect(listFiles(dir)).toEqual([
      'inner/.payload-guard/s3/b-1/escape/' + fs.readdirSync(path.join(dir, 'inner/.payload-guard/s3/b-1/escape'))[0],
      'inner/.payload-guard/s3/manifest.json',
      'inner/event.json',
    ]);
    expect(fs.readdirSync(path.dirname(dir)).length).toBe(parentBefore);
    const fixed = JSON.parse(fs.readFileSync(path.join(dir, 'inner/event.json'), 'utf8'));
    expect(Object.keys(fixed)).toEqual(['../../xRef', 'nested']);
    expect(fixed['../../xRef']).toMatch(/^s3:\/\/b-1\/escape\/[0-9a-f]{16}\.png$/);
  });
});

describe('round trip of what editors leave behind', () => {
  it('a byte order mark and CRLF line endings survive fix, a second fix and inline', () => {
    const text =
      '\uFEFF' +
      JSON.stringify({ a: 1, photo: { file: png(5, 6000).toString('base64'), w: 2 } }, null, 2).replace(/\n/g, '\r\n') +
      '\r\n';
    const dir = workdirFor({ 'event.json': text });
    expect(runCli(['--fix', '--fix-unsafe', '--bucket', 'b-1', 'event.json'], { cwd: dir }).status).toBe(0);
    const fixed = fs.readFileSync(path.join(dir, 'event.json'), 'utf8');
    expect(fixed.startsWith('\uFEFF{\r\n')).toBe(true);
    expect(fixed).toMatch(/\r\n {4}"fileRef": "s3:\/\/b-1\/[0-9a-f]{16}\.png",\r\n {4}"w": 2\r\n/);
    expect(runCli(['--fix', '--fix-unsafe', '--bucket', 'b-1', 'event.json'], { cwd: dir }).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toBe(fixed);
    expect(runCli(['inline', 'event.json'], { cwd: dir }).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toBe(text);
  });
});

describe('failures leave the file untouched', () => {
  const original = JSON.stringify({ photo: { file: png(2, 6000).toString('base64') } }, null, 2) + '\n';

  it('when the stage dir cannot be created', () => {
    const dir = workdirFor({ 'event.json': original, '.payload-guard': 'a file where the stage dir should be\n' });
    const run = runCli(['--fix', '--fix-unsafe', '--bucket', 'b-1', 'event.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('event.json: not fixed, the file is unchanged');
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toBe(original);
    expect(listFiles(dir)).toEqual(['.payload-guard', 'event.json']);
  });

  it('when a staged object with different content holds the key', () => {
    const dir = workdirFor({ 'event.json': original });
    const dry = runCli(['--fix-dry-run', '--fix-unsafe', '--bucket', 'b-1', 'event.json'], { cwd: dir });
    const key = /s3:\/\/b-1\/([0-9a-f]{16}\.png)/.exec(dry.stdout)![1];
    fs.mkdirSync(path.join(dir, '.payload-guard/s3/b-1'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.payload-guard/s3/b-1', key), 'stale bytes');
    const run = runCli(['--fix', '--fix-unsafe', '--bucket', 'b-1', 'event.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('already holds different content; not overwriting it');
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toBe(original);
    expect(fs.readFileSync(path.join(dir, '.payload-guard/s3/b-1', key), 'utf8')).toBe('stale bytes');
  });
});

describe('the command', () => {
  it('a plain lint run checks a staged payloadS3 object against the 6 MB limit', () => {
    const input = {
      lambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      num: 10,
      payloadS3: 's3://b-1/big.json',
      disablePayloadLogs: true,
    };
    const dir = workdirFor({
      'tune.json': JSON.stringify(input) + '\n',
      '.payload-guard/s3/b-1/big.json': JSON.stringify({ s: 'x'.repeat(6_300_000) }),
    });
    const run = runCli(['tune.json'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('over Lambda’s 6 MiB synchronous invocation limit');
    fs.writeFileSync(path.join(dir, '.payload-guard/s3/b-1/big.json'), '{"small":true}');
    expect(runCli(['tune.json'], { cwd: dir }).status).toBe(0);
  });

  it('refuses a fix that moves data without a bucket and says how to set one (exit 2); other fixes need none', () => {
    const text = JSON.stringify({ photo: { file: png(4, 6000).toString('base64') } }, null, 2) + '\n';
    const dir = workdirFor({ 'event.json': text });
    const run = runCli(['--fix', '--fix-unsafe', 'event.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('pass --bucket NAME');
    expect(run.stderr).toContain('"fix": {"bucket": "NAME"');
    expect(listFiles(dir)).toEqual(['event.json']);
    // Plain --fix applies no unsafe fileRef, so it needs no bucket: the warning stays.
    const safe = runCli(['--fix', 'event.json'], { cwd: dir });
    expect(safe.status).toBe(0);
    expect(safe.stdout).toContain('no-inline-base64');
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toBe(text);
  });

  it('a dry run prints a diff and writes nothing', () => {
    const text = JSON.stringify({ photo: { file: png(3, 6000).toString('base64') } }, null, 2) + '\n';
    const dir = workdirFor({ 'event.json': text });
    const run = runCli(['--fix-dry-run', '--fix-unsafe', '--bucket', 'b-1', 'event.json'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^--- a\/event\.json\n\+\+\+ b\/event\.json\n@@ -1,5 \+1,5 @@\n/);
    expect(run.stdout).toMatch(/\n\+ {4}"fileRef": "s3:\/\/b-1\/[0-9a-f]{16}\.png"\n/);
    expect(listFiles(dir)).toEqual(['event.json']);
  });

  it('exits 0 when fixing leaves no error, 1 when errors remain, and says what to deploy', () => {
    const records = Array.from({ length: 4550 }, (_, i) => ({ id: i, name: `customer number ${i}`, city: 'Lisbon' }));
    const input = {
      lambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      num: 10,
      powerValues: 'ALL',
      disablePayloadLogs: true,
      payload: { records },
    };
    const dir = workdirFor({
      'ok.json': JSON.stringify(input) + '\n',
      'bad.json': JSON.stringify({ ...input, num: 2 }) + '\n',
    });
    const ok = runCli(['--fix', '--bucket', 'b-1', 'ok.json'], { cwd: dir });
    expect(ok.status).toBe(0);
    expect(ok.stderr).toContain('aws s3 sync .payload-guard/s3/b-1 s3://b-1');
    expect(ok.stderr).toContain('payloadS3Bucket=b-1');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'ok.json'), 'utf8')).payloadS3).toMatch(
      /^s3:\/\/b-1\/ok-[0-9a-f]{16}\.json$/,
    );
    const bad = runCli(['--fix', '--bucket', 'b-1', 'bad.json'], { cwd: dir });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('`num` is 2');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'bad.json'), 'utf8')).payloadS3).toBeDefined();
  });
});
