// A real S3-compatible server (s3rver) on loopback for the tests that talk to S3, with the
// environment that points the AWS SDK's own configuration at it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface LocalS3 {
  server: S3rver;
  endpoint: string;
  /** where s3rver keeps the objects (`<bucket>/<key>._S3rver_object`) */
  storeDir: string;
  /** AWS_* variables for a child process: credentials s3rver accepts, and its endpoint */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startLocalS3(bucket: string, storePrefix = 'pg-s3rver-'): Promise<LocalS3> {
  const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), storePrefix));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: storeDir,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    server,
    endpoint,
    storeDir,
    env: {
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: endpoint,
    },
    async close() {
      await server.close();
      fs.rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
