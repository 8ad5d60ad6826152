import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { TEST_MASTER_KEY, createTestApp, testConfig } from '../../test-support/app.ts';
import { bearer, login } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { pdfText, seedActivePolicy, setCabinetProfile } from '../../test-support/documents.ts';
import { seedPortfolio, type Portfolio } from '../../test-support/portfolio.ts';

let database: DatabaseHandle;
let app: App;
let p: Portfolio;
let other: Portfolio;
let starters: Record<string, string>;
let policy: Awaited<ReturnType<typeof seedActivePolicy>>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  p = await seedPortfolio(app, 'Cabinet Martin Courtage');
  other = await seedPortfolio(app);
  await setCabinetProfile(app, p.tokens.admin);
  policy = await seedActivePolicy(app, p);
  const list = await app.inject({ url: '/api/v1/templates', headers: bearer(p.tokens.viewer) });
  starters = Object.fromEntries(
    (list.json().items as { code: string | null; id: string }[])
      .filter((t) => t.code)
      .map((t) => [t.code, t.id]),
  );
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const generate = (tokens = p.tokens.manager, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/api/v1/documents', headers: bearer(tokens), payload });

const content = (id: string, tokens = p.tokens.viewer) =>
  app.inject({ url: `/api/v1/documents/${id}/content`, headers: bearer(tokens) });

const link = (id: string, payload: object = {}, tokens = p.tokens.manager) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/documents/${id}/links`,
    headers: bearer(tokens),
    payload,
  });

describe('documents', () => {
  it('prints an attestation to PDF with the policy, the client and the legal mentions', async () => {
    const res = await generate(p.tokens.manager, {
      templateId: starters.attestation,
      format: 'pdf',
      policyId: policy.policyId,
    });
    expect(res.statusCode).toBe(201);
    const doc = res.json();
    expect(doc).toMatchObject({
      format: 'pdf',
      contentType: 'application/pdf',
      templateId: starters.attestation,
      templateVersion: 1,
      policyId: policy.policyId,
      clientId: policy.clientId,
      fileName: `attestation-${policy.number}.pdf`,
    });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.dataHash).toMatch(/^[0-9a-f]{64}$/);

    const file = await content(doc.id);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="attestation-${policy.number}.pdf"`,
    );
    expect(file.headers['cache-control']).toBe('private, no-store');
    expect(file.rawPayload.length).toBe(doc.size);
    const text = pdfText(file.rawPayload);
    expect(text).toContain(policy.number);
    expect(text).toContain('Hélène');
    expect(text).toContain('Cabinet Martin Courtage');
    expect(text).toContain('12345678');
    expect(text).toMatch(/Attestation/i);

    const audit = await app.inject({
      url: `/api/v1/audit-events?targetId=${doc.id as string}`,
      headers: bearer(p.tokens.admin),
    });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['document.generated', 'document.downloaded']),
    );
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/^documents_generated_total\{format="pdf"\} [1-9]/m);
    expect(metrics).toMatch(/^document_render_duration_seconds_count\{format="pdf"\} [1-9]/m);
  });

  it('stores documents encrypted: the bytes on disk are not the PDF', async () => {
    const doc = (
      await generate(p.tokens.manager, {
        templateId: starters.quittance,
        format: 'pdf',
        premiumId: policy.premiums[0]!.id,
      })
    ).json();
    const raw = app.services.objects;
    expect(raw.driver).toBe('local');
    let checked = 0;
    for await (const object of raw.list('documents/')) {
      const bytes = await raw.get(object.key);
      expect(bytes.subarray(0, 4).toString()).toBe('MAE1');
      expect(bytes.includes(Buffer.from('%PDF-'))).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    // The API gives the clear PDF back.
    expect((await content(doc.id)).rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(doc.premiumId).toBe(policy.premiums[0]!.id);
  });

  it('re-renders a document from its template version and data snapshot to the same text', async () => {
    const doc = (
      await generate(p.tokens.manager, {
        templateId: starters.avis_echeance,
        format: 'pdf',
        policyId: policy.policyId,
      })
    ).json();
    const stored = pdfText((await content(doc.id)).rawPayload);
    // A later change to the policy does not change what the document said.
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/clients/${policy.clientId}`,
      headers: bearer(p.tokens.admin),
      payload: { firstName: 'Héloïse' },
    });
    const again = await app.services.documents.rerender(
      { organizationId: p.organization.id, userId: p.admin.id, role: 'admin' },
      doc.id,
    );
    expect(pdfText(again)).toBe(stored);
    expect(stored).toContain('L113-15-1');
  });

  it('makes html from an html template and xlsx from the bordereau', async () => {
    const page = await generate(p.tokens.manager, {
      templateId: starters.attestation,
      format: 'html',
      policyId: policy.policyId,
    });
    expect(page.statusCode).toBe(201);
    const served = await content(page.json().id);
    expect(served.headers['content-type']).toContain('text/html');
    expect(served.headers['content-security-policy']).toContain('sandbox');
    expect(served.body).toContain(policy.number);

    const sheet = await generate(p.tokens.manager, {
      templateId: starters.bordereau_primes,
      format: 'xlsx',
      policyId: policy.policyId,
    });
    expect(sheet.statusCode).toBe(201);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await content(sheet.json().id)).rawPayload as unknown as ArrayBuffer);
    const values = book.worksheets[0]!.getSheetValues().flat().map(String).join(' ');
    expect(values).toContain(policy.number);

    const mismatch = await generate(p.tokens.manager, {
      templateId: starters.bordereau_primes,
      format: 'pdf',
      policyId: policy.policyId,
    });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().type).toBe('/problems/format-mismatch');
  });

  it('adds the free inputs the template declares to the subject data, within limits', async () => {
    const tpl = await app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: bearer(p.tokens.manager),
      payload: {
        name: 'Courrier libre',
        kind: 'html',
        content: '<p>{{ saisie.objet }} — {{ client.display_name }}</p>',
      },
    });
    const res = await generate(p.tokens.manager, {
      templateId: tpl.json().id,
      format: 'html',
      clientId: policy.clientId,
      data: { objet: '<b>Relance</b>' },
    });
    expect(res.statusCode).toBe(201);
    const body = (await content(res.json().id)).body;
    // Output is escaped: caller data cannot inject markup.
    expect(body).toContain('&lt;b&gt;Relance&lt;/b&gt;');
    const tooBig = await generate(p.tokens.manager, {
      templateId: tpl.json().id,
      format: 'html',
      data: { objet: 'x'.repeat(300_000) },
    });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().errors[0].path).toBe('/data');
    const two = await generate(p.tokens.manager, {
      templateId: tpl.json().id,
      format: 'html',
      clientId: policy.clientId,
      policyId: policy.policyId,
    });
    expect(two.statusCode).toBe(400);
  });

  it('brokers generate for their own portfolio only; viewers only read', async () => {
    const mine = await seedActivePolicy(app, p, p.tokens.broker);
    const ok = await generate(p.tokens.broker, {
      templateId: starters.attestation,
      format: 'html',
      policyId: mine.policyId,
    });
    expect(ok.statusCode).toBe(201);
    const notMine = await generate(p.tokens.broker, {
      templateId: starters.attestation,
      format: 'html',
      policyId: policy.policyId,
    });
    expect(notMine.statusCode).toBe(404);
    const noSubject = await generate(p.tokens.broker, {
      templateId: starters.attestation,
      format: 'html',
    });
    expect(noSubject.statusCode).toBe(403);
    const viewer = await generate(p.tokens.viewer, {
      templateId: starters.attestation,
      format: 'html',
      policyId: policy.policyId,
    });
    expect(viewer.statusCode).toBe(403);
    const list = await app.inject({ url: '/api/v1/documents', headers: bearer(p.tokens.broker) });
    expect(list.json().items.map((d: { policyId: string }) => d.policyId)).toEqual([mine.policyId]);
    const otherBroker = await app.inject({
      url: `/api/v1/documents/${ok.json().id}`,
      headers: bearer(p.tokens.otherBroker),
    });
    expect(otherBroker.statusCode).toBe(404);
    const foreign = await app.inject({
      url: `/api/v1/documents/${ok.json().id}`,
      headers: bearer(other.tokens.admin),
    });
    expect(foreign.statusCode).toBe(404);
    const foreignTemplate = await generate(other.tokens.admin, {
      templateId: starters.attestation,
      format: 'html',
    });
    expect(foreignTemplate.statusCode).toBe(404);
  });

  it('lists with filters and cursor pages, newest first', async () => {
    const fresh = await seedActivePolicy(app, p);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        (
          await generate(p.tokens.manager, {
            templateId: starters.attestation,
            format: 'html',
            policyId: fresh.policyId,
          })
        ).json().id,
      );
    }
    const page1 = await app.inject({
      url: `/api/v1/documents?policyId=${fresh.policyId}&limit=2`,
      headers: bearer(p.tokens.viewer),
    });
    expect(page1.json().items.map((d: { id: string }) => d.id)).toEqual([ids[2], ids[1]]);
    const page2 = await app.inject({
      url: `/api/v1/documents?policyId=${fresh.policyId}&limit=2&cursor=${page1.json().nextCursor}`,
      headers: bearer(p.tokens.viewer),
    });
    expect(page2.json()).toEqual({
      items: [expect.objectContaining({ id: ids[0] })],
      nextCursor: null,
    });
    const pdfs = await app.inject({
      url: `/api/v1/documents?policyId=${fresh.policyId}&format=pdf`,
      headers: bearer(p.tokens.viewer),
    });
    expect(pdfs.json().items).toEqual([]);
    const future = await app.inject({
      url: `/api/v1/documents?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
      headers: bearer(p.tokens.viewer),
    });
    expect(future.json().items).toEqual([]);
    const badCursor = await app.inject({
      url: '/api/v1/documents?cursor=nope',
      headers: bearer(p.tokens.viewer),
    });
    expect(badCursor.statusCode).toBe(400);
  });
});

