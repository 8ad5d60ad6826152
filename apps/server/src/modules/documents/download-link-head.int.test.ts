import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { seedActivePolicy } from '../../test-support/documents.ts';
import { seedPortfolio, type Portfolio } from '../../test-support/portfolio.ts';

let database: DatabaseHandle;
let app: App;
let p: Portfolio;
let documentId: string;
let size: number;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  p = await seedPortfolio(app);
  const { policyId } = await seedActivePolicy(app, p);
  const templates = await app.inject({ url: '/api/v1/templates', headers: bearer(p.tokens.admin) });
  const attestation = (templates.json().items as { code: string | null; id: string }[]).find(
    (t) => t.code === 'attestation',
  )!.id;
  const document = await app.inject({
    method: 'POST',
    url: '/api/v1/documents',
    headers: bearer(p.tokens.manager),
    payload: { templateId: attestation, format: 'html', policyId },
  });
  expect(document.statusCode).toBe(201);
  documentId = document.json().id;
  size = document.json().size;
}, 120_000);
afterAll(async () => {
  await app.close();
  await database.close();
});

const newLink = async (singleUse = true) => {
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/documents/${documentId}/links`,
    headers: bearer(p.tokens.manager),
    payload: { ttlSeconds: 600, singleUse },
  });
  expect(res.statusCode).toBe(201);
  return res.json().url as string;
};

describe('HEAD on a download link', () => {
  it('reports the headers GET sends, the real length included, without a body', async () => {
    const url = await newLink(false);
    const head = await app.inject({ method: 'HEAD', url });
    expect(head.statusCode).toBe(200);
    expect(head.rawPayload).toHaveLength(0);
    const get = await app.inject({ url });
    expect(get.statusCode).toBe(200);
    expect(size).toBeGreaterThan(0);
    expect(get.rawPayload).toHaveLength(size);
    expect(head.headers['content-length']).toBe(String(size));
    for (const name of [
      'content-length',
      'content-type',
      'content-disposition',
      'cache-control',
      'content-security-policy',
      'x-robots-tag',
    ]) {
      expect(head.headers[name], name).toBe(get.headers[name]);
    }
    expect(get.headers['cache-control']).toBe('private, no-store');
  });

  it('does not use a single-use link: GET still downloads it once, then both answer 410', async () => {
    const url = await newLink(true);
    for (let i = 0; i < 3; i++) {
      expect((await app.inject({ method: 'HEAD', url })).statusCode).toBe(200);
    }
    const get = await app.inject({ url });
    expect(get.statusCode).toBe(200);
    expect(get.rawPayload).toHaveLength(size);
    expect((await app.inject({ url })).statusCode).toBe(410);
    const gone = await app.inject({ method: 'HEAD', url });
    expect(gone.statusCode).toBe(410);
    expect(gone.headers['cache-control']).toBe('no-store');
  });
});
