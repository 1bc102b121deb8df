// Where referenced objects live for the function: S3 through the AWS SDK (a peer dependency, loaded
// on first use, or a client the caller injects), or, offline, the stage folder that `--fix`
// writes (`.payload-guard/s3/<bucket>/<key>`), so `sam local invoke` and unit tests read the same
// bytes. Every request is bounded in time; a reference is untrusted input until the allow-list,
// the size bound and the content hash say otherwise.
import crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { withoutSdkNodeWarning } from '../io/sdk-warning.js';
import { formFromMetadata, formOfEncoding, formToMetadata, type StoredForm } from '../object-form.js';

export type { StoredForm };

export class RefError extends Error {
  constructor(
    readonly code: 'NotAllowed' | 'TooLarge' | 'HashMismatch' | 'NotFound' | 'Timeout' | 'BadReference' | 'Failed',
    message: string,
  ) {
    super(message);
    this.name = 'RefError';
  }
}

/** What `send` needs from an S3Client; the caller may inject its own (with its own config). */
export interface S3Like {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

export interface StoreOptions {
  /** an S3Client; otherwise one is made with the standard credential chain and region */
  s3?: S3Like;
  /** read and write `<stageDir>/<bucket>/<key>` instead of S3 (default: env PAYLOAD_GUARD_STAGE_DIR) */
  stageDir?: string;
  /** per request, default 10 s */
  timeoutMs?: number;
}

export interface StoredObject {
  bytes: Buffer;
  form?: StoredForm;
}

export interface ObjectStore {
  get(bucket: string, key: string, maxBytes: number): Promise<StoredObject>;
  put(bucket: string, key: string, bytes: Uint8Array, contentType: string, form: StoredForm): Promise<void>;
}

export const STAGE_DIR_ENV = 'PAYLOAD_GUARD_STAGE_DIR';
const DEFAULT_TIMEOUT_MS = 10_000;

export function openStore(options: StoreOptions): ObjectStore {
  const stageDir = options.stageDir ?? process.env[STAGE_DIR_ENV];
  return stageDir ? stageStore(path.resolve(stageDir)) : s3Store(options.s3, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
}

function stageStore(stageDir: string): ObjectStore {
  const file = (bucket: string, key: string) => {
    const p = path.resolve(stageDir, bucket, key);
    // A key from an event must not reach outside the stage folder (`../../etc/passwd`).
    if (!p.startsWith(path.resolve(stageDir, bucket) + path.sep))
      throw new RefError('BadReference', `s3://${bucket}/${key} names a path outside the stage folder`);
    return p;
  };
  let manifest: Promise<Map<string, StoredForm>> | undefined;
  // Objects that `--fix` moved out are described in its manifest; offloaded ones by their extension.
  const forms = () =>
    (manifest ??= fs
      .readFile(path.join(stageDir, 'manifest.json'), 'utf8')
      .then((text) => {
        const out = new Map<string, StoredForm>();
        const entries =
          (
            JSON.parse(text) as {
              entries?: { uri?: string; kind?: string; encoding?: Parameters<typeof formOfEncoding>[0] }[];
            }
          ).entries ?? [];
        for (const e of entries) {
          if (!e || typeof e.uri !== 'string') continue;
          if (e.kind === 'fileRef' && e.encoding) out.set(e.uri, formOfEncoding(e.encoding));
          else if (e.kind === 'payloadS3') out.set(e.uri, { kind: 'json' });
        }
        return out;
      })
      .catch(() => new Map<string, StoredForm>()));
  return {
    async get(bucket, key, maxBytes) {
      const p = file(bucket, key);
      let stat;
      try {
        stat = await fs.stat(p);
      } catch {
        throw new RefError('NotFound', `s3://${bucket}/${key} is not in the stage folder ${stageDir}`);
      }
      if (stat.size > maxBytes) throw tooLarge(bucket, key, stat.size, maxBytes);
      const bytes = await fs.readFile(p);
      const form = (await forms()).get(`s3://${bucket}/${key}`) ?? formFromExtension(key);
      return { bytes, form };
    },
    async put(bucket, key, bytes) {
      const p = file(bucket, key);
      // Folders made one by one below the stage folder: Node's recursive mkdir spins forever
      // under a file system that refuses folders (/proc), and the stage folder must exist anyway.
      const rel = path.relative(stageDir, path.dirname(p)).split(path.sep).filter(Boolean);
      let dir = stageDir;
      if (
        !(await fs.stat(stageDir).then(
          (st) => st.isDirectory(),
          () => false,
        ))
      )
        throw new RefError('Failed', `the stage folder ${stageDir} does not exist`);
      for (const part of rel) {
        dir = path.join(dir, part);
        await fs.mkdir(dir).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'EEXIST') throw new RefError('Failed', `cannot create ${dir}: ${err.message}`);
        });
      }
      // Content-addressed: the same key always holds the same bytes, so a rename over it is safe.
      const tmp = `${p}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, p);
    },
  };
}

function formFromExtension(key: string): StoredForm | undefined {
  if (key.endsWith('.json')) return { kind: 'json' };
  if (key.endsWith('.txt')) return { kind: 'text' };
  return undefined;
}

function tooLarge(bucket: string, key: string, bytes: number, maxBytes: number): RefError {
  return new RefError(
    'TooLarge',
    `s3://${bucket}/${key} is ${bytes.toLocaleString('en-US')} bytes, over maxBytes (${maxBytes.toLocaleString('en-US')})`,
  );
}

