import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { auditEvents } from '../../db/schema/index.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer, type Tokens } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { business, person, seedPortfolio, type Portfolio } from '../../test-support/portfolio.ts';
import { addDays, addMonths } from '../portfolio-domain/index.ts';

let database: DatabaseHandle;
let app: App;
let p: Portfolio;
let other: Portfolio;
let clientId: string;
let brokerClientId: string;
let businessClientId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  p = await seedPortfolio(app);
  other = await seedPortfolio(app);
  const make = async (tokens: Tokens, payload: object) =>
    (
      await app.inject({ method: 'POST', url: '/api/v1/clients', headers: bearer(tokens), payload })
    ).json().id as string;
  clientId = await make(p.tokens.admin, person({ email: 'a@example.fr' }));
  brokerClientId = await make(
    p.tokens.broker,
    person({ email: 'b@example.fr', firstName: 'Bruno' }),
  );
  businessClientId = await make(p.tokens.admin, business());
});
afterAll(async () => {
  await app.close();
  await database.close();
});

let sequence = 0;
const policy = (overrides: Record<string, unknown> = {}) => ({
  number: `POL-${++sequence}`,
  clientId,
  companyId: p.company.id,
  productLine: 'auto',
  effectiveDate: '2026-01-31',
  renewalDate: '2027-01-31',
  paymentFrequency: 'monthly',
  annualPremiumCents: 100_000,
  insuredObject: { registration: 'AB-123-CD' },
  ...overrides,
});
const create = (tokens: Tokens, payload: object) =>
  app.inject({ method: 'POST', url: '/api/v1/policies', headers: bearer(tokens), payload });
