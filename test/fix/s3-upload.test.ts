// --upload and inline --download against a real S3-compatible server (s3rver) on loopback, driven
// through the built CLI with the AWS SDK's own configuration (endpoint from AWS_ENDPOINT_URL_S3).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { CLI } from '../support/cli.js';
import { png, workdir } from '../support/files.js';
import { startLocalS3, type LocalS3 } from '../support/s3.js';

const workdirFor = (files: Record<string, string>) => workdir(files, 'pg-upload-');

/** Async: the S3 server runs in this process, so a blocking spawnSync would starve it. */
function runCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
      },
    );
  });
}

let local: LocalS3;
let endpoint = '';
let storeDir = '';

beforeAll(async () => {
  local = await startLocalS3('test-bucket');
  ({ endpoint, storeDir } = local);
});

afterAll(async () => {
  await local?.close();
});

function env(): Record<string, string> {
  return local.env;
}

const storedObject = (bucket: string, key: string) => path.join(storeDir, bucket, key + '._S3rver_object');

describe('--upload against a loopback S3 server', () => {
  it('uploads and verifies before rewriting; inline --download puts back every byte', async () => {
    const blob = png(1, 9000);
    const original =
      JSON.stringify({ user: 'u-1', photo: { file: blob.toString('base64'), kind: 'png' } }, null, 2) + '\n';
    const dir = workdirFor({ 'event.json': original });
    const run = await runCli(
      ['--fix', '--fix-unsafe', '--upload', '--bucket', 'test-bucket', '--prefix', 'events/', 'event.json'],
      { cwd: dir, env: env() },
    );
    expect(run.stderr).toContain('uploaded 1 new object to s3://test-bucket');
    expect(run.status).toBe(0);
    const fixed = fs.readFileSync(path.join(dir, 'event.json'), 'utf8');
    const sha = createHash('sha256').update(blob).digest('hex');
    expect(fixed).toContain(`"fileRef": "s3://test-bucket/events/${sha.slice(0, 16)}.png"`);
    // The server holds the decoded bytes.
    expect(fs.readFileSync(storedObject('test-bucket', `events/${sha.slice(0, 16)}.png`)).equals(blob)).toBe(true);

    // A second run changes nothing and uploads nothing.
    const again = await runCli(
      ['--fix', '--fix-unsafe', '--upload', '--bucket', 'test-bucket', '--prefix', 'events/', 'event.json'],
      { cwd: dir, env: env() },
    );
    expect(again.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toBe(fixed);

    // Without the stage dir, inline fetches from S3 and restores the original text exactly.
    fs.rmSync(path.join(dir, '.payload-guard/s3/test-bucket'), { recursive: true });
    const inline = await runCli(['inline', '--download'], { cwd: dir, env: env() });
    expect(inline.stderr).not.toContain('not inlined');
    expect(inline.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toBe(original);
  });

  it('a failed upload leaves the file byte for byte as it was and exits 2', async () => {
    const original = JSON.stringify({ photo: { file: png(2, 9000).toString('base64') } }) + '\n';
    const dir = workdirFor({ 'event.json': original });
    const run = await runCli(['--fix', '--fix-unsafe', '--upload', '--bucket', 'no-such-bucket', 'event.json'], {
      cwd: dir,
      env: env(),
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /event\.json: not fixed, the file is unchanged: uploading s3:\/\/no-such-bucket\/[0-9a-f]{16}\.png failed: NoSuchBucket/,
    );
    // The summary says what happened: nothing fixed, nothing uploaded.
    expect(run.stderr).toContain('payload-guard: fixed 0 files; 1 file not fixed (see above).');
    expect(run.stderr).not.toContain('uploaded 0 new objects');
    expect(run.stderr).not.toContain('fixed 1 file');
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toBe(original);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('an object of different content under the same key is an error, never overwritten', async () => {
    const blob = png(3, 9000);
    const sha = createHash('sha256').update(blob).digest('hex');
    const key = `${sha.slice(0, 16)}.png`;
    const dir = workdirFor({ 'event.json': JSON.stringify({ photo: { file: blob.toString('base64') } }) + '\n' });
    // Someone else's object sits where ours would go.
    const { createObjectStore } = await import('../../src/io/s3.js');
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
    });
    const store = await createObjectStore({ endpoint });
    await store.put('test-bucket', key, Buffer.from('not the same bytes'), 'image/png');
    store.destroy();
    const before = fs.readFileSync(path.join(dir, 'event.json'));
    const run = await runCli(['--fix', '--fix-unsafe', '--upload', '--bucket', 'test-bucket', 'event.json'], {
      cwd: dir,
      env: env(),
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('already holds different content');
    expect(fs.readFileSync(path.join(dir, 'event.json')).equals(before)).toBe(true);
  });

  it('a file saved during the upload keeps what was saved: the fix leaves it alone and says so', async () => {
    const original = JSON.stringify({ photo: { file: png(4, 9000).toString('base64') } }) + '\n';
    const dir = workdirFor({ 'event.json': original });
    // Same size and mtime as before, other content: only the content can tell.
    const saved = original.replace('"photo"', '"PHOTO"');
    const file = path.join(dir, 'event.json');
    const { mtime } = fs.statSync(file);
    // The save lands while the object is being uploaded, as an editor's save during a slow upload.
    const onUpload = () => {
      fs.writeFileSync(file, saved);
      fs.utimesSync(file, mtime, mtime);
    };
    local.server.on('event', onUpload);
    try {
      const run = await runCli(['--fix', '--fix-unsafe', '--upload', '--bucket', 'test-bucket', 'event.json'], {
        cwd: dir,
        env: env(),
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(
        'event.json: not fixed, the file is unchanged: the file changed while it was being fixed',
      );
    } finally {
      local.server.off('event', onUpload);
    }
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toBe(saved);
  });
});