type Sdk = typeof import('@aws-sdk/client-s3');

function s3Store(injected: S3Like | undefined, timeoutMs: number): ObjectStore {
  let sdk: Promise<Sdk> | undefined;
  let client: S3Like | undefined = injected;
  const load = () =>
    (sdk ??= import('@aws-sdk/client-s3').catch(() => {
      throw new RefError(
        'Failed',
        'payload-guard/runtime needs @aws-sdk/client-s3 to read S3 references (the Lambda Node.js runtimes include it; elsewhere `npm install @aws-sdk/client-s3`), or a stageDir',
      );
    }));
  /** Sends a command and reads its answer with `read`, all within one time bound. */
  const send = async <T>(make: (s: Sdk) => unknown, what: string, read: (out: unknown) => Promise<T>): Promise<T> => {
    const s = await load();
    client ??= withoutSdkNodeWarning(() => new s.S3Client({}));
    // One bound for the whole call, retries and the body included: a server that accepts and
    // never answers must not hold the function until its own timeout.
    const abortSignal = AbortSignal.timeout(timeoutMs);
    try {
      return await read(await client.send(make(s), { abortSignal }));
    } catch (err) {
      if (err instanceof RefError) throw err;
      const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
      if (abortSignal.aborted || e.name === 'AbortError' || e.name === 'TimeoutError')
        throw new RefError('Timeout', `${what}: no answer within ${timeoutMs} ms`);
      if (e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404)
        throw new RefError('NotFound', `${what}: no such object`);
      throw new RefError('Failed', `${what}: ${e.name ? `${e.name}: ` : ''}${e.message ?? String(err)}`);
    }
  };
  return {
    async get(bucket, key, maxBytes) {
      return send(
        (s) => new s.GetObjectCommand({ Bucket: bucket, Key: key }),
        `s3://${bucket}/${key}`,
        async (answer) => {
          const out = answer as {
            Body?: AsyncIterable<Uint8Array> & { destroy?: () => void };
            ContentLength?: number;
            Metadata?: Record<string, string>;
          };
          if ((out.ContentLength ?? 0) > maxBytes) {
            out.Body?.destroy?.();
            throw tooLarge(bucket, key, out.ContentLength!, maxBytes);
          }
          const chunks: Buffer[] = [];
          let total = 0;
          for await (const chunk of out.Body ?? []) {
            total += chunk.byteLength;
            if (total > maxBytes) {
              out.Body?.destroy?.();
              throw tooLarge(bucket, key, total, maxBytes);
            }
            chunks.push(Buffer.from(chunk));
          }
          return { bytes: Buffer.concat(chunks), form: formFromMetadata(out.Metadata) };
        },
      );
    },
    async put(bucket, key, bytes, contentType, form) {
      await send(
        (s) =>
          new s.PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: bytes,
            ContentType: contentType,
            Metadata: formToMetadata(form),
          }),
        `s3://${bucket}/${key}`,
        () => Promise.resolve(undefined),
      );
    },
  };
}