const transition = (tokens: Tokens, id: string, payload: object) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/policies/${id}/transitions`,
    headers: bearer(tokens),
    payload,
  });
const premiums = async (id: string, tokens = p.tokens.admin) =>
  (await app.inject({ url: `/api/v1/policies/${id}/premiums`, headers: bearer(tokens) })).json()
    .items as {
    id: string;
    dueDate: string;
    periodStart: string;
    periodEnd: string;
    amountCents: number;
    taxCents: number;
    commissionCents: number;
    totalCents: number;
    status: string;
  }[];

describe('POST /api/v1/policies', () => {
  it('creates a draft with the company’s commission rate and the line’s tax rate by default', async () => {
    const res = await create(p.tokens.manager, policy());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'draft',
      commissionRateBps: 1200,
      taxRateBps: 3300,
      termStart: '2026-01-31',
      tacitRenewal: true,
    });
    expect(await premiums(res.json().id)).toEqual([]);
  });

  it('409 for a number the company already has', async () => {
    const first = await create(p.tokens.admin, policy({ number: 'DUP-1' }));
    expect(first.statusCode).toBe(201);
    const dup = await create(p.tokens.admin, policy({ number: 'DUP-1' }));
    expect(dup.statusCode).toBe(409);
  });

  it.each([
    [{ renewalDate: '2026-01-30' }, '/renewalDate'],
    [{ effectiveDate: '2026-02-30' }, '/effectiveDate'],
    [{ productLine: 'moto' }, '/productLine'],
    [{ annualPremiumCents: 12.5 }, '/annualPremiumCents'],
    [{ annualPremiumCents: '1000' }, '/annualPremiumCents'],
    [{ insuredObject: { registration: '123 ABC 75' } }, '/insuredObject/registration'],
    [{ clientId: '00000000-0000-4000-8000-000000000000' }, '/clientId'],
    [{ companyId: '00000000-0000-4000-8000-000000000000' }, '/companyId'],
  ])('400 names the field (%o)', async (overrides, path) => {
    const res = await create(p.tokens.admin, policy(overrides));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('a broker may only create policies for their own clients; a viewer none', async () => {
    expect((await create(p.tokens.broker, policy({ clientId: brokerClientId }))).statusCode).toBe(
      201,
    );
    const foreign = await create(p.tokens.broker, policy({ clientId }));
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].path).toBe('/clientId');
    expect((await create(p.tokens.viewer, policy())).statusCode).toBe(403);
    expect(
      (await create(other.tokens.admin, policy({ companyId: other.company.id }))).statusCode,
    ).toBe(400);
  });
});

describe('lifecycle and premium schedule', () => {
  it('activation makes a monthly schedule that adds up to the cent, across month ends', async () => {
    const created = (
      await create(p.tokens.admin, policy({ annualPremiumCents: 100_001, commissionRateBps: 1550 }))
    ).json();
    const active = await transition(p.tokens.admin, created.id, {
      to: 'active',
      reason: 'Signature',
    });
    expect(active.statusCode).toBe(200);
    expect(active.json().status).toBe('active');
    const items = await premiums(created.id);
    expect(items).toHaveLength(12);
    expect(items.map((i) => i.dueDate).slice(0, 3)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
    ]);
    expect(items.at(-1)!.periodEnd).toBe('2027-01-30');
    expect(items.reduce((s, i) => s + i.amountCents, 0)).toBe(100_001);
    expect(items.reduce((s, i) => s + i.commissionCents, 0)).toBe(15_500);
    expect(items.reduce((s, i) => s + i.taxCents, 0)).toBe(33_000);
    for (const i of items) expect(i.totalCents).toBe(i.amountCents + i.taxCents);
    for (let k = 1; k < items.length; k++)
      expect(items[k]!.periodStart).toBe(addDays(items[k - 1]!.periodEnd, 1));
  });

  it('refuses an illegal move with 422 naming the allowed ones, and keeps the history', async () => {
    const created = (await create(p.tokens.admin, policy())).json();
    const illegal = await transition(p.tokens.admin, created.id, { to: 'suspended' });
    expect(illegal.statusCode).toBe(422);
    expect(illegal.json()).toMatchObject({
      type: '/problems/illegal-transition',
      allowed: ['active'],
    });
    await transition(p.tokens.admin, created.id, { to: 'active' });
    await transition(p.tokens.admin, created.id, { to: 'suspended', reason: 'Sinistre en cours' });
    await transition(p.tokens.admin, created.id, { to: 'active' });
    const history = (
      await app.inject({
        url: `/api/v1/policies/${created.id}/history`,
        headers: bearer(p.tokens.viewer),
      })
    ).json().items;
    expect(history.map((h: { toStatus: string }) => h.toStatus)).toEqual([
      'draft',
      'active',
      'suspended',
      'active',
    ]);
    expect(history[2].reason).toBe('Sinistre en cours');
    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, created.id));
    expect(audit.filter((a) => a.action === 'policy.status_changed')).toHaveLength(3);
  });

  it('cancelling cancels the premiums falling due after the effective date only', async () => {
    const created = (
      await create(p.tokens.admin, policy({ paymentFrequency: 'quarterly' }))
    ).json();
    await transition(p.tokens.admin, created.id, { to: 'active' });
    const res = await transition(p.tokens.admin, created.id, {
      to: 'cancelled',
      reason: 'Vente du véhicule',
      effectiveOn: '2026-06-15',
    });
    expect(res.statusCode).toBe(200);
    const items = await premiums(created.id);
    expect(items.map((i) => [i.dueDate, i.status])).toEqual([
      ['2026-01-31', 'issued'],
      ['2026-04-30', 'issued'],
      ['2026-07-31', 'cancelled'],
      ['2026-10-31', 'cancelled'],
    ]);
    expect((await transition(p.tokens.admin, created.id, { to: 'active' })).statusCode).toBe(422);
  });

  it('records a payment and a non-payment with their dates; a cancelled premium cannot be paid', async () => {
    const created = (
      await create(p.tokens.admin, policy({ paymentFrequency: 'semiannual' }))
    ).json();
    await transition(p.tokens.admin, created.id, { to: 'active' });
    const [first, second] = await premiums(created.id);
    const paid = await app.inject({
      method: 'POST',
      url: `/api/v1/premiums/${first!.id}/payment`,
      headers: bearer(p.tokens.manager),
      payload: { paidOn: '2026-02-03', reference: 'VIR-991' },
    });
    expect(paid.statusCode).toBe(200);
    expect(paid.json()).toMatchObject({
      status: 'paid',
      statusDate: '2026-02-03',
      paymentReference: 'VIR-991',
    });
    const unpaid = await app.inject({
      method: 'POST',
      url: `/api/v1/premiums/${second!.id}/non-payment`,
      headers: bearer(p.tokens.manager),
      payload: { on: '2026-08-15' },
    });
    expect(unpaid.json()).toMatchObject({ status: 'unpaid', statusDate: '2026-08-15' });
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/premiums/${first!.id}/non-payment`,
      headers: bearer(p.tokens.manager),
      payload: { on: '2026-08-15' },
    });
    expect(again.statusCode).toBe(422);
    const foreign = await app.inject({
      method: 'POST',
      url: `/api/v1/premiums/${first!.id}/payment`,
      headers: bearer(other.tokens.admin),
      payload: { paidOn: '2026-02-03' },
    });
    expect(foreign.statusCode).toBe(404);
    const bad = await app.inject({
      method: 'POST',
      url: `/api/v1/premiums/${first!.id}/payment`,
      headers: bearer(p.tokens.manager),
      payload: { paidOn: '03/02/2026' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/paidOn');
  });

  it('renewing starts the next term with its own schedule', async () => {
    const created = (
      await create(
        p.tokens.admin,
        policy({
          paymentFrequency: 'annual',
          effectiveDate: '2024-02-29',
          renewalDate: '2025-02-28',
        }),
      )
    ).json();
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/policies/${created.id}/renew`,
          headers: bearer(p.tokens.admin),
        })
      ).statusCode,
    ).toBe(422);
    await transition(p.tokens.admin, created.id, { to: 'active' });
    const renewed = await app.inject({
      method: 'POST',
      url: `/api/v1/policies/${created.id}/renew`,
      headers: bearer(p.tokens.admin),
    });
    expect(renewed.json()).toMatchObject({ termStart: '2025-02-28', renewalDate: '2026-02-28' });
    const items = await premiums(created.id);
    expect(items.map((i) => [i.periodStart, i.periodEnd])).toEqual([
      ['2024-02-29', '2025-02-27'],
      ['2025-02-28', '2026-02-27'],
    ]);
  });

  it('financial terms are frozen once active (422), other fields stay editable with concurrency checks', async () => {
    const created = (await create(p.tokens.admin, policy())).json();
    await transition(p.tokens.admin, created.id, { to: 'active' });
    const url = `/api/v1/policies/${created.id}`;
    const frozen = await app.inject({
      method: 'PATCH',
      url,
      headers: bearer(p.tokens.admin),
      payload: { annualPremiumCents: 5 },
    });
    expect(frozen.statusCode).toBe(422);
    const current = (await app.inject({ url, headers: bearer(p.tokens.admin) })).json();
    const notes = await app.inject({
      method: 'PATCH',
      url,
      headers: bearer(p.tokens.admin),
      payload: { notes: 'Bonus 0,50', version: current.version },
    });
    expect(notes.statusCode).toBe(200);
    const stale = await app.inject({
      method: 'PATCH',
      url,
      headers: bearer(p.tokens.admin),
      payload: { notes: 'x', version: current.version },
    });
    expect(stale.statusCode).toBe(409);
  });
});

describe('scope and listing', () => {
  it('a broker sees only their clients’ policies; another cabinet sees nothing', async () => {
    const mine = (await create(p.tokens.broker, policy({ clientId: brokerClientId }))).json();
    const theirs = (await create(p.tokens.admin, policy())).json();
    const brokerList = (
      await app.inject({ url: '/api/v1/policies?limit=200', headers: bearer(p.tokens.broker) })
    ).json().items;
    expect(brokerList.every((x: { clientId: string }) => x.clientId === brokerClientId)).toBe(true);
    expect(brokerList.map((x: { id: string }) => x.id)).toContain(mine.id);
    expect(
      (await app.inject({ url: `/api/v1/policies/${theirs.id}`, headers: bearer(p.tokens.broker) }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await app.inject({
          url: `/api/v1/policies/${theirs.id}`,
          headers: bearer(other.tokens.admin),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await app.inject({
          url: `/api/v1/policies/${theirs.id}/premiums`,
          headers: bearer(p.tokens.otherBroker),
        })
      ).statusCode,
    ).toBe(404);
    const filtered = (
      await app.inject({
        url: `/api/v1/policies?status=draft&clientId=${clientId}&q=POL`,
        headers: bearer(p.tokens.viewer),
      })
    ).json().items;
    expect(filtered.length).toBeGreaterThan(0);
    expect(
      filtered.every(
        (x: { status: string; clientId: string }) =>
          x.status === 'draft' && x.clientId === clientId,
      ),
    ).toBe(true);
  });

  it('pages by cursor without gaps or repeats', async () => {
    const all = (
      await app.inject({ url: '/api/v1/policies?limit=200', headers: bearer(p.tokens.admin) })
    )
      .json()
      .items.map((x: { id: string }) => x.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await app.inject({
          url: `/api/v1/policies?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          headers: bearer(p.tokens.admin),
        })
      ).json();
      seen.push(...page.items.map((x: { id: string }) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('counts every policy the filters select when asked (withTotal), in the caller’s scope', async () => {
    const list = async (query: string, tokens = p.tokens.admin) =>
      (await app.inject({ url: `/api/v1/policies?${query}`, headers: bearer(tokens) })).json() as {
        items: { id: string; status: string }[];
        total?: number;
      };
    const all = await list('limit=200');
    expect(all.total).toBeUndefined();
    const active = all.items.filter((x) => x.status === 'active').length;
    expect(active).toBeGreaterThan(1);
    const counted = await list('status=active&limit=1&withTotal=true');
    expect(counted.items).toHaveLength(1);
    expect(counted.total).toBe(active);
    expect((await list('limit=1&withTotal=true')).total).toBe(all.items.length);
    const brokers = await list('limit=200&withTotal=true', p.tokens.broker);
    expect(brokers.total).toBe(brokers.items.length);
    expect(brokers.total).toBeLessThan(all.items.length);
    expect((await list('limit=1&withTotal=true', other.tokens.admin)).total).toBe(0);
  });
});

