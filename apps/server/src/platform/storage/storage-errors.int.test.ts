import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { TEST_MASTER_KEY, testConfig } from '../../test-support/app.ts';
import { bearer } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { seedActivePolicy } from '../../test-support/documents.ts';
import { seedPortfolio, type Portfolio } from '../../test-support/portfolio.ts';
import { mountTmpfs, type MountedTmpfs } from './test-support/tmpfs.ts';

let database: DatabaseHandle;
let disk: MountedTmpfs;
let app: App;
let p: Portfolio;
let policyId: string;
let attestation: string;
const logLines: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  disk = mountTmpfs(512 * 1024);
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  app = await buildApp(
    testConfig({ LOG_LEVEL: 'error' }, { storage: { driver: 'local', dir: disk.dir } }),
    { database, secrets: { masterKey: TEST_MASTER_KEY }, logStream },
  );
  await app.services.start();
  p = await seedPortfolio(app);
  policyId = (await seedActivePolicy(app, p)).policyId;
  const templates = await app.inject({ url: '/api/v1/templates', headers: bearer(p.tokens.admin) });
  attestation = (templates.json().items as { code: string | null; id: string }[]).find(
    (t) => t.code === 'attestation',
  )!.id;
}, 120_000);
afterEach(() => disk.readWrite());
afterAll(async () => {
  await app?.close();
  await database?.close();
  disk?.unmount();
});

const generate = () =>
  app.inject({
    method: 'POST',
    url: '/api/v1/documents',
    headers: bearer(p.tokens.manager),
    payload: { templateId: attestation, format: 'html', policyId },
  });

/** Fills the file system to the last byte; returns how to give the space back. */
function fillDisk(): () => void {
  const filler = path.join(disk.dir, 'filler');
  try {
    writeFileSync(filler, Buffer.alloc(1024 * 1024));
  } catch {
    // ENOSPC once the disk is full: that is the point.
  }
  return () => writeFileSync(filler, '');
}

function expectNoInternals(body: string): void {
  expect(body).not.toMatch(/ENOSPC|EROFS|errno|syscall|tmpfs|monassurance-|\/tmp\//);
}

describe('documents on a storage that is full or read-only', () => {
  it('answers 507 problem+json in French when the disk is full, and logs the cause', async () => {
    const free = fillDisk();
    try {
      const res = await generate();
      expect(res.statusCode).toBe(507);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        type: '/problems/storage-full',
        title: 'Espace de stockage insuffisant',
        status: 507,
        detail: expect.stringContaining('plein'),
      });
      expectNoInternals(res.body);
      const logged = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged).toContainEqual(
        expect.objectContaining({
          requestId: res.json().requestId,
          err: expect.objectContaining({
            type: 'StorageFullError',
            // pino writes the chain of causes into the stack.
            stack: expect.stringContaining('caused by: Error: ENOSPC'),
          }),
        }),
      );
    } finally {
      free();
    }
    expect((await generate()).statusCode).toBe(201);
  });

  it('answers 503 with Retry-After when the file system is read-only, and readiness says so', async () => {
    disk.readOnly();
    const res = await generate();
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.json()).toMatchObject({
      type: '/problems/storage-unavailable',
      title: 'Service indisponible',
      status: 503,
    });
    expectNoInternals(res.body);
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.storage.status).toBe('down');
    disk.readWrite();
    expect((await generate()).statusCode).toBe(201);
  });
});
