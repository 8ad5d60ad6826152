import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { seedPortfolio, type Portfolio } from '../../test-support/portfolio.ts';

// Import files with hostile cells in every column: control characters, numeric edge strings,
// lone surrogates, Excel's `_xHHHH_` escapes, very long text. Whatever the file, the answer is
// never a 5xx, and every error is problem+json.

let database: DatabaseHandle;
let app: App;
let p: Portfolio;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  p = await seedPortfolio(app);
  // A client the policy rows can name, so that their other columns get checked too.
  await app.inject({
    method: 'POST',
    url: '/api/v1/clients/import',
    headers: { ...bearer(p.tokens.admin), 'content-type': 'text/csv' },
    payload: 'Type;Prénom;Nom;E-mail\npersonne;Fuzz;Cible;cible@exemple.fr',
  });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const CLIENT_HEADERS = [
  'Type',
  'Civilité',
  'Prénom',
  'Nom',
  'Date de naissance',
  'Raison sociale',
  'SIREN',
  'SIRET',
  'Forme juridique',
  'E-mail',
  'Téléphone',
  'Adresse',
  'Complément',
  'Code postal',
  'Ville',
  'Pays',
  'Courtier',
  'Notes',
];
const POLICY_HEADERS = [
  'N° de contrat',
  'Compagnie',
  'E-mail client',
  'SIREN client',
  'Branche',
  "Date d'effet",
  'Échéance',
  'Fractionnement',
  'Prime annuelle HT',
  'Taux de commission',
  'Taux de taxe',
  'Tacite reconduction',
  'Statut',
  'Notes',
];

const NUMERIC_EDGES = [
  '1e309',
  '-1e309',
  '1e99999',
  '-0',
  '0',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '1_000',
  '1e-400',
  '9'.repeat(400),
  '1,5e308',
  '-1 234,56',
  '00000',
  '4.9e-324',
];
const CONTROL = fc
  .integer({ min: 0, max: 0x1f })
  .chain((code) =>
    fc.constantFrom(
      String.fromCharCode(code),
      `_x${code.toString(16).padStart(4, '0')}_`,
      '\u007f',
      '\u0085',
      '\u2028',
      '\ud800',
      '\udfff',
    ),
  );
/** A cell: plausible text, an edge value, or either with control characters spliced in. */
const cell = fc.oneof(
  fc.constantFrom(...NUMERIC_EDGES),
  fc.constantFrom('personne', 'entreprise', 'auto', 'mensuel', 'en cours', 'oui', '01/02/2026'),
  fc.constantFrom('cible@exemple.fr', '732829320', '06 12 34 56 78', 'FR'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('x'.repeat(300), 'é'.repeat(6000)),
  fc
    .tuple(fc.string({ maxLength: 6 }), fc.array(CONTROL, { minLength: 1, maxLength: 3 }))
    .map(([text, controls]) => controls.join(text)),
);

const rowsOf = (width: number) =>
  fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 4 });

function csvOf(headers: string[], rows: string[][]): string {
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  return [headers, ...rows].map((row) => row.map(quote).join(';')).join('\r\n');
}

async function xlsxOf(headers: string[], rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Import');
  sheet.addRow(headers);
  for (const row of rows) {
    // Numbers as numbers too, as a spreadsheet would hold them (NaN, -0, huge exponents).
    sheet.addRow(row.map((text) => (NUMERIC_EDGES.includes(text) ? Number(text) : text)));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function expectHandled(res: { statusCode: number; headers: Record<string, unknown> }) {
  expect(res.statusCode).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
  }
}

describe('import files with hostile cells', () => {
  for (const kind of ['clients', 'policies'] as const) {
    const headers = kind === 'clients' ? CLIENT_HEADERS : POLICY_HEADERS;
    it(`${kind}: CSV, never a 5xx, problem+json on every error`, async () => {
      await fc.assert(
        fc.asyncProperty(rowsOf(headers.length), fc.boolean(), async (rows, dryRun) => {
          const res = await app.inject({
            method: 'POST',
            url: `/api/v1/${kind}/import?dryRun=${dryRun}`,
            headers: { ...bearer(p.tokens.admin), 'content-type': 'text/csv' },
            payload: csvOf(headers, rows),
          });
          await expectHandled(res);
        }),
        { numRuns: 40 },
      );
    }, 300_000);

    it(`${kind}: XLSX, never a 5xx, problem+json on every error`, async () => {
      await fc.assert(
        fc.asyncProperty(rowsOf(headers.length), fc.boolean(), async (rows, dryRun) => {
          const res = await app.inject({
            method: 'POST',
            url: `/api/v1/${kind}/import?dryRun=${dryRun}`,
            headers: {
              ...bearer(p.tokens.admin),
              'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            },
            payload: await xlsxOf(headers, rows),
          });
          await expectHandled(res);
        }),
        { numRuns: 25 },
      );
    }, 300_000);
  }
});
