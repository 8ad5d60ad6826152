import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { downloadLinks, organizations } from '../../db/schema/index.ts';
import { cronEvery } from '../../services.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { seedActivePolicy } from '../../test-support/documents.ts';
import { seedPortfolio, type Portfolio } from '../../test-support/portfolio.ts';
import { CLI_CONTEXT } from '../audit/index.ts';

let database: DatabaseHandle;
let app: App;
let p: Portfolio;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  p = await seedPortfolio(app, 'Cabinet du balayage');
});

afterAll(async () => {
  await app.close();
  await database.close();
});

const policyView = async (id: string) =>
  (await app.inject({ url: `/api/v1/policies/${id}`, headers: bearer(p.tokens.admin) })).json();

describe('the daily portfolio sweep', () => {
  it('renews tacitly renewed policies past their échéance and expires the others (L113-15)', async () => {
    // Échéance 01/12/2026, swept on 07/12/2026.
    const tacit = await seedActivePolicy(app, p, p.tokens.admin, {
      effectiveDate: '2025-12-01',
      renewalDate: '2026-12-01',
      paymentFrequency: 'annual',
      tacitRenewal: true,
    });
    const fixedTerm = await seedActivePolicy(app, p, p.tokens.admin, {
      effectiveDate: '2025-12-01',
      renewalDate: '2026-12-01',
      tacitRenewal: false,
    });
    // Three terms behind (imported late): it catches up to its next échéance after today.
    const late = await seedActivePolicy(app, p, p.tokens.admin, {
      effectiveDate: '2023-06-15',
      renewalDate: '2024-06-15',
      paymentFrequency: 'annual',
    });
    const future = await seedActivePolicy(app, p, p.tokens.admin, {
      effectiveDate: '2026-03-01',
      renewalDate: '2027-03-01',
    });
    const counts = await app.services.policies.sweep(
      p.organization.id,
      { ...CLI_CONTEXT, organizationId: p.organization.id },
      '2026-12-07',
    );
    // Terms started: one for `tacit`, three for `late` (2025, 2026 and 2027 échéances).
    expect(counts).toEqual({ renewed: 4, expired: 1, failed: 0 });
    expect(await policyView(tacit.policyId)).toMatchObject({
      status: 'active',
      termStart: '2026-12-01',
      renewalDate: '2027-12-01',
    });
    expect(await policyView(fixedTerm.policyId)).toMatchObject({ status: 'expired' });
    // 15/06/2024 → 2025 → 2026: the first échéance after 07/12/2026 is 15/06/2027.
    expect(await policyView(late.policyId)).toMatchObject({
      status: 'active',
      termStart: '2026-06-15',
      renewalDate: '2027-06-15',
    });
    expect(await policyView(future.policyId)).toMatchObject({ renewalDate: '2027-03-01' });
    const history = (
      await app.inject({
        url: `/api/v1/policies/${fixedTerm.policyId}/history`,
        headers: bearer(p.tokens.admin),
      })
    ).json().items;
    expect(history.at(-1)).toMatchObject({
      toStatus: 'expired',
      effectiveOn: '2026-12-01',
      changedBy: null,
    });
    // Swept again the same day: nothing left to do.
    expect(
      await app.services.policies.sweep(
        p.organization.id,
        { ...CLI_CONTEXT, organizationId: p.organization.id },
        '2026-12-07',
      ),
    ).toEqual({ renewed: 0, expired: 0, failed: 0 });
  });
});

describe('retention', () => {
  it('deletes download links expired for more than 30 days, and only those', async () => {
    const seeded = await seedActivePolicy(app, p);
    const templates = (
      await app.inject({ url: '/api/v1/templates', headers: bearer(p.tokens.admin) })
    ).json().items as { id: string; code: string | null }[];
    const attestation = templates.find((t) => t.code === 'attestation')!;
    const document = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/documents',
        headers: bearer(p.tokens.admin),
        payload: { templateId: attestation.id, format: 'html', policyId: seeded.policyId },
      })
    ).json();
    const link = async () =>
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/documents/${document.id}/links`,
          headers: bearer(p.tokens.admin),
          payload: {},
        })
      ).json().id as string;
    const [old, recent, live] = [await link(), await link(), await link()];
    const age = (id: string, days: number) =>
      database.db
        .update(downloadLinks)
        .set({ expiresAt: sql`now() - make_interval(days => ${days})` })
        .where(eq(downloadLinks.id, id));
    await age(old, 31);
    await age(recent, 29);
    expect(await app.services.documents.purgeExpiredLinks(30)).toBe(1);
    const left = await database.db.select({ id: downloadLinks.id }).from(downloadLinks);
    expect(left.map((l) => l.id)).toEqual(expect.arrayContaining([recent, live]));
    expect(left.map((l) => l.id)).not.toContain(old);
  });
});

describe('starter templates', () => {
  it('are installed once per cabinet: a deleted starter does not come back at the next start', async () => {
    const list = async () =>
      (
        await app.inject({ url: '/api/v1/templates?limit=200', headers: bearer(p.tokens.admin) })
      ).json().items as { id: string; code: string | null }[];
    const quittance = (await list()).find((t) => t.code === 'quittance')!;
    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/v1/templates/${quittance.id}`,
      headers: bearer(p.tokens.admin),
    });
    expect(removed.statusCode).toBe(204);
    await app.services.start();
    expect((await list()).some((t) => t.code === 'quittance')).toBe(false);
    const [row] = await database.db
      .select({ at: organizations.startersInstalledAt })
      .from(organizations)
      .where(eq(organizations.id, p.organization.id));
    expect(row?.at).toBeInstanceOf(Date);
  });

  it('a cabinet that never had them gets them at the next start, once', async () => {
    const [bare] = await database.db
      .insert(organizations)
      .values({ name: 'Cabinet sans modèles' })
      .returning();
    await app.services.start();
    await app.services.start();
    const count = (await database.db.execute(
      sql`select count(*)::int as n from templates where organization_id = ${bare!.id} and code = 'attestation'`,
    )) as unknown as { rows: { n: number }[] };
    expect(Number(count.rows[0]?.n)).toBe(1);
  });
});

describe('schedules', () => {
  it('turn a period in minutes into cron', () => {
    expect(cronEvery(15)).toBe('*/15 * * * *');
    expect(cronEvery(60)).toBe('0 */1 * * *');
    expect(cronEvery(180)).toBe('0 */3 * * *');
    expect(cronEvery(10_080)).toBe('0 3 * * *');
  });
});
