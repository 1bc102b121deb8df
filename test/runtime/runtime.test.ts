// payload-guard/runtime against a real S3-compatible server (s3rver) on loopback with the AWS SDK:
// `--fix --fix-unsafe --upload` rewrites events, and resolveRefs gives the function back exactly
// what was there before; offloadLarge and resolveRefs undo each other; every refusal is a RefError
// that names the reference, bounded in time.
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parse as parseJsonc } from 'jsonc-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offloadLarge, RefError, resolveRefs, withPayloadRefs } from '../../src/runtime/index.js';
import payloadRefs from '../../src/runtime/middy.js';
import { createPreProcessor, handler as preProcessor } from '../../src/runtime/power-tuning.js';
import { CLI } from '../support/cli.js';
import { png, workdir } from '../support/files.js';
import { startLocalS3, type LocalS3 } from '../support/s3.js';

const root = path.resolve(__dirname, '../..');
let local: LocalS3;
let endpoint = '';
let s3: S3Client;

beforeAll(async () => {
  local = await startLocalS3('events-bucket', 'pg-runtime-s3-');
  endpoint = local.endpoint;
  s3 = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
});

afterAll(async () => {
  s3?.destroy();
  await local?.close();
});

/** Async: the S3 server runs in this process, so a blocking spawnSync would starve it. */
function fix(args: string[], cwd: string): Promise<{ status: number | null; stderr: string }> {
  const env = {
    ...process.env,
    NO_COLOR: '1',
    ...local.env,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env, maxBuffer: 64 << 20 }, (err, _stdout, stderr) => {
      resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, stderr });
    });
  });
}

function pdf(bytes: number): Buffer {
  const body = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) body[i] = (i * 7919 + 13) & 0xff;
  return Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), body, Buffer.from('\n%%EOF\n')]);
}

const mime = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\n');

/** Events in every layout the detector reads: each field is at least 4 KiB of base64. */
const events: Record<string, string> = {
  'png.json': JSON.stringify({ id: 'a', image: { file: png(1, 9000).toString('base64'), name: 'a.png' } }, null, 2),
  'pdf.json': JSON.stringify({ id: 'b', document: pdf(8000).toString('base64') }),
  'data-uri.json': JSON.stringify({ id: 'c', avatar: `data:image/png;base64,${png(2, 6000).toString('base64')}` }),
  'url-safe.json': JSON.stringify({ id: 'd', blob: png(3, 7000).toString('base64url') }),
  'mime.json': JSON.stringify({ id: 'e', attachment: mime(pdf(9000)) }),
  'commented.jsonc': `{\n  // the photo, as the client sends it\n  "photo": "${png(4, 5000).toString('base64')}",\n  "id": "f",\n}\n`,
};

describe('resolveRefs after --fix --fix-unsafe --upload', () => {
  it('gives every event back as it was: deep-equal, and every string identical', async () => {
    const dir = workdir(events, 'pg-runtime-');
    const run = await fix(
      ['--fix', '--fix-unsafe', '--upload', '--bucket', 'events-bucket', '--prefix', 'refs/', '.'],
      dir,
    );
    expect(run.stderr).toContain('uploaded');
    expect(run.status).toBe(0);
    for (const [name, original] of Object.entries(events)) {
      const rewritten = parseJsonc(fs.readFileSync(path.join(dir, name), 'utf8'));
      expect(JSON.stringify(rewritten), name).toContain('s3://events-bucket/refs/');
      const resolved = await resolveRefs(rewritten, { s3, allowBuckets: ['events-bucket'] });
      expect(resolved, name).toStrictEqual(parseJsonc(original));
      // Same key order as the original, too.
      expect(JSON.stringify(resolved), name).toBe(JSON.stringify(parseJsonc(original)));
    }
  });

  it('reads the same references offline from the stage folder, without S3', async () => {
    const dir = workdir(
      { 'mime.json': events['mime.json'], 'url-safe.json': events['url-safe.json'] },
      'pg-runtime-offline-',
    );
    const run = await fix(['--fix', '--fix-unsafe', '--bucket', 'events-bucket', '.'], dir);
    expect(run.status).toBe(0);
    for (const name of ['mime.json', 'url-safe.json']) {
      const rewritten = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
      const resolved = await resolveRefs(rewritten, {
        stageDir: path.join(dir, '.payload-guard/s3'),
        allowBuckets: ['events-bucket'],
      });
      expect(resolved).toStrictEqual(JSON.parse(events[name]));
    }
  });

  it("as: 'buffer' gives the bytes and as: 'lazy' fetches only when asked", async () => {
    const bytes = png(5, 5000);
    const key = `lazy/${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.png`;
    await s3.send(new PutObjectCommand({ Bucket: 'events-bucket', Key: key, Body: bytes }));
    const event = { photoRef: `s3://events-bucket/${key}` };
    const asBuffer = await resolveRefs(event, { s3, allowBuckets: ['events-bucket'], as: 'buffer' });
    expect(
      Buffer.isBuffer((asBuffer as unknown as { photo: Buffer }).photo) &&
        (asBuffer as unknown as { photo: Buffer }).photo.equals(bytes),
    ).toBe(true);
    const lazy = (await resolveRefs(event, { s3, allowBuckets: ['events-bucket'], as: 'lazy' })) as unknown as {
      photo: { uri: string; buffer(): Promise<Buffer>; value(): Promise<unknown> };
    };
    expect(lazy.photo.uri).toBe(event.photoRef);
    expect((await lazy.photo.buffer()).equals(bytes)).toBe(true);
    expect(await lazy.photo.value()).toBe(bytes.toString('base64'));
  });

  it('passes events that still carry inline base64 through unchanged', async () => {
    const event = JSON.parse(events['png.json']);
    expect(await resolveRefs(event, { s3, allowBuckets: ['events-bucket'] })).toBe(event);
  });
});

