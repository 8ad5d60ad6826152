import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { S3StorageConfig } from '../s3.ts';

/** s3rver checks the access key id against this fixed account. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface RunningS3rver {
  /** A config for one of the server's buckets (or a missing one). */
  config(bucket: string): S3StorageConfig;
  close(): Promise<void>;
}

/**
 * Runs in the child: starts s3rver, prints its port, and stops when its stdin closes (so it
 * cannot outlive the test process).
 */
const CHILD = `
const [s3rverPath, directory, buckets] = process.argv.slice(1);
const S3rver = require(s3rverPath);
new S3rver({
  port: 0,
  address: '127.0.0.1',
  silent: true,
  directory,
  configureBuckets: JSON.parse(buckets).map((name) => ({ name })),
})
  .run()
  .then(({ port }) => process.stdout.write(JSON.stringify({ port }) + '\\n'));
process.stdin.on('end', () => process.exit(0)).resume();
`;

/**
 * A real S3-compatible server (s3rver) on a free loopback port, storing into a temporary folder.
 * It runs in a child process because its ListObjectsV2 continuation tokens are DES-encrypted,
 * which Node's OpenSSL 3 only offers with `--openssl-legacy-provider`; the test process keeps
 * the default provider, as production does.
 */
export async function startS3rver(buckets: string[]): Promise<RunningS3rver> {
  const directory = await mkdtemp(path.join(tmpdir(), 'monassurance-s3rver-'));
  const s3rverPath = createRequire(import.meta.url).resolve('s3rver');
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '-e', CHILD, s3rverPath, directory, JSON.stringify(buckets)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = once(child, 'exit');
  const firstLine = once(createInterface({ input: child.stdout }), 'line');
  const started = await Promise.race([firstLine, exited.then(() => undefined)]);
  if (!started) {
    await rm(directory, { recursive: true, force: true });
    throw new Error('s3rver did not start.');
  }
  const { port } = JSON.parse(String(started[0])) as { port: number };
  return {
    config: (bucket) => ({
      driver: 's3',
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      bucket,
      ...S3RVER_CREDENTIALS,
      forcePathStyle: true,
    }),
    close: async () => {
      child.stdin.end();
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
