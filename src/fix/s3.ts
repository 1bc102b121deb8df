// Upload and download with the AWS SDK for JavaScript v3 (loaded only when used): the standard
// credential chain and region, and an endpoint from --endpoint-url or AWS_ENDPOINT_URL_S3 for
// S3-compatible servers. Every upload is read back and its SHA-256 compared before any file that
// points at it is rewritten.
import { sha256 } from './stage.js';

export interface S3Options {
  endpoint?: string;
}

export interface ObjectStore {
  /** Upload unless the same bytes are there already; verify by reading the object back. */
  /** `metadata`: S3 user metadata stored with a new object (how to rebuild the moved value) */
  put(bucket: string, key: string, bytes: Uint8Array, contentType: string, metadata?: Record<string, string>): Promise<'uploaded' | 'present'>;
  get(bucket: string, key: string): Promise<Buffer>;
  destroy(): void;
}

export class UploadError extends Error {}

export function resolveEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return flag || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
}

export async function createObjectStore(options: S3Options = {}): Promise<ObjectStore> {
  const sdk = await import('@aws-sdk/client-s3');
  const endpoint = resolveEndpoint(options.endpoint);
  const client = new sdk.S3Client({
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    // S3-compatible servers do not all know the newer checksum headers; we verify ourselves.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  async function get(bucket: string, key: string): Promise<Buffer> {
    const out = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  }

  async function exists(bucket: string, key: string): Promise<boolean> {
    try {
      await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return false;
      throw err;
    }
  }

  return {
    get,
    async put(bucket, key, bytes, contentType, metadata) {
      const want = sha256(bytes);
      try {
        if (await exists(bucket, key)) {
          if (sha256(await get(bucket, key)) === want) return 'present';
          throw new UploadError(`s3://${bucket}/${key} already holds different content; not overwriting it`);
        }
        await client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType, ...(metadata ? { Metadata: metadata } : {}) }));
        const got = sha256(await get(bucket, key));
        if (got !== want) throw new UploadError(`s3://${bucket}/${key} reads back with SHA-256 ${got.slice(0, 16)}…, not ${want.slice(0, 16)}…`);
        return 'uploaded';
      } catch (err) {
        if (err instanceof UploadError) throw err;
        const e = err as Error;
        throw new UploadError(`uploading s3://${bucket}/${key} failed: ${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}`);
      }
    },
    destroy() {
      client.destroy();
    },
  };
}
