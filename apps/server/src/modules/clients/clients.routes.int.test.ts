import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { auditEvents } from '../../db/schema/index.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer, type Tokens } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { business, person, seedPortfolio, type Portfolio } from '../../test-support/portfolio.ts';

let database: DatabaseHandle;
let app: App;
let p: Portfolio;
let other: Portfolio;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  p = await seedPortfolio(app, 'Cabinet Dupré');
  other = await seedPortfolio(app, 'Cabinet Martin');
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const create = (tokens: Tokens, payload: object) =>
  app.inject({ method: 'POST', url: '/api/v1/clients', headers: bearer(tokens), payload });
const list = (tokens: Tokens, query = '') =>
  app.inject({ url: `/api/v1/clients${query}`, headers: bearer(tokens) });

describe('POST /api/v1/clients', () => {
  it('creates a person with a computed display name, and audits it', async () => {
    const res = await create(p.tokens.manager, person({ assignedBrokerId: p.users.broker.id }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'person',
      displayName: 'Dupré Hélène',
      version: 1,
      assignedBrokerId: p.users.broker.id,
    });
    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, res.json().id));
    expect(audit.map((a) => a.action)).toEqual(['client.created']);
  });

  it('creates a business checked by its SIREN and SIRET keys', async () => {
    const res = await create(p.tokens.admin, business());
    expect(res.statusCode).toBe(201);
    expect(res.json().displayName).toBe('Boulangerie Martin');
  });

  it.each([
    [person({ lastName: undefined }), '/lastName'],
    [business({ companyName: undefined }), '/companyName'],
    [business({ siren: '732829321' }), '/siren'],
    [business({ siret: '73282932000075' }), '/siret'],
    [business({ siren: '552100554' }), '/siret'],
    [person({ phone: '06 12 34 56 78' }), '/phone'],
    [person({ email: 'nope' }), '/email'],
    [person({ kind: 'robot' }), '/kind'],
    [person({ assignedBrokerId: '00000000-0000-4000-8000-000000000000' }), '/assignedBrokerId'],
    [
      person({ address: { line1: 'x', postalCode: '1', city: 'y', country: 'France' } }),
      '/address/country',
    ],
  ])('400 names the field (%#)', async (payload, path) => {
    const res = await create(p.tokens.admin, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('a broker’s new client is theirs; assigning it to someone else is 403', async () => {
    const res = await create(
      p.tokens.broker,
      person({ firstName: 'Paul', lastName: 'Broker', email: 'paul@example.fr' }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().assignedBrokerId).toBe(p.users.broker.id);
    const other = await create(
      p.tokens.broker,
      person({ assignedBrokerId: p.users.otherBroker.id }),
    );
    expect(other.statusCode).toBe(403);
  });

  it('403 for a viewer, 401 without a token', async () => {
    expect((await create(p.tokens.viewer, person())).statusCode).toBe(403);
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/clients', payload: person() })).statusCode,
    ).toBe(401);
  });
});

describe('GET /api/v1/clients', () => {
  beforeAll(async () => {
    await create(
      p.tokens.admin,
      person({
        firstName: 'Éloïse',
        lastName: 'Lefèvre',
        email: 'eloise@example.fr',
        address: { line1: '1 rue', postalCode: '75001', city: 'Paris', country: 'FR' },
      }),
    );
    await create(
      p.tokens.admin,
      person({ firstName: 'Jean', lastName: 'Lefebvre', email: 'jean@example.fr' }),
    );
    await create(
      other.tokens.admin,
      person({ firstName: 'Hélène', lastName: 'Dupré', email: 'other@example.fr' }),
    );
  });

  it('finds clients whatever the case and accents ("helene dupre" → Hélène Dupré)', async () => {
    const res = await list(p.tokens.admin, '?q=helene%20dupre');
    expect(res.statusCode).toBe(200);
    const names = res.json().items.map((c: { displayName: string }) => c.displayName);
    expect(names).toContain('Dupré Hélène');
    expect(res.json().items).toHaveLength(1);
    const accented = await list(p.tokens.admin, `?q=${encodeURIComponent('ÉLOÏSE')}`);
    expect(accented.json().items.map((c: { displayName: string }) => c.displayName)).toEqual([
      'Lefèvre Éloïse',
    ]);
    const bySiren = await list(p.tokens.admin, '?q=7328293');
    expect(bySiren.json().items.map((c: { displayName: string }) => c.displayName)).toEqual([
      'Boulangerie Martin',
    ]);
  });

  it('filters by kind and city, sorts, and pages with a cursor', async () => {
    const businesses = await list(p.tokens.admin, '?kind=business');
    expect(businesses.json().items.every((c: { kind: string }) => c.kind === 'business')).toBe(
      true,
    );
    const paris = await list(p.tokens.admin, '?city=paris');
    expect(paris.json().items.map((c: { displayName: string }) => c.displayName)).toEqual([
      'Lefèvre Éloïse',
    ]);
    const all = (await list(p.tokens.admin, '?limit=200'))
      .json()
      .items.map((c: { id: string }) => c.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await list(p.tokens.admin, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((c: { id: string }) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    const desc = (await list(p.tokens.admin, '?sort=-displayName&limit=200'))
      .json()
      .items.map((c: { id: string }) => c.id);
    expect(desc).toEqual([...all].reverse());
  });

  it('a broker sees only their clients; another cabinet sees none of ours', async () => {
    const mine = (await list(p.tokens.broker, '?limit=200')).json().items;
    expect(mine.length).toBeGreaterThan(0);
    expect(
      mine.every((c: { assignedBrokerId: string }) => c.assignedBrokerId === p.users.broker.id),
    ).toBe(true);
    expect((await list(p.tokens.otherBroker)).json().items).toEqual([]);
    const theirs = (await list(other.tokens.admin, '?limit=200')).json().items;
    expect(theirs.map((c: { email: string }) => c.email)).toEqual(['other@example.fr']);
  });

  it('400 names a bad filter', async () => {
    const res = await list(p.tokens.admin, '?kind=robot');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ path: '/kind', in: 'query' });
  });
});

describe('GET and PATCH /api/v1/clients/{id}', () => {
  it('404 for another cabinet’s client and for another broker’s client', async () => {
    const theirs = (await create(other.tokens.admin, person({ email: 'x@other.fr' }))).json();
    expect(
      (await app.inject({ url: `/api/v1/clients/${theirs.id}`, headers: bearer(p.tokens.admin) }))
        .statusCode,
    ).toBe(404);
    const brokers = (await create(p.tokens.broker, person({ firstName: 'Zoé' }))).json();
    expect(
      (
        await app.inject({
          url: `/api/v1/clients/${brokers.id}`,
          headers: bearer(p.tokens.otherBroker),
        })
      ).statusCode,
    ).toBe(404);
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/v1/clients/${brokers.id}`,
      headers: bearer(p.tokens.otherBroker),
      payload: { notes: 'x' },
    });
    expect(patch.statusCode).toBe(404);
  });

  it('updates with optimistic concurrency: stale version 409, stale If-Match 412, nothing lost', async () => {
    const client = (await create(p.tokens.admin, person({ email: 'cc@example.fr' }))).json();
    const url = `/api/v1/clients/${client.id}`;
    const first = await app.inject({
      method: 'PATCH',
      url,
      headers: bearer(p.tokens.admin),
      payload: { notes: 'Appelé le 3', version: 1 },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ notes: 'Appelé le 3', version: 2 });
    const stale = await app.inject({
      method: 'PATCH',
      url,
      headers: bearer(p.tokens.manager),
      payload: { notes: 'Écrasé ?', version: 1 },
    });
    expect(stale.statusCode).toBe(409);
    const staleEtag = await app.inject({
      method: 'PATCH',
      url,
      headers: { ...bearer(p.tokens.manager), 'if-match': '"1"' },
      payload: { notes: 'Écrasé ?' },
    });
    expect(staleEtag.statusCode).toBe(412);
    const read = await app.inject({ url, headers: bearer(p.tokens.admin) });
    expect(read.json().notes).toBe('Appelé le 3');
    expect(read.headers.etag).toBe('"2"');
    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, client.id));
    expect(audit.find((a) => a.action === 'client.updated')?.changes).toEqual({
      notes: { before: null, after: 'Appelé le 3' },
    });
  });

  it('re-validates the merged client (switching to business needs a company name)', async () => {
    const client = (await create(p.tokens.admin, person({ email: 'kind@example.fr' }))).json();
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/clients/${client.id}`,
      headers: bearer(p.tokens.admin),
      payload: { kind: 'business' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('/companyName');
  });

  it('403 for a viewer', async () => {
    const client = (await create(p.tokens.admin, person({ email: 'v@example.fr' }))).json();
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/clients/${client.id}`,
      headers: bearer(p.tokens.viewer),
      payload: { notes: 'x' },
    });
    expect(res.statusCode).toBe(403);
    expect(
      (await app.inject({ url: `/api/v1/clients/${client.id}`, headers: bearer(p.tokens.viewer) }))
        .statusCode,
    ).toBe(200);
  });
});

describe('GDPR', () => {
  it('exports everything held on a client, for managers and admins only', async () => {
    const client = (await create(p.tokens.admin, person({ email: 'gdpr@example.fr' }))).json();
    const templates = await app.inject({
      url: '/api/v1/templates',
      headers: bearer(p.tokens.admin),
    });
    const letter = (templates.json().items as { id: string; kind: string }[]).find(
      (t) => t.kind === 'html',
    )!;
    const document = await app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: bearer(p.tokens.manager),
      payload: { templateId: letter.id, format: 'html', clientId: client.id },
    });
    expect(document.statusCode).toBe(201);
    const res = await app.inject({
      url: `/api/v1/clients/${client.id}/export`,
      headers: bearer(p.tokens.manager),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(res.json()).toMatchObject({
      client: { id: client.id, email: 'gdpr@example.fr' },
      policies: [],
      premiums: [],
      documents: [{ id: document.json().id, clientId: client.id, format: 'html' }],
    });
    expect(
      (
        await app.inject({
          url: `/api/v1/clients/${client.id}/export`,
          headers: bearer(p.tokens.broker),
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await app.inject({
          url: `/api/v1/clients/${client.id}/export`,
          headers: bearer(other.tokens.admin),
        })
      ).statusCode,
    ).toBe(404);
  });

  it('anonymizes identity and contact, once, audited, and the client no longer matches a search', async () => {
    const client = (
      await create(
        p.tokens.admin,
        person({ firstName: 'Gaspard', lastName: 'Oubli', email: 'oubli@example.fr' }),
      )
    ).json();
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/clients/${client.id}/anonymize`,
      headers: bearer(p.tokens.admin),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      displayName: 'Client anonymisé',
      firstName: null,
      lastName: null,
      email: null,
      phone: null,
      address: null,
    });
    expect(res.json().anonymizedAt).toBeTruthy();
    expect((await list(p.tokens.admin, '?q=gaspard')).json().items).toEqual([]);
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/clients/${client.id}/anonymize`,
      headers: bearer(p.tokens.admin),
    });
    expect(again.statusCode).toBe(409);
    const edit = await app.inject({
      method: 'PATCH',
      url: `/api/v1/clients/${client.id}`,
      headers: bearer(p.tokens.admin),
      payload: { notes: 'x' },
    });
    expect(edit.statusCode).toBe(409);
    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, client.id));
    const anonymized = audit.find((a) => a.action === 'client.anonymized');
    expect(anonymized).toMatchObject({ actorId: p.admin.id, changes: null });
  });
});
