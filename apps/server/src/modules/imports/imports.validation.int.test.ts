import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { multipart } from '../../test-support/multipart.ts';
import { seedPortfolio, type Portfolio } from '../../test-support/portfolio.ts';

// The API's rules hold for import rows too: control characters and over-long values give a
// rejected row naming the row and the column, never a 500 and never a stored value.

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

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = 'Type;Prénom;Nom;E-mail;Notes';

const importFile = (kind: 'clients' | 'policies', payload: Buffer | string, type = 'text/csv') =>
  app.inject({
    method: 'POST',
    url: `/api/v1/${kind}/import`,
    headers: { ...bearer(p.tokens.admin), 'content-type': type },
    payload,
  });

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Clients');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function storedClients(q: string): Promise<unknown[]> {
  const res = await app.inject({
    url: `/api/v1/clients?q=${encodeURIComponent(q)}`,
    headers: bearer(p.tokens.admin),
  });
  return res.json().items as unknown[];
}

describe('import rows are held to the API rules', () => {
  it('a NUL byte in a CSV cell is a rejected row naming row and column, not a 500', async () => {
    const res = await importFile(
      'clients',
      [HEADER, 'personne;Anne;Nulle;anne.nulle@exemple.fr;', 'personne;Paul;Nu\u0000l;;'].join(
        '\n',
      ),
    );
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().report.rejected).toEqual([
      { row: 3, field: 'lastName', message: expect.stringContaining('U+0000') },
    ]);
    expect(await storedClients('nulle')).toEqual([]);
  });

  it('a NUL character in an XLSX cell is a rejected row naming row and column', async () => {
    // XML cannot hold a NUL: Excel writes it as the escape `_x0000_`, which readers decode (ExcelJS
    // writes the text as given, so the cell below holds Excel's escape of a NUL).
    const file = await workbook([
      ['Type', 'Prénom', 'Nom', 'E-mail'],
      ['personne', 'Zoé', 'Classeur', 'zoe@exemple.fr'],
      ['personne', 'Léa', 'Clas_x0000_seur', 'lea@exemple.fr'],
    ]);
    const form = multipart({}, { name: 'clients.xlsx', content: file, type: XLSX });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/clients/import',
      headers: { ...bearer(p.tokens.admin), ...form.headers },
      payload: form.payload,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().report.rejected).toEqual([
      { row: 3, field: 'lastName', message: expect.stringContaining('U+0000') },
    ]);
    expect(await storedClients('classeur')).toEqual([]);
  });

  it('other C0 control characters are rejected; tab and line break in notes are kept', async () => {
    const bell = await importFile(
      'clients',
      [HEADER, 'personne;Ana\u0007is;Sonnerie;;'].join('\n'),
      'text/csv',
    );
    expect(bell.statusCode).toBe(422);
    expect(bell.json().report.rejected).toEqual([
      { row: 2, field: 'firstName', message: expect.stringContaining('U+0007') },
    ]);
    const notes = await importFile(
      'clients',
      [HEADER, 'personne;Ana;Tabulée;;"première\tligne\r\nseconde ligne"'].join('\n'),
    );
    expect(notes.statusCode).toBe(200);
    expect(await storedClients('tabulee')).toEqual([
      expect.objectContaining({ notes: 'première\tligne\nseconde ligne' }),
    ]);
  });

  it('a NUL in the client e-mail of a policy row is a rejected row, not a failed lookup', async () => {
    const res = await importFile(
      'policies',
      [
        "N° de contrat;Compagnie;E-mail client;Branche;Date d'effet;Échéance;Prime annuelle HT",
        `NUL-1;${p.company.code};nul\u0000@exemple.fr;auto;01/01/2026;01/01/2027;100`,
      ].join('\n'),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().report.rejected).toEqual([
      { row: 2, field: 'clientEmail', message: expect.stringContaining('U+0000') },
    ]);
  });

  it('a 200,000-character name is a rejected row (the API allows 100), nothing stored', async () => {
    const name = 'A'.repeat(200_000);
    const res = await importFile(
      'clients',
      [HEADER, `personne;Jean;${name};jean.long@exemple.fr;`].join('\n'),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().report.rejected).toEqual([
      { row: 2, field: 'lastName', message: expect.stringContaining('100 caractères') },
    ]);
    expect(await storedClients('jean.long')).toEqual([]);
  });

  it('over-long notes, city and policy number are rejected as the API rejects them', async () => {
    const clients = await importFile(
      'clients',
      [
        'Type;Prénom;Nom;Adresse;Code postal;Ville;Notes',
        `personne;Jo;Ville;1 rue X;75001;${'V'.repeat(101)};`,
        `personne;Jo;Notes;;;;${'n'.repeat(5001)}`,
      ].join('\n'),
    );
    expect(clients.statusCode).toBe(422);
    expect(clients.json().report.rejected).toEqual([
      { row: 2, field: 'city', message: expect.stringContaining('100 caractères') },
      { row: 3, field: 'notes', message: expect.stringContaining('5000 caractères') },
    ]);

    await importFile(
      'clients',
      [HEADER, 'personne;Pol;Numéro;pol.numero@exemple.fr;'].join('\n'),
    ).then((res) => expect(res.statusCode).toBe(200));
    const policies = await importFile(
      'policies',
      [
        "N° de contrat;Compagnie;E-mail client;Branche;Date d'effet;Échéance;Prime annuelle HT",
        `${'P'.repeat(65)};${p.company.code};pol.numero@exemple.fr;auto;01/01/2026;01/01/2027;100`,
        `OK-1;${p.company.code};pol.numero@exemple.fr;auto;01/01/2026;01/01/2027;99999999999999999999`,
      ].join('\n'),
    );
    expect(policies.statusCode).toBe(422);
    expect(policies.json().report.rejected).toEqual([
      { row: 2, field: 'number', message: expect.stringContaining('64 caractères') },
      { row: 3, field: 'annualPremium', message: expect.any(String) },
    ]);
  });
});
