import { randomBytes } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStore } from './local.ts';
import { ObjectNotFoundError, type ObjectStore } from './object-store.ts';
import { createS3Store } from './s3.ts';
import {
  STORAGE_RETRY_AFTER_SECONDS,
  StorageFullError,
  StorageUnavailableError,
} from './storage-errors.ts';
import { mountTmpfs, type MountedTmpfs } from './test-support/tmpfs.ts';

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the operation to fail');
    },
    (error: unknown) => error,
  );
}

/** Every file under `dir`, temporary ones included. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('local store on a real file system that fills up or turns read-only', () => {
  let disk: MountedTmpfs;
  let store: ObjectStore;

  beforeAll(() => {
    disk = mountTmpfs(256 * 1024);
    store = createLocalStore(path.join(disk.dir, 'files'));
  });
  afterEach(() => disk.readWrite());
  afterAll(() => disk.unmount());

  it('reports a full disk as StorageFullError (507), keeping ENOSPC as the cause and nothing half-written', async () => {
    await store.put('org/kept.pdf', Buffer.from('déjà là'));
    const error = await failure(store.put('org/huge.pdf', randomBytes(512 * 1024)));
    expect(error).toBeInstanceOf(StorageFullError);
    expect(error).toMatchObject({ status: 507, slug: 'storage-full', cause: { code: 'ENOSPC' } });
    expect((error as Error).message).not.toMatch(/ENOSPC|tmpfs|\//);
    expect(await store.exists('org/huge.pdf')).toBe(false);
    // The temporary file is removed: the space is given back.
    expect(filesUnder(disk.dir).map((f) => path.basename(f))).toEqual(['kept.pdf']);
    expect((await store.get('org/kept.pdf')).toString()).toBe('déjà là');
    await store.put('org/small.pdf', Buffer.from('petit'));
    await store.delete('org/small.pdf');
  });

  it('reports a quota reached by a filler as full too, and the readiness probe fails', async () => {
    const filler = path.join(disk.dir, 'filler');
    try {
      writeFileSync(filler, Buffer.alloc(1024 * 1024));
    } catch {
      // Writes until the disk is full: that is the point.
    }
    await expect(store.check()).rejects.toBeInstanceOf(StorageFullError);
    await expect(store.put('org/a.pdf', Buffer.alloc(64 * 1024))).rejects.toBeInstanceOf(
      StorageFullError,
    );
    writeFileSync(filler, '');
    await store.check();
  });

  it('reports a read-only file system as StorageUnavailableError (503 + Retry-After), reads still served', async () => {
    await store.put('org/before.pdf', Buffer.from('avant'));
    disk.readOnly();
    const error = await failure(store.put('org/after.pdf', Buffer.from('après')));
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(error).toMatchObject({
      status: 503,
      slug: 'storage-unavailable',
      headers: { 'retry-after': String(STORAGE_RETRY_AFTER_SECONDS) },
      cause: { code: 'EROFS' },
    });
    await expect(store.delete('org/before.pdf')).rejects.toMatchObject({
      status: 503,
      cause: { code: 'EROFS' },
    });
    await expect(store.check()).rejects.toBeInstanceOf(StorageUnavailableError);
    expect((await store.get('org/before.pdf')).toString()).toBe('avant');
    await expect(store.get('org/missing.pdf')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });
});

/** An S3-compatible endpoint that answers every request with one error, as a real server does. */
async function failingS3(
  status: number,
  code: string,
): Promise<{ endpoint: string; server: Server }> {
  const server = createHttpServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(status, { 'content-type': 'application/xml' });
      response.end(
        request.method === 'HEAD'
          ? undefined
          : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${code} from the test server</Message><Resource>${request.url}</Resource><RequestId>1</RequestId></Error>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { endpoint: `http://127.0.0.1:${port}`, server };
}

function s3Store(endpoint: string): ObjectStore {
  return createS3Store({
    driver: 's3',
    endpoint,
    region: 'us-east-1',
    bucket: 'bucket',
    accessKeyId: 'KEY',
    secretAccessKey: 'SECRET-NEVER-SHOWN',
    forcePathStyle: true,
  });
}

describe('S3 store errors', () => {
  it.each([
    [507, 'XMinioStorageFull', 507, StorageFullError],
    [403, 'QuotaExceeded', 507, StorageFullError],
    [503, 'SlowDown', 503, StorageUnavailableError],
    [500, 'InternalError', 503, StorageUnavailableError],
    [403, 'AccessDenied', 503, StorageUnavailableError],
  ] as const)(
    'maps an HTTP %i %s answer to a %i problem',
    async (httpStatus, code, status, expected) => {
      const { endpoint, server } = await failingS3(httpStatus, code);
      const store = s3Store(endpoint);
      try {
        const put = await failure(store.put('org/a.pdf', Buffer.from('x')));
        expect(put).toBeInstanceOf(expected);
        expect(put).toMatchObject({ status, cause: { name: code } });
        expect((put as Error).message).not.toContain(code);
        await expect(store.get('org/a.pdf')).rejects.toBeInstanceOf(expected);
        // HEAD answers carry no body: the status alone tells (a 403 quota reads as refused).
        await expect(store.check()).rejects.toMatchObject({
          status: httpStatus === 507 ? 507 : 503,
        });
      } finally {
        await store.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  );

  it('maps an endpoint nobody answers on to StorageUnavailableError', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const store = s3Store(`http://127.0.0.1:${port}`);
    try {
      const error = await failure(store.put('org/a.pdf', Buffer.from('x')));
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect(error).toMatchObject({ cause: { code: 'ECONNREFUSED' } });
      await expect(store.exists('org/a.pdf')).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(
        (async () => {
          for await (const object of store.list('org/')) void object;
        })(),
      ).rejects.toBeInstanceOf(StorageUnavailableError);
    } finally {
      await store.close();
    }
  });
});