describe('free inputs (data)', () => {
  /** The finding's request: another name and a later cover date, over the subject's own facts. */
  const FORGED = {
    client: { display_name: "Quelqu'un d'autre" },
    policy: { renewal_date: '2030-01-01' },
  };
  let letter: string;
  /** The client's name as the records say it now (an earlier test renames her). */
  let realName: string;

  const createTemplate = async (name: string, content: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: bearer(p.tokens.manager),
      payload: { name, kind: 'html', content },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; variables: string[]; warnings: { variable: string }[] };
  };
  const documentsOf = async (policyId: string) =>
    (
      await app.inject({
        url: `/api/v1/documents?policyId=${policyId}`,
        headers: bearer(p.tokens.admin),
      })
    ).json().items as { id: string }[];
  const generatedEvents = async () =>
    (
      await app.inject({
        url: '/api/v1/audit-events?action=document.generated&limit=200',
        headers: bearer(p.tokens.admin),
      })
    ).json().items as { targetId: string; changes: Record<string, unknown> }[];

  beforeAll(async () => {
    const created = await createTemplate(
      'Lettre avec objet',
      '<html><body><h1>Lettre</h1><p>Objet : {{ saisie.objet }}</p>' +
        '<p>Assuré : {{ client.display_name }}</p><p>Échéance : {{ policy.renewal_date | date_fr }}</p>' +
        '<footer>{{ organization.name }} — ORIAS {{ organization.orias_number }}</footer></body></html>',
    );
    // `saisie.objet` is a declared free input, not an unknown variable.
    expect(created.variables).toContain('saisie.objet');
    expect(created.warnings).toEqual([]);
    letter = created.id;
    const client = await app.inject({
      url: `/api/v1/clients/${policy.clientId}`,
      headers: bearer(p.tokens.admin),
    });
    realName = client.json().displayName as string;
  });

  it("refuses the finding's forged attestation from a broker, even on a cancelled policy of theirs, and stores nothing", async () => {
    const mine = await seedActivePolicy(app, p, p.tokens.broker);
    const cancelled = await app.inject({
      method: 'POST',
      url: `/api/v1/policies/${mine.policyId}/transitions`,
      headers: bearer(p.tokens.admin),
      payload: { to: 'cancelled', reason: 'Résiliation', effectiveOn: '2026-06-15' },
    });
    expect(cancelled.statusCode).toBe(200);
    const before = (await generatedEvents()).length;
    for (const format of ['pdf', 'html']) {
      const res = await generate(p.tokens.broker, {
        templateId: starters.attestation,
        format,
        policyId: mine.policyId,
        data: FORGED,
      });
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    // Any data at all, even a free input the template declares: brokers do not give data.
    const declared = await generate(p.tokens.broker, {
      templateId: letter,
      format: 'html',
      policyId: mine.policyId,
      data: { objet: 'Relance' },
    });
    expect(declared.statusCode).toBe(403);
    expect(await documentsOf(mine.policyId)).toEqual([]);
    expect(await generatedEvents()).toHaveLength(before);
  });

  it("refuses the subject's own facts from a manager too, naming each key; nothing is stored", async () => {
    const before = (await generatedEvents()).length;
    for (const templateId of [starters.attestation, letter]) {
      const res = await generate(p.tokens.manager, {
        templateId,
        format: 'pdf',
        policyId: policy.policyId,
        data: FORGED,
      });
      expect(res.statusCode).toBe(400);
      expect(
        res
          .json()
          .errors.map((e: { path: string }) => e.path)
          .sort(),
      ).toEqual(['/data/client', '/data/policy']);
    }
    for (const key of ['organization', 'company', 'premium', 'premiums', 'today', 'saisie']) {
      const res = await generate(p.tokens.admin, {
        templateId: letter,
        format: 'html',
        policyId: policy.policyId,
        data: { objet: 'Relance', [key]: { name: 'Autre cabinet' } },
      });
      expect(res.statusCode, key).toBe(400);
      expect(res.json().errors, key).toEqual([
        expect.objectContaining({ path: `/data/${key}`, in: 'body' }),
      ]);
    }
    const unknown = await generate(p.tokens.manager, {
      templateId: letter,
      format: 'html',
      policyId: policy.policyId,
      data: { objet: 'Relance', inconnu: 'x' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      expect.objectContaining({ path: '/data/inconnu', message: expect.stringContaining('objet') }),
    ]);
    expect(await generatedEvents()).toHaveLength(before);
  });

  it('renders a declared free input for a manager next to the real facts, and audits its name only', async () => {
    const res = await generate(p.tokens.manager, {
      templateId: letter,
      format: 'pdf',
      policyId: policy.policyId,
      data: { objet: 'Relance amiable' },
    });
    expect(res.statusCode).toBe(201);
    const text = pdfText((await content(res.json().id)).rawPayload);
    expect(text).toContain('Objet : Relance amiable');
    expect(text).toContain(`Assuré : ${realName}`);
    expect(text).toContain('Échéance : 15/01/2027');
    expect(text).toContain('ORIAS 12345678');
    const event = (await generatedEvents()).find((e) => e.targetId === res.json().id);
    expect(event?.changes).toMatchObject({ dataKeys: ['objet'], policyId: policy.policyId });
    expect(JSON.stringify(event)).not.toContain('Relance amiable');
    // Without data, no keys are recorded.
    const plain = await generate(p.tokens.manager, {
      templateId: letter,
      format: 'html',
      policyId: policy.policyId,
    });
    const plainEvent = (await generatedEvents()).find((e) => e.targetId === plain.json().id);
    expect(plainEvent?.changes).not.toHaveProperty('dataKeys');
  });

  it('keeps a free input named like a fact under saisie: the nested override never reaches the subject', async () => {
    const echo = await createTemplate(
      'Lettre en écho',
      '<p>Vrai : {{ client.display_name }} / {{ policy.renewal_date }}</p>' +
        '<p>Saisi : {{ saisie.client.display_name }} / {{ saisie.policy.renewal_date }}</p>',
    );
    const res = await generate(p.tokens.manager, {
      templateId: echo.id,
      format: 'html',
      policyId: policy.policyId,
      data: { client: { display_name: 'Autre Personne' }, policy: { renewal_date: '2030-01-01' } },
    });
    expect(res.statusCode).toBe(201);
    const body = (await content(res.json().id)).body;
    expect(body).toContain(`Vrai : ${realName} / 2027-01-15`);
    expect(body).toContain('Saisi : Autre Personne / 2030-01-01');
  });

  it('previews follow the same rule: a real subject with forged facts is refused, free inputs show', async () => {
    const preview = (payload: Record<string, unknown>) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/templates/${letter}/preview`,
        headers: bearer(p.tokens.manager),
        payload: { format: 'html', ...payload },
      });
    const stored = (await documentsOf(policy.policyId)).length;
    const forged = await preview({ policyId: policy.policyId, data: FORGED });
    expect(forged.statusCode).toBe(400);
    expect(
      forged
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/data/client', '/data/policy']);
    const sampleForged = await preview({ sample: true, data: FORGED });
    expect(sampleForged.statusCode).toBe(400);
    const real = await preview({ policyId: policy.policyId, data: { objet: 'Relance' } });
    expect(real.statusCode).toBe(200);
    expect(real.body).toContain('Objet : Relance');
    expect(real.body).toContain(`Assuré : ${realName}`);
    // A draft declares its own free inputs.
    const draft = await preview({
      content: '<p>{{ saisie.motif }} — {{ client.display_name }}</p>',
      data: { motif: 'Changement de véhicule' },
    });
    expect(draft.statusCode).toBe(200);
    expect(draft.body).toContain('Changement de véhicule');
    expect(await documentsOf(policy.policyId)).toHaveLength(stored);
  });
});

describe('download links', () => {
  let documentId: string;
  beforeAll(async () => {
    documentId = (
      await generate(p.tokens.manager, {
        templateId: starters.attestation,
        format: 'pdf',
        policyId: policy.policyId,
      })
    ).json().id;
  });

  it('serves a single-use link once, to whoever holds it, and audits the download', async () => {
    const res = await link(documentId, { ttlSeconds: 600 });
    expect(res.statusCode).toBe(201);
    const { url, expiresAt, singleUse } = res.json();
    expect(url).toMatch(/^\/d\/[A-Za-z0-9_-]{43}$/);
    expect(singleUse).toBe(true);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 590_000);

    const head = await app.inject({ method: 'HEAD', url });
    expect(head.statusCode).toBe(200);
    const first = await app.inject({ url, remoteAddress: '203.0.113.7' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    expect(first.headers['content-disposition']).toMatch(/^attachment; filename="attestation-/);
    expect(pdfText(first.rawPayload)).toContain(policy.number);
    const second = await app.inject({ url });
    expect(second.statusCode).toBe(410);
    expect(second.headers['content-type']).toContain('application/problem+json');
    expect((await app.inject({ method: 'HEAD', url })).statusCode).toBe(410);

    const audit = await app.inject({
      url: `/api/v1/audit-events?targetId=${documentId}&action=document.downloaded`,
      headers: bearer(p.tokens.admin),
    });
    const [event] = audit.json().items;
    expect(event).toMatchObject({
      action: 'document.downloaded',
      actorId: null,
      actorIp: '203.0.113.7',
    });
    expect(event.changes).toMatchObject({ via: 'link', linkId: res.json().id });
  });

  it('of many parallel requests on a single-use link exactly one wins', async () => {
    const { url } = (await link(documentId)).json();
    // As many as the per-token limit lets through in a minute.
    const results = await Promise.all(Array.from({ length: 10 }, () => app.inject({ url })));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 410)).toHaveLength(9);
  });

  it('a multi-use link works until it expires; expired is 410; unknown or tampered is 404', async () => {
    const { url, id } = (await link(documentId, { singleUse: false, ttlSeconds: 60 })).json();
    expect((await app.inject({ url })).statusCode).toBe(200);
    expect((await app.inject({ url })).statusCode).toBe(200);
    await database.db.execute(
      sql`update download_links set expires_at = now() - interval '1 second' where id = ${id}`,
    );
    expect((await app.inject({ url })).statusCode).toBe(410);
    const token = url.slice(3);
    const tampered = `/d/${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await app.inject({ url: tampered })).statusCode).toBe(404);
    expect((await app.inject({ url: '/d/short' })).statusCode).toBe(404);
    // Longer than any route parameter: refused by the router before any lookup.
    expect((await app.inject({ url: `/d/${'x'.repeat(200)}` })).statusCode).toBe(414);
  });

  it('validates the lifetime and keeps links to the portfolio', async () => {
    expect((await link(documentId, { ttlSeconds: 0 })).statusCode).toBe(400);
    expect((await link(documentId, { ttlSeconds: 86_401 })).statusCode).toBe(400);
    expect((await link(documentId, {}, p.tokens.viewer)).statusCode).toBe(403);
    expect((await link(documentId, {}, other.tokens.admin)).statusCode).toBe(404);
  });

  it('never writes a link token to the logs, and limits downloads per IP and per token', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const limited = await buildApp(
      testConfig({ LOG_LEVEL: 'info', LINK_RATE_LIMIT_PER_MINUTE: '3' }),
      { database, secrets: { masterKey: TEST_MASTER_KEY }, logStream },
    );
    try {
      await limited.services.start();
      const tokens = await login(limited, p.users.manager.email);
      // Its own document: this app stores files in a DATA_DIR of its own.
      const own = await limited.inject({
        method: 'POST',
        url: '/api/v1/documents',
        headers: bearer(tokens),
        payload: { templateId: starters.attestation, format: 'html', policyId: policy.policyId },
      });
      const { url } = (
        await limited.inject({
          method: 'POST',
          url: `/api/v1/documents/${own.json().id as string}/links`,
          headers: bearer(tokens),
          payload: { singleUse: false },
        })
      ).json();
      const codes = [];
      for (let i = 0; i < 5; i++) {
        codes.push((await limited.inject({ url, remoteAddress: '198.51.100.9' })).statusCode);
      }
      expect(codes).toEqual([200, 200, 200, 429, 429]);
      const token = url.slice(3);
      const perToken = [];
      for (let i = 0; i < 12; i++) {
        perToken.push(
          (await limited.inject({ url, remoteAddress: `198.51.100.${20 + i}` })).statusCode,
        );
      }
      // 10 per token per minute, whatever the address; the 5 above (refused ones too) count.
      expect(perToken.filter((c) => c === 200)).toHaveLength(5);
      expect(perToken.slice(5).every((c) => c === 429)).toBe(true);
      expect(lines.join('')).not.toContain(token);
      expect(lines.join('')).toContain('/d/[redacted]');
    } finally {
      await limited.close();
    }
  });
});
