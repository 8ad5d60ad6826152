import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObjectStore } from './index.ts';
import { ObjectNotFoundError } from './object-store.ts';
import { createS3Store } from './s3.ts';
import { objectStoreContract } from './test-support/object-store-contract.ts';
import { S3RVER_CREDENTIALS, startS3rver, type RunningS3rver } from './test-support/s3rver.ts';

let s3rver: RunningS3rver;
let admin: S3Client;

beforeAll(async () => {
  s3rver = await startS3rver(['test-bucket']);
  const { endpoint, region } = s3rver.config('test-bucket');
  admin = new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
  });
});
afterAll(async () => {
  admin.destroy();
  await s3rver.close();
});

/** An empty bucket per test, listed 10 keys a page so that paging is exercised. */
objectStoreContract('s3', async () => {
  const bucket = `b-${randomBytes(6).toString('hex')}`;
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  return createS3Store(s3rver.config(bucket), { listPageSize: 10 });
});

describe('S3 object store', () => {
  it('is what createObjectStore builds for the s3 driver, paging at S3’s default size', async () => {
    const store = createObjectStore(s3rver.config('test-bucket'));
    expect(store.driver).toBe('s3');
    await store.put('via/index.pdf', Buffer.from('s3'));
    expect((await store.get('via/index.pdf')).toString()).toBe('s3');
    await store.delete('via/index.pdf');
    await store.close();
  });

  it('reads objects written by other S3 clients, including empty ones', async () => {
    const store = createS3Store(s3rver.config('test-bucket'));
    await admin.send(
      new PutObjectCommand({ Bucket: 'test-bucket', Key: 'other/empty', Body: Buffer.alloc(0) }),
    );
    expect(await store.get('other/empty')).toHaveLength(0);
    expect(await store.exists('other/empty')).toBe(true);
    await store.close();
  });

  it('fails its readiness check, and does not call a missing bucket a missing object', async () => {
    const store = createS3Store(s3rver.config('missing-bucket'));
    await expect(store.check()).rejects.toThrow();
    const error = await store.get('a.pdf').catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(ObjectNotFoundError);
    // An operator's mistake: the client is told the store is unavailable, the log says why.
    expect(error).toMatchObject({ status: 503, cause: { name: 'NoSuchBucket' } });
    await expect(store.put('a.pdf', Buffer.from('x'))).rejects.toMatchObject({
      status: 503,
      cause: { name: 'NoSuchBucket' },
    });
    await expect(
      (async () => {
        for await (const object of store.list()) void object;
      })(),
    ).rejects.toMatchObject({ status: 503, cause: { name: 'NoSuchBucket' } });
    await store.close();
  });

  it('fails its readiness check when the endpoint does not answer', async () => {
    // A loopback port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const store = createS3Store({
      ...s3rver.config('test-bucket'),
      endpoint: `http://127.0.0.1:${port}`,
    });
    await expect(store.check()).rejects.toThrow();
    await expect(store.exists('a.pdf')).rejects.toThrow();
    await store.close();
  });

  it('signs with the configured credentials, and never shows the secret', async () => {
    // s3rver checks the access key id of SigV4 requests, not the signature itself.
    const secret = 'not-the-s3rver-secret-123';
    const store = createS3Store({
      ...s3rver.config('test-bucket'),
      accessKeyId: 'UNKNOWN',
      secretAccessKey: secret,
    });
    const error = await store.put('a.pdf', Buffer.from('x')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 503, cause: { name: 'InvalidAccessKeyId' } });
    expect(inspect(store, { depth: 10 })).not.toContain(secret);
    expect(JSON.stringify(store)).not.toContain(secret);
    expect(String(error)).not.toContain(secret);
    await store.close();
  });

  it('sends bodies as they are, without the checksums some S3-compatible servers mangle', async () => {
    // s3rver ignores checksum headers, so a recording server shows what goes on the wire.
    const requests: { method: string; headers: IncomingHttpHeaders; body: Buffer }[] = [];
    const stored = new Map<string, Buffer>();
    const recorder = createHttpServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        requests.push({ method: request.method ?? '', headers: request.headers, body });
        const object = (request.url ?? '').split('?')[0]!;
        if (request.method === 'PUT') stored.set(object, body);
        response.end(request.method === 'GET' ? stored.get(object) : undefined);
      });
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    const { port } = recorder.address() as { port: number };
    const store = createS3Store({
      ...s3rver.config('bucket'),
      endpoint: `http://127.0.0.1:${port}`,
    });
    try {
      const body = randomBytes(100_000);
      await store.put('wire/a.pdf', body);
      expect((await store.get('wire/a.pdf')).equals(body)).toBe(true);
      const [put, get] = requests;
      expect(put!.body.equals(body)).toBe(true);
      expect(put!.headers['content-encoding']).toBeUndefined();
      expect(Object.keys(put!.headers).filter((name) => name.includes('checksum'))).toEqual([]);
      expect(Object.keys(get!.headers).filter((name) => name.includes('checksum'))).toEqual([]);
    } finally {
      await store.close();
      recorder.closeAllConnections();
      await new Promise((resolve) => recorder.close(resolve));
    }
  });
});