describe('wrappers', () => {
  const photo = png(6, 6000).toString('base64');
  let refEvent: unknown;

  beforeAll(async () => {
    const dir = workdir({ 'e.json': JSON.stringify({ user: 'u', photo }) }, 'pg-runtime-wrap-');
    expect((await fix(['--fix', '--fix-unsafe', '--upload', '--bucket', 'events-bucket', 'e.json'], dir)).status).toBe(
      0,
    );
    refEvent = JSON.parse(fs.readFileSync(path.join(dir, 'e.json'), 'utf8'));
    expect(refEvent).toHaveProperty('photoRef');
  });

  it('withPayloadRefs hands the handler the original event', async () => {
    let seen: unknown;
    const wrapped = withPayloadRefs(
      (event: unknown) => {
        seen = event;
        return Promise.resolve('ok');
      },
      { s3, allowBuckets: ['events-bucket'] },
    );
    expect(await wrapped(refEvent, {})).toBe('ok');
    expect(seen).toStrictEqual({ user: 'u', photo });
  });

  it('the Middy middleware hands the handler the original event', async () => {
    const middleware = payloadRefs({ s3, allowBuckets: ['events-bucket'] });
    const request: { event: unknown; response?: unknown } = { event: refEvent };
    await middleware.before(request);
    expect(request.event).toStrictEqual({ user: 'u', photo });
  });

  it('the Power Tuning pre-processor returns the payload resolved', async () => {
    const resolved = await createPreProcessor({ s3, allowBuckets: ['events-bucket'] })(refEvent);
    expect(resolved).toStrictEqual({ user: 'u', photo });
  });

  it('the ready pre-processor handler reads its settings from the environment', async () => {
    const dir = workdir({ 'e.json': JSON.stringify({ photo }) }, 'pg-runtime-pre-');
    expect((await fix(['--fix', '--fix-unsafe', '--bucket', 'tuning-bucket', 'e.json'], dir)).status).toBe(0);
    const saved = { ...process.env };
    Object.assign(process.env, {
      PAYLOAD_GUARD_ALLOW_BUCKETS: 'tuning-bucket',
      PAYLOAD_GUARD_STAGE_DIR: path.join(dir, '.payload-guard/s3'),
    });
    try {
      expect(await preProcessor(JSON.parse(fs.readFileSync(path.join(dir, 'e.json'), 'utf8')))).toStrictEqual({
        photo,
      });
    } finally {
      process.env = saved;
    }
  });
});

