// A server that accepts the connection and never answers: --upload and inline --download must
// end (exit 2, files untouched) within their bounds instead of waiting for ever. The server is a
// real TCP listener on loopback; PAYLOAD_GUARD_S3_TIMEOUT shortens the per-request bound to 1 s.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli.js';
import { png, workdir } from '../support/files.js';

function runCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // The child's own timeout is only a backstop for a hanging run: it makes the test fail, not pass.
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env }, timeout: 50_000 },
      (err, stdout, stderr) => {
        resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
      },
    );
  });
}

let server: net.Server;
const sockets: net.Socket[] = [];
let endpoint = '';

beforeAll(async () => {
  server = net.createServer((socket) => {
    // Read whatever the client sends, never write a byte back.
    sockets.push(socket);
    socket.on('data', () => {});
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const env = () => ({
  AWS_ACCESS_KEY_ID: 'x',
  AWS_SECRET_ACCESS_KEY: 'y',
  AWS_REGION: 'us-east-1',
  AWS_ENDPOINT_URL_S3: endpoint,
  PAYLOAD_GUARD_S3_TIMEOUT: '1',
});

describe('a server that never answers', () => {
  it('--upload gives up with exit 2 and leaves the file byte for byte as it was', async () => {
    const original = JSON.stringify({ photo: { file: png(7, 9000).toString('base64') } }, null, 2) + '\n';
    const dir = workdir({ 'event.json': original }, 'pg-hang-');
    const accepted = sockets.length;
    const run = await runCli(['--fix', '--fix-unsafe', '--upload', '--bucket', 'test-bucket', 'event.json'], {
      cwd: dir,
      env: env(),
    });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(
      /event\.json: not fixed, the file is unchanged: uploading s3:\/\/test-bucket\/[0-9a-f]{16}\.png failed: the server did not answer within 1 s/,
    );
    expect(run.stderr).toContain('fixed 0 files; 1 file not fixed');
    // The server was reached (the bound is not a refused connection), and retried.
    expect(sockets.length - accepted).toBeGreaterThan(1);
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toBe(original);
    expect(fs.existsSync(path.join(dir, '.payload-guard/s3/manifest.json'))).toBe(false);
  });

  it('inline --download gives up with exit 2 and leaves the file as it was', async () => {
    const original = JSON.stringify({ photo: { file: png(8, 9000).toString('base64') } }, null, 2) + '\n';
    const dir = workdir({ 'event.json': original }, 'pg-hang-');
    const fixed = await runCli(['--fix', '--fix-unsafe', '--bucket', 'test-bucket', 'event.json'], { cwd: dir });
    expect(fixed.status, fixed.stderr).toBe(0);
    const rewritten = fs.readFileSync(path.join(dir, 'event.json'), 'utf8');
    fs.rmSync(path.join(dir, '.payload-guard/s3/test-bucket'), { recursive: true });
    const run = await runCli(['inline', '--download'], { cwd: dir, env: env() });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(
      /downloading s3:\/\/test-bucket\/[0-9a-f]{16}\.png failed: the server did not answer within 1 s/,
    );
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toBe(rewritten);
  });
});
