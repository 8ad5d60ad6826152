import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { seedPortfolio, type Portfolio } from '../../test-support/portfolio.ts';

let database: DatabaseHandle;
let app: App;
let p: Portfolio;
let other: Portfolio;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  p = await seedPortfolio(app);
  other = await seedPortfolio(app);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const payload = {
  name: 'Mutuelle du Rhône',
  code: 'MDR',
  brokerCode: 'C-4521',
  contactEmail: 'courtage@mdr.fr',
  contactPhone: '+33478000000',
  commissionRates: { sante: 1800 },
};

describe('companies', () => {
  it('managers create; everyone in the cabinet reads', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: bearer(p.tokens.manager),
      payload,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ ...payload, version: 1, address: null });
    for (const role of ['viewer', 'broker'] as const) {
      const read = await app.inject({
        url: `/api/v1/companies/${res.json().id}`,
        headers: bearer(p.tokens[role]),
      });
      expect(read.statusCode).toBe(200);
    }
    const list = await app.inject({
      url: '/api/v1/companies?q=rh',
      headers: bearer(p.tokens.viewer),
    });
    expect(list.json().items.map((c: { code: string }) => c.code)).toEqual(['MDR']);
  });

  it('409 for a code already used in the cabinet, but another cabinet may use it', async () => {
    const dup = await app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: bearer(p.tokens.admin),
      payload,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().type).toBe('/problems/duplicate-code');
    const elsewhere = await app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: bearer(other.tokens.admin),
      payload,
    });
    expect(elsewhere.statusCode).toBe(201);
  });

  it.each([
    [{ ...payload, code: 'has space' }, '/code'],
    [{ ...payload, code: 'OK1', commissionRates: { moto: 100 } }, '/commissionRates/moto'],
    [{ ...payload, code: 'OK2', commissionRates: { auto: 20000 } }, '/commissionRates/auto'],
    [{ ...payload, code: 'OK3', contactPhone: '0478000000' }, '/contactPhone'],
  ])('400 names the field (%#)', async (body, path) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: bearer(p.tokens.admin),
      payload: body,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it.each(['broker', 'viewer'] as const)('403 for a %s writing', async (role) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: bearer(p.tokens[role]),
      payload: { ...payload, code: 'X' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('updates with If-Match, 412 when stale, 404 from another cabinet', async () => {
    const url = `/api/v1/companies/${p.company.id}`;
    const ok = await app.inject({
      method: 'PATCH',
      url,
      headers: { ...bearer(p.tokens.admin), 'if-match': '"1"' },
      payload: { brokerCode: 'B-1' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await app.inject({
      method: 'PATCH',
      url,
      headers: { ...bearer(p.tokens.admin), 'if-match': '"1"' },
      payload: { brokerCode: 'B-2' },
    });
    expect(stale.statusCode).toBe(412);
    const foreign = await app.inject({
      method: 'PATCH',
      url,
      headers: bearer(other.tokens.admin),
      payload: { brokerCode: 'B-3' },
    });
    expect(foreign.statusCode).toBe(404);
    expect(
      (await app.inject({ url: '/api/v1/companies', headers: bearer(other.tokens.admin) }))
        .json()
        .items.map((c: { id: string }) => c.id),
    ).not.toContain(p.company.id);
  });
});
