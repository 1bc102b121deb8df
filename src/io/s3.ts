// Upload and download with the AWS SDK for JavaScript v3 (loaded only when used): the standard
// credential chain and region, and an endpoint from --endpoint-url or AWS_ENDPOINT_URL_S3 for
// S3-compatible servers. Every upload is read back and its SHA-256 compared before any file that
// points at it is rewritten. Every request is bounded (connect, idle socket, whole request) and
// so is the whole transfer: a server that accepts the connection and never answers ends the run
// with an error instead of hanging it. Timed-out requests are retried as the SDK's standard retry
// mode allows (3 attempts, or AWS_MAX_ATTEMPTS).
import { UsageError } from '../errors.js';
import { withoutSdkNodeWarning } from './sdk-warning.js';
import { sha256 } from './stage.js';

export interface S3Options {
  endpoint?: string;
  /** per request, in ms (default: PAYLOAD_GUARD_S3_TIMEOUT seconds, else 60 s) */
  requestTimeoutMs?: number;
  /** the whole transfer, every request of the run, in ms (default 10 request timeouts) */
  totalTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const CONNECT_TIMEOUT_MS = 10_000;

/** The per-request bound: PAYLOAD_GUARD_S3_TIMEOUT (seconds, > 0) or the default. */
export function requestTimeoutFrom(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.PAYLOAD_GUARD_S3_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : DEFAULT_REQUEST_TIMEOUT_MS;
}

export interface ObjectStore {
  /** Upload unless the same bytes are there already; verify by reading the object back. */
  /** `metadata`: S3 user metadata stored with a new object (how to rebuild the moved value) */
  put(
    bucket: string,
    key: string,
    bytes: Uint8Array,
    contentType: string,
    metadata?: Record<string, string>,
  ): Promise<'uploaded' | 'present'>;
  get(bucket: string, key: string): Promise<Buffer>;
  destroy(): void;
}

export class UploadError extends Error {}

export function resolveEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return flag || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
}

/** The npm package --upload and inline --download load (an optional peer dependency). */
export const SDK_PACKAGE = '@aws-sdk/client-s3';

/**
 * Loads the AWS SDK; when it is not installed (it is an optional peer dependency), a usage error
 * naming the package to install, for `flag`, the option that needs it.
 */
export async function loadSdk(flag: string): Promise<typeof import('@aws-sdk/client-s3')> {
  try {
    return await import('@aws-sdk/client-s3');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (
      (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') &&
      String(e.message).includes(SDK_PACKAGE)
    ) {
      throw new UsageError(
        `${flag} needs the AWS SDK, which is not installed: run \`npm install --save-dev ${SDK_PACKAGE}\` in this project (payload-guard lists it as an optional peer dependency).`,
      );
    }
    throw err;
  }
}

export async function createObjectStore(options: S3Options = {}, flag = '--upload'): Promise<ObjectStore> {
  const sdk = await loadSdk(flag);
  const endpoint = resolveEndpoint(options.endpoint);
  const requestMs = options.requestTimeoutMs ?? requestTimeoutFrom();
  const totalMs = options.totalTimeoutMs ?? 10 * requestMs;
  // One signal for the whole transfer; unref'd so that it never keeps a finished run alive.
  const whole = new AbortController();
  const timer = setTimeout(() => whole.abort(), totalMs);
  timer.unref();
  const client = withoutSdkNodeWarning(
    () =>
      new sdk.S3Client({
        ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
        // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes.
        requestHandler: {
          connectionTimeout: Math.min(CONNECT_TIMEOUT_MS, requestMs),
          requestTimeout: requestMs,
          socketTimeout: requestMs,
          throwOnRequestTimeout: true,
        },
        // S3-compatible servers do not all know the newer checksum headers; we verify ourselves.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
  );

  const bounded = { abortSignal: whole.signal };
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  /** A timeout in words: which bound it hit. */
  const describe = (err: unknown): string => {
    const e = err as Error & { code?: string };
    if (whole.signal.aborted)
      return `no answer within the ${seconds(totalMs)} bound on the whole transfer (PAYLOAD_GUARD_S3_TIMEOUT sets the per-request bound, in seconds; the whole transfer gets 10 times it)`;
    if (
      e?.name === 'TimeoutError' ||
      e?.code === 'ETIMEDOUT' ||
      /timed? ?out|exceeded the configured/i.test(e?.message ?? '')
    ) {
      return `the server did not answer within ${seconds(requestMs)} (after the SDK's retries; PAYLOAD_GUARD_S3_TIMEOUT sets this bound, in seconds)`;
    }
    return `${e?.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e?.message ?? String(err)}`;
  };

  async function get(bucket: string, key: string): Promise<Buffer> {
    const out = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }), bounded);
    return Buffer.from(await out.Body!.transformToByteArray());
  }

  async function exists(bucket: string, key: string): Promise<boolean> {
    try {
      await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }), bounded);
      return true;
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return false;
      throw err;
    }
  }

  return {
    async get(bucket, key) {
      try {
        return await get(bucket, key);
      } catch (err) {
        throw new UploadError(`downloading s3://${bucket}/${key} failed: ${describe(err)}`);
      }
    },
    async put(bucket, key, bytes, contentType, metadata) {
      const want = sha256(bytes);
      try {
        if (await exists(bucket, key)) {
          if (sha256(await get(bucket, key)) === want) return 'present';
          throw new UploadError(`s3://${bucket}/${key} already holds different content; not overwriting it`);
        }
        await client.send(
          new sdk.PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: bytes,
            ContentType: contentType,
            ...(metadata ? { Metadata: metadata } : {}),
          }),
          bounded,
        );
        const got = sha256(await get(bucket, key));
        if (got !== want)
          throw new UploadError(
            `s3://${bucket}/${key} reads back with SHA-256 ${got.slice(0, 16)}…, not ${want.slice(0, 16)}…`,
          );
        return 'uploaded';
      } catch (err) {
        if (err instanceof UploadError) throw err;
        throw new UploadError(`uploading s3://${bucket}/${key} failed: ${describe(err)}`);
      }
    },
    destroy() {
      clearTimeout(timer);
      client.destroy();
    },
  };
}
