import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer, type Tokens } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { multipart } from '../../test-support/multipart.ts';
import { seedPortfolio, type Portfolio } from '../../test-support/portfolio.ts';

let database: DatabaseHandle;
let app: App;
let p: Portfolio;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  p = await seedPortfolio(app);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const BOM = '\ufeff';
const csv = (lines: string[]) => BOM + lines.join('\r\n') + '\r\n';
const importCsv = (
  kind: 'clients' | 'policies',
  body: string,
  query = '',
  tokens: Tokens = p.tokens.admin,
) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/${kind}/import${query}`,
    headers: { ...bearer(tokens), 'content-type': 'text/csv; charset=utf-8' },
    payload: body,
  });
const clientCount = async () =>
  (await app.inject({ url: '/api/v1/clients?limit=200', headers: bearer(p.tokens.admin) })).json()
    .items.length as number;

const CLIENTS = csv([
  'Type;Civilité;Prénom;Nom;E-mail;Téléphone;Adresse;Code postal;Ville;Courtier',
  `personne;Mme;Hélène;Dupré;helene@exemple.fr;06 12 34 56 78;3 rue des Lilas;69003;Lyon;${'BROKER'}`,
  'entreprise;;;;contact@martin.fr;;1 place du Marché;33000;Bordeaux;',
  'personne;M.;Jean;Martin;jean@exemple.fr;0478000000;;;;',
]);

describe('POST /api/v1/clients/import', () => {
  it('dry run checks every row, names row and field, and writes nothing', async () => {
    const body = CLIENTS.replace('BROKER', p.users.broker.email).replace(
      'entreprise;;;;',
      'entreprise;;;;',
    );
    const res = await importCsv('clients', body, '?dryRun=true');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      kind: 'clients',
      dryRun: true,
      committed: false,
      mode: 'all-or-nothing',
      rows: 3,
      created: 2,
    });
    expect(res.json().rejected).toEqual([
      { row: 3, field: 'companyName', message: expect.stringContaining('raison sociale') },
    ]);
    expect(await clientCount()).toBe(0);
  });

  it('refuses the whole file when a row is rejected (422 with the report)', async () => {
    const res = await importCsv('clients', CLIENTS.replace('BROKER', p.users.broker.email));
    expect(res.statusCode).toBe(422);
    expect(res.json().type).toBe('/problems/import-rejected');
    expect(res.json().report.rejected[0].row).toBe(3);
    expect(await clientCount()).toBe(0);
  });

  it('imports a clean file, then updates the same clients on a second import', async () => {
    const fixed = csv([
      'Type;Civilité;Prénom;Nom;Raison sociale;SIREN;E-mail;Téléphone;Ville;Courtier',
      `personne;Mme;Hélène;Dupré;;;helene@exemple.fr;06 12 34 56 78;Lyon;${p.users.broker.email}`,
      'entreprise;;;;Boulangerie Martin;732 829 320;contact@martin.fr;;Bordeaux;',
      'personne;M.;Jean;Martin;;;jean@exemple.fr;0478000000;;',
    ]);
    const first = await importCsv('clients', fixed);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ committed: true, created: 3, updated: 0, rejected: [] });
    const list = (
      await app.inject({ url: '/api/v1/clients?q=helene', headers: bearer(p.tokens.broker) })
    ).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      phone: '+33612345678',
      assignedBrokerId: p.users.broker.id,
      displayName: 'Dupré Hélène',
    });
    const again = await importCsv(
      'clients',
      fixed.replace('M.;Jean;Martin', 'M.;Jean;Martin-Durand'),
    );
    expect(again.json()).toMatchObject({ committed: true, created: 0, updated: 3 });
    const jean = (
      await app.inject({ url: '/api/v1/clients?q=jean', headers: bearer(p.tokens.admin) })
    ).json().items[0];
    expect(jean).toMatchObject({ lastName: 'Martin-Durand', version: 2 });
  });

  it('updates only the columns the file has: the rest of a matched client stays', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: bearer(p.tokens.admin),
      payload: {
        kind: 'person',
        civility: 'Mme',
        firstName: 'Inès',
        lastName: 'Partielle',
        email: 'ines.partielle@exemple.fr',
        phone: '+33611111111',
        address: {
          line1: '8 quai Saint-Vincent',
          postalCode: '69001',
          city: 'Lyon',
          country: 'FR',
        },
        notes: 'Cliente depuis 2019',
        gdprConsentAt: '2026-01-15T10:00:00.000Z',
      },
    });
    expect(created.statusCode).toBe(201);
    const before = created.json();
    // A file of e-mails and phones, plus a notes column left empty on purpose.
    const res = await importCsv(
      'clients',
      csv(['E-mail;Téléphone;Notes', 'ines.partielle@exemple.fr;07 22 22 22 22;']),
    );
    expect(res.json()).toMatchObject({ committed: true, created: 0, updated: 1, rejected: [] });
    const after = (
      await app.inject({ url: `/api/v1/clients/${before.id}`, headers: bearer(p.tokens.admin) })
    ).json();
    expect(after).toMatchObject({
      civility: 'Mme',
      firstName: 'Inès',
      lastName: 'Partielle',
      address: before.address,
      gdprConsentAt: '2026-01-15T10:00:00.000Z',
      phone: '+33722222222',
      notes: null,
      version: before.version + 1,
    });
    // The same file cannot create a client: a new e-mail needs the required columns.
    const unknown = await importCsv(
      'clients',
      csv(['E-mail;Téléphone', 'nouveau.venu@exemple.fr;07 33 33 33 33']),
      '?dryRun=true',
    );
    expect(unknown.json()).toMatchObject({ created: 0, updated: 0 });
    const rejected = unknown.json().rejected as { row: number; field: string }[];
    expect(rejected.map((r) => r.field).sort()).toEqual(['firstName', 'lastName']);
    expect(rejected.every((r) => r.row === 2)).toBe(true);
  });

  it('reports duplicates inside the file and unknown brokers', async () => {
    const res = await importCsv(
      'clients',
      csv([
        'Prénom,Nom,Email,Courtier',
        'Ana,Lima,ana@exemple.fr,',
        'Ana,Lima,ANA@exemple.fr,',
        'Léo,Roy,leo@exemple.fr,personne@ailleurs.fr',
      ]),
      '?dryRun=true',
    );
    expect(res.json().rejected).toEqual([
      { row: 3, field: 'email', message: 'Doublon de la ligne 2.' },
      { row: 4, field: 'assignedBrokerEmail', message: expect.any(String) },
    ]);
  });

  it('415 for another media type, 400 for Windows-1252 text, 403 for brokers and viewers', async () => {
    const json = await app.inject({
      method: 'POST',
      url: '/api/v1/clients/import',
      headers: bearer(p.tokens.admin),
      payload: { a: 1 },
    });
    expect(json.statusCode).toBe(415);
    const latin1 = await app.inject({
      method: 'POST',
      url: '/api/v1/clients/import',
      headers: { ...bearer(p.tokens.admin), 'content-type': 'text/csv' },
      payload: Buffer.from('Pr\xe9nom;Nom\nH\xe9l\xe8ne;Dupr\xe9\n', 'latin1'),
    });
    expect(latin1.statusCode).toBe(400);
    expect(latin1.json().detail).toContain('UTF-8');
    for (const role of ['broker', 'viewer'] as const) {
      expect((await importCsv('clients', CLIENTS, '?dryRun=true', p.tokens[role])).statusCode).toBe(
        403,
      );
    }
  });
});

describe('POST /api/v1/policies/import', () => {
  async function workbook(rows: unknown[][]): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Contrats');
    sheet.addRow([
      'N° de contrat',
      'Compagnie',
      'E-mail client',
      'Branche',
      "Date d'effet",
      'Échéance',
      'Fractionnement',
      'Prime annuelle HT',
      'Taux de commission',
      'Statut',
    ]);
    for (const row of rows) sheet.addRow(row);
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  it('imports an XLSX sent as multipart, activating the active ones with their schedule', async () => {
    const file = await workbook([
      [
        'AUTO-001',
        p.company.code,
        'helene@exemple.fr',
        'auto',
        new Date(Date.UTC(2026, 0, 1)),
        new Date(Date.UTC(2027, 0, 1)),
        'mensuel',
        '1 234,56',
        '12,5',
        'en cours',
      ],
      [
        'HAB-002',
        p.company.code,
        'jean@exemple.fr',
        'habitation',
        '15/03/2026',
        '01/01/2027',
        'annuel',
        480,
        '',
        'brouillon',
      ],
    ]);
    const form = multipart(
      {},
      {
        name: 'contrats.xlsx',
        content: file,
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    );
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/policies/import',
      headers: { ...bearer(p.tokens.manager), ...form.headers },
      payload: form.payload,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      kind: 'policies',
      committed: true,
      created: 2,
      rejected: [],
    });
    const policies = (
      await app.inject({ url: '/api/v1/policies?q=AUTO-001', headers: bearer(p.tokens.admin) })
    ).json().items;
    expect(policies[0]).toMatchObject({
      status: 'active',
      annualPremiumCents: 123_456,
      commissionRateBps: 1250,
      paymentFrequency: 'monthly',
    });
    const premiums = (
      await app.inject({
        url: `/api/v1/policies/${policies[0].id}/premiums`,
        headers: bearer(p.tokens.admin),
      })
    ).json().items;
    expect(premiums).toHaveLength(12);
    expect(premiums.reduce((s: number, x: { amountCents: number }) => s + x.amountCents, 0)).toBe(
      123_456,
    );
  });

  it('names each rejected row and field; an existing number is rejected', async () => {
    const file = await workbook([
      [
        'AUTO-001',
        p.company.code,
        'helene@exemple.fr',
        'auto',
        '2026-01-01',
        '2027-01-01',
        'mensuel',
        '100',
        '',
        'brouillon',
      ],
      [
        'X-1',
        'NOPE',
        'helene@exemple.fr',
        'auto',
        '2026-01-01',
        '2027-01-01',
        'mensuel',
        '100',
        '',
        '',
      ],
      [
        'X-2',
        p.company.code,
        'inconnu@exemple.fr',
        'moto',
        '31/02/2026',
        '2027-01-01',
        'hebdo',
        'cent',
        '150',
        '',
      ],
    ]);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/policies/import?dryRun=true',
      headers: {
        ...bearer(p.tokens.admin),
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      payload: file,
    });
    expect(res.statusCode).toBe(200);
    const rejected = res.json().rejected as { row: number; field: string }[];
    expect(rejected.filter((r) => r.row === 2).map((r) => r.field)).toEqual(['number']);
    expect(rejected.filter((r) => r.row === 3).map((r) => r.field)).toEqual(['companyCode']);
    expect(
      rejected
        .filter((r) => r.row === 4)
        .map((r) => r.field)
        .sort(),
    ).toEqual(
      [
        'annualPremium',
        'clientEmail',
        'commissionRate',
        'effectiveDate',
        'paymentFrequency',
        'productLine',
      ].sort(),
    );
  });
});