describe('GET /api/v1/premiums', () => {
  it('lists every visible policy’s premiums by due date, with the totals of the selection', async () => {
    const q = await seedPortfolio(app);
    const clientOf = async (tokens: Tokens, email: string) =>
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/clients',
          headers: bearer(tokens),
          payload: person({ email }),
        })
      ).json().id as string;
    const activePolicy = async (tokens: Tokens, overrides: Record<string, unknown>) => {
      const created = (
        await create(tokens, policy({ companyId: q.company.id, ...overrides }))
      ).json();
      expect((await transition(tokens, created.id, { to: 'active' })).statusCode).toBe(200);
      return created.id as string;
    };
    const monthly = await activePolicy(q.tokens.admin, {
      clientId: await clientOf(q.tokens.admin, 'mensuel@example.fr'),
    });
    const quarterly = await activePolicy(q.tokens.broker, {
      clientId: await clientOf(q.tokens.broker, 'trimestriel@example.fr'),
      effectiveDate: '2026-03-01',
      renewalDate: '2027-03-01',
      paymentFrequency: 'quarterly',
      annualPremiumCents: 40_000,
    });
    type Page = {
      items: {
        id: string;
        policyId: string;
        dueDate: string;
        totalCents: number;
        status: string;
      }[];
      nextCursor: string | null;
      totals: { count: number; amountCents: number; totalCents: number; commissionCents: number };
    };
    const get = async (query: string, tokens = q.tokens.admin) => {
      const res = await app.inject({ url: `/api/v1/premiums?${query}`, headers: bearer(tokens) });
      expect(res.statusCode).toBe(200);
      return res.json() as Page;
    };

    const march = await get('dueFrom=2026-03-01&dueTo=2026-03-31');
    expect(march.items.map((i) => [i.policyId, i.dueDate])).toEqual([
      [quarterly, '2026-03-01'],
      [monthly, '2026-03-31'],
    ]);
    expect(march.totals.count).toBe(2);
    expect(march.totals.totalCents).toBe(march.items[0]!.totalCents + march.items[1]!.totalCents);

    // Every page carries the totals of the whole selection; the pages cover it once.
    const seen: Page['items'] = [];
    let cursor: string | null = null;
    let totals: Page['totals'] | undefined;
    do {
      const page: Page = await get(`limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items);
      totals ??= page.totals;
      expect(page.totals).toEqual(totals);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(12 + 4);
    expect(new Set(seen.map((i) => i.id)).size).toBe(16);
    expect(seen.map((i) => i.dueDate)).toEqual(seen.map((i) => i.dueDate).sort());
    expect(totals).toMatchObject({
      count: 16,
      totalCents: seen.reduce((sum, i) => sum + i.totalCents, 0),
      amountCents: 100_000 + 40_000,
    });

    // A broker sees the premiums of their clients only; another cabinet none of these.
    const brokers = await get('', q.tokens.broker);
    expect(new Set(brokers.items.map((i) => i.policyId))).toEqual(new Set([quarterly]));
    expect(brokers.totals.count).toBe(4);
    const theirs = await get('limit=200', p.tokens.admin);
    expect(theirs.items.some((i) => i.policyId === monthly || i.policyId === quarterly)).toBe(
      false,
    );

    // Filters: status and company.
    const [first] = march.items;
    await app.inject({
      method: 'POST',
      url: `/api/v1/premiums/${first!.id}/payment`,
      headers: bearer(q.tokens.admin),
      payload: { paidOn: '2026-03-02' },
    });
    expect((await get('status=paid')).items.map((i) => i.id)).toEqual([first!.id]);
    const open = await get('status=issued&status=unpaid&limit=1');
    expect(open.totals.count).toBe(15);
    expect(open.items[0]!.id).not.toBe(first!.id);
    expect((await get(`companyId=${p.company.id}`)).totals.count).toBe(0);
    expect((await get(`companyId=${q.company.id}`)).totals.count).toBe(16);
  });

  it('400 names a reversed or malformed range', async () => {
    const reversed = await app.inject({
      url: '/api/v1/premiums?dueFrom=2026-04-01&dueTo=2026-03-01',
      headers: bearer(p.tokens.admin),
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().errors).toEqual([
      expect.objectContaining({ path: '/dueTo', in: 'query' }),
    ]);
    const malformed = await app.inject({
      url: '/api/v1/premiums?dueFrom=31/03/2026&cursor=nope',
      headers: bearer(p.tokens.admin),
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0]).toMatchObject({ path: '/dueFrom' });
  });
});

describe('GET /api/v1/renewals', () => {
  it('lists active policies renewing soon with the cancellation deadline and the Chatel flag', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const soon = addDays(today, 20);
    const consumer = (
      await create(
        p.tokens.admin,
        policy({ effectiveDate: addDays(soon, -365), renewalDate: soon }),
      )
    ).json();
    const pro = (
      await create(
        p.tokens.admin,
        policy({
          clientId: businessClientId,
          productLine: 'rc_pro',
          insuredObject: null,
          effectiveDate: addDays(soon, -365),
          renewalDate: soon,
        }),
      )
    ).json();
    const later = (
      await create(
        p.tokens.admin,
        policy({ effectiveDate: addDays(today, -100), renewalDate: addDays(today, 200) }),
      )
    ).json();
    for (const x of [consumer, pro, later])
      await transition(p.tokens.admin, x.id, { to: 'active' });
    const res = await app.inject({
      url: '/api/v1/renewals?withinDays=30',
      headers: bearer(p.tokens.viewer),
    });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      policyId: string;
      chatelApplies: boolean;
      cancellationDeadline: string;
      daysUntilRenewal: number;
    }[];
    const ids = items.map((i) => i.policyId);
    expect(ids).toEqual(expect.arrayContaining([consumer.id, pro.id]));
    expect(ids).not.toContain(later.id);
    const c = items.find((i) => i.policyId === consumer.id)!;
    expect(c).toMatchObject({ chatelApplies: true, daysUntilRenewal: 20 });
    expect(c.cancellationDeadline < soon).toBe(true);
    expect(items.find((i) => i.policyId === pro.id)!.chatelApplies).toBe(false);
    expect(
      (
        await app.inject({
          url: '/api/v1/renewals?withinDays=30',
          headers: bearer(other.tokens.admin),
        })
      ).json().items,
    ).toEqual([]);
    expect(
      (
        await app.inject({
          url: '/api/v1/renewals?withinDays=9999',
          headers: bearer(p.tokens.viewer),
        })
      ).statusCode,
    ).toBe(400);
  });

  it('uses the notice period configured for the product line', async () => {
    const configured = await createTestApp(database, { renewalNoticeMonths: { auto: 1 } });
    try {
      const today = new Date().toISOString().slice(0, 10);
      const renewal = addDays(today, 40);
      const created = (
        await create(
          p.tokens.admin,
          policy({ effectiveDate: addDays(renewal, -365), renewalDate: renewal }),
        )
      ).json();
      await transition(p.tokens.admin, created.id, { to: 'active' });
      const items = (
        await configured.inject({
          url: '/api/v1/renewals?withinDays=60',
          headers: bearer(p.tokens.admin),
        })
      ).json().items;
      const item = items.find((i: { policyId: string }) => i.policyId === created.id);
      expect(item.cancellationDeadline).toBe(addMonths(renewal, -1));
      expect(item.cancellationDeadline).not.toBe(addMonths(renewal, -2));
    } finally {
      await configured.close();
    }
  });
});
