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
  p = await seedPortfolio(app, 'Cabinet Durand');
  other = await seedPortfolio(app);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const patch = (tokens = p.tokens.admin, payload: object, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'PATCH',
    url: '/api/v1/organization',
    headers: { ...bearer(tokens), ...headers },
    payload,
  });

describe('the cabinet profile', () => {
  it('every user reads their own cabinet; the admin sets its legal mentions', async () => {
    const read = await app.inject({
      url: '/api/v1/organization',
      headers: bearer(p.tokens.viewer),
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ name: 'Cabinet Durand', oriasNumber: null, version: 1 });
    expect(read.headers.etag).toBe('"1"');

    const res = await patch(p.tokens.admin, {
      oriasNumber: '07001234',
      siren: '732829320',
      address: { line1: '5 quai Saint-Antoine', postalCode: '69002', city: 'Lyon', country: 'FR' },
      legalMentions: 'SARL au capital de 10 000 €',
      version: 1,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ oriasNumber: '07001234', version: 2 });
    const theirs = await app.inject({
      url: '/api/v1/organization',
      headers: bearer(other.tokens.admin),
    });
    expect(theirs.json().oriasNumber).toBeNull();

    const audit = await app.inject({
      url: '/api/v1/audit-events?action=organization.updated',
      headers: bearer(p.tokens.admin),
    });
    expect(audit.json().items[0].changes.oriasNumber).toEqual({ before: null, after: '07001234' });
  });

  it('refuses other roles, invalid numbers and stale versions', async () => {
    expect((await patch(p.tokens.manager, { name: 'X' })).statusCode).toBe(403);
    const orias = await patch(p.tokens.admin, { oriasNumber: '1234' });
    expect(orias.statusCode).toBe(400);
    expect(orias.json().errors[0].path).toBe('/oriasNumber');
    const siren = await patch(p.tokens.admin, { siren: '123456789' });
    expect(siren.statusCode).toBe(400);
    expect(siren.json().errors[0].path).toBe('/siren');
    expect((await patch(p.tokens.admin, { name: 'X', version: 1 })).statusCode).toBe(409);
    expect((await patch(p.tokens.admin, { name: 'X' }, { 'if-match': '"1"' })).statusCode).toBe(
      412,
    );
    expect((await patch(p.tokens.admin, {})).statusCode).toBe(400);
  });
});