describe('offloadLarge', () => {
  const big = {
    status: 'done',
    thumbnail: png(7, 150_000).toString('base64'),
    transcript: 'word '.repeat(40_000),
    rows: Array.from({ length: 3000 }, (_, i) => ({ i, name: `row-${i}` })),
    small: 'stays',
  };

  it('moves the largest members until the result fits, and resolveRefs undoes it exactly', async () => {
    const out = await offloadLarge(big, { s3, bucket: 'events-bucket', prefix: 'results/', thresholdBytes: 100_000 });
    expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThanOrEqual(100_000);
    expect(out).toHaveProperty('thumbnailRef');
    expect(out.small).toBe('stays');
    expect(await resolveRefs(out, { s3, allowBuckets: ['events-bucket'] })).toStrictEqual(big);
  });

  it('leaves a result under the threshold alone', async () => {
    const small = { a: 1 };
    expect(await offloadLarge(small, { s3, bucket: 'events-bucket' })).toBe(small);
  });

  it('offline, refuses a stage folder that does not exist instead of creating it anywhere', async () => {
    const missing = path.join(os.tmpdir(), `pg-no-stage-${process.pid}`, 'deeper');
    const err = await offloadLarge(big, { stageDir: missing, bucket: 'local', thresholdBytes: 50_000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RefError);
    expect((err as Error).message).toContain('does not exist');
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });

  it('keeps a `__proto__` member through offload and resolve, in its place, inheriting nothing', async () => {
    const stageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-offload-proto-'));
    const text = JSON.stringify({ first: 1, thumbnail: big.thumbnail, last: 2 }).replace(
      '"first":1',
      '"__proto__":{"polluted":true},"first":1',
    );
    const event = JSON.parse(text) as Record<string, unknown>;
    const out = await offloadLarge(event, { stageDir, bucket: 'local', thresholdBytes: 50_000 });
    expect(Object.keys(out)).toEqual(['__proto__', 'first', 'thumbnailRef', 'last']);
    const resolved = await resolveRefs(out, { stageDir, allowBuckets: ['local'] });
    expect(JSON.stringify(resolved)).toBe(text);
    expect(Object.getPrototypeOf(resolved)).toBe(Object.prototype);
    expect(resolved.polluted).toBeUndefined();
  });

  it('offline, writes into the stage folder and reads back the same', async () => {
    const stageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-offload-'));
    const out = await offloadLarge(big, { stageDir, bucket: 'local', thresholdBytes: 50_000 });
    expect(await resolveRefs(out, { stageDir, allowBuckets: ['local'] })).toStrictEqual(big);
  });
});

describe('refusals', () => {
  const bytes = png(8, 3000);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);

  beforeAll(async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'events-bucket', Key: `ok/${hash}.png`, Body: bytes }));
    // An object whose content does not match the hash its key names.
    await s3.send(new PutObjectCommand({ Bucket: 'events-bucket', Key: `bad/${hash}.png`, Body: png(9, 3000) }));
  });

  const refusal = async (event: unknown, options: Parameters<typeof resolveRefs>[1]) => {
    const err = await resolveRefs(event, options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RefError);
    return err as RefError;
  };

  it('a reference outside the allow-list', async () => {
    const err = await refusal({ fileRef: `s3://other-bucket/ok/${hash}.png` }, { s3, allowBuckets: ['events-bucket'] });
    expect(err.code).toBe('NotAllowed');
    expect(err.message).toContain('s3://other-bucket/');
    expect((await refusal({ fileRef: `s3://events-bucket/ok/${hash}.png` }, { s3 })).code).toBe('NotAllowed');
    expect(
      (
        await refusal(
          { fileRef: `s3://events-bucket/ok/${hash}.png` },
          { s3, allowPrefixes: ['s3://events-bucket/other/'] },
        )
      ).code,
    ).toBe('NotAllowed');
  });

  it('a hash mismatch', async () => {
    const err = await refusal(
      { fileRef: `s3://events-bucket/bad/${hash}.png` },
      { s3, allowBuckets: ['events-bucket'] },
    );
    expect(err.code).toBe('HashMismatch');
  });

  it('an object over maxBytes', async () => {
    expect(
      (
        await refusal(
          { fileRef: `s3://events-bucket/ok/${hash}.png` },
          { s3, allowBuckets: ['events-bucket'], maxBytes: 100 },
        )
      ).code,
    ).toBe('TooLarge');
  });

  it('a missing object', async () => {
    expect(
      (
        await refusal(
          { fileRef: 's3://events-bucket/gone/0123456789abcdef.png' },
          { s3, allowBuckets: ['events-bucket'] },
        )
      ).code,
    ).toBe('NotFound');
  });

  it('a server that accepts and never answers, within the timeout', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const stalled = new S3Client({
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    try {
      const started = Date.now();
      const err = await refusal(
        { fileRef: `s3://events-bucket/ok/${hash}.png` },
        { s3: stalled, allowBuckets: ['events-bucket'], timeoutMs: 300 },
      );
      expect(err.code).toBe('Timeout');
      // Bounded: well under the SDK's own default socket timeouts (minutes).
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      stalled.destroy();
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});

describe('import', () => {
  it('loads none of the CLI dependencies', () => {
    // A resolve hook lists every module the import loads, in a fresh process.
    const hook = `data:text/javascript,${encodeURIComponent('export async function resolve(s, c, n) { const r = await n(s, c); process.stderr.write("LOADED " + r.url + "\\n"); return r; }')}`;
    // The tsc output's module graph (the package ships it bundled; test/install.test.ts checks that).
    const entries = ['index', 'middy', 'power-tuning'].map(
      (e) => pathToFileURL(path.join(root, `dist/src/runtime/${e}.js`)).href,
    );
    const script = `import { register } from 'node:module'; register(${JSON.stringify(hook)}); for (const e of ${JSON.stringify(entries)}) await import(e);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const loaded = run.stderr
      .split('\n')
      .filter((l) => l.startsWith('LOADED '))
      .map((l) => l.slice(7));
    expect(loaded.some((u) => u.includes('/dist/src/runtime/index.js'))).toBe(true);
    for (const banned of [
      'yargs',
      'chalk',
      'ajv',
      '/yaml/',
      'jsonata',
      'fast-glob',
      'client-s3',
      '/dist/src/cli',
      '/dist/src/base64/detect.js',
    ]) {
      expect(
        loaded.filter((u) => u.includes(banned)),
        banned,
      ).toEqual([]);
    }
  });
});
