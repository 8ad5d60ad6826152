import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { documents } from '../../db/schema/index.ts';
import { startS3rver, type RunningS3rver } from '../../platform/storage/test-support/s3rver.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { pdfText, seedActivePolicy } from '../../test-support/documents.ts';
import { seedPortfolio, type Portfolio } from '../../test-support/portfolio.ts';
import { purgeOrphans } from './maintenance.ts';

/** The whole document path on S3 storage (s3rver, a real S3-protocol server). */
let s3: RunningS3rver;
let database: DatabaseHandle;
let app: App;
let p: Portfolio;
let attestation: string;

beforeAll(async () => {
  s3 = await startS3rver(['documents']);
  database = await createTestDatabase();
  app = await createTestApp(database, { storage: s3.config('documents') });
  p = await seedPortfolio(app);
  const list = await app.inject({ url: '/api/v1/templates', headers: bearer(p.tokens.viewer) });
  attestation = (list.json().items as { id: string; code: string | null }[]).find(
    (t) => t.code === 'attestation',
  )!.id;
});
afterAll(async () => {
  await app.close();
  await database.close();
  await s3.close();
});

describe('documents on S3 storage', () => {
  it('stores the PDF encrypted in the bucket and serves it back through a link', async () => {
    expect(app.services.objects.driver).toBe('s3');
    const policy = await seedActivePolicy(app, p);
    const generated = await app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: bearer(p.tokens.manager),
      payload: { templateId: attestation, format: 'pdf', policyId: policy.policyId },
    });
    expect(generated.statusCode).toBe(201);
    const keys: string[] = [];
    for await (const object of app.services.objects.list('documents/')) keys.push(object.key);
    expect(keys).toHaveLength(1);
    const sealed = await app.services.objects.get(keys[0]!);
    expect(sealed.subarray(0, 4).toString()).toBe('MAE1');

    const { url } = (
      await app.inject({
        method: 'POST',
        url: `/api/v1/documents/${generated.json().id as string}/links`,
        headers: bearer(p.tokens.manager),
        payload: {},
      })
    ).json();
    const download = await app.inject({ url });
    expect(download.statusCode).toBe(200);
    expect(pdfText(download.rawPayload)).toContain(policy.number);
    expect((await app.inject({ url })).statusCode).toBe(410);
  });

  it('purge-orphans removes an object without a row and reports a row without an object', async () => {
    const policy = await seedActivePolicy(app, p);
    const kept = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/documents',
        headers: bearer(p.tokens.manager),
        payload: { templateId: attestation, format: 'html', policyId: policy.policyId },
      })
    ).json();
    const lost = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/documents',
        headers: bearer(p.tokens.manager),
        payload: { templateId: attestation, format: 'html', policyId: policy.policyId },
      })
    ).json();
    const [lostRow] = await database.db
      .select()
      .from(documents)
      .where(eq(documents.id, lost.id as string));
    await app.services.objects.delete(lostRow!.storageKey);
    await app.services.objects.put('documents/0000/orphan', Buffer.from('x'));

    const dry = await purgeOrphans(database.db, app.services.objects, {
      dryRun: true,
      minAgeMs: 0,
    });
    expect(dry.orphans).toEqual(['documents/0000/orphan']);
    expect(dry.missing).toEqual([{ id: lost.id, organizationId: p.organization.id }]);
    expect(await app.services.objects.exists('documents/0000/orphan')).toBe(true);

    const young = await purgeOrphans(database.db, app.services.objects, {
      dryRun: false,
      minAgeMs: 3_600_000,
    });
    expect(young.orphans).toEqual([]);
    const run = await purgeOrphans(database.db, app.services.objects, {
      dryRun: false,
      minAgeMs: 0,
    });
    expect(run.orphans).toEqual(['documents/0000/orphan']);
    expect(await app.services.objects.exists('documents/0000/orphan')).toBe(false);
    const content = await app.inject({
      url: `/api/v1/documents/${kept.id as string}/content`,
      headers: bearer(p.tokens.viewer),
    });
    expect(content.statusCode).toBe(200);
  });

  it('readiness reports the storage down when its bucket is missing', async () => {
    expect((await app.inject({ url: '/health/ready' })).json().checks.storage.status).toBe('up');
    const broken = await createTestApp(database, { storage: s3.config('no-such-bucket') });
    try {
      const res = await broken.inject({ url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json().checks).toMatchObject({
        database: { status: 'up' },
        storage: { status: 'down' },
      });
    } finally {
      await broken.close();
    }
  });
});
