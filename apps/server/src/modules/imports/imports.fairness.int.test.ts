import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { seedPortfolio, type Portfolio } from '../../test-support/portfolio.ts';

// A large import of one cabinet must not stall the others: their requests (reads, and an import
// of their own) are answered while it still runs. Ordering assertions only, no timing threshold.

const ROWS = 20_000;

let database: DatabaseHandle;
let app: App;
let a: Portfolio;
let b: Portfolio;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  a = await seedPortfolio(app, 'Cabinet Volumineux');
  b = await seedPortfolio(app, 'Cabinet Voisin');
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const largeFile = () =>
  Buffer.from(
    'Type;Prénom;Nom;E-mail;Adresse;Code postal;Ville\n' +
      Array.from(
        { length: ROWS },
        (_, i) => `personne;Hélène;Dupré ${i};grand${i}@exemple.fr;${i} rue de la Paix;75002;Paris`,
      ).join('\n'),
  );

const importCsv = (p: Portfolio, body: Buffer | string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/clients/import',
    headers: { ...bearer(p.tokens.admin), 'content-type': 'text/csv' },
    payload: body,
  });

describe('a large import and the other cabinets', () => {
  it("answers another cabinet's lists and import while a 20,000-row import runs", async () => {
    let importDone = false;
    const large = importCsv(a, largeFile()).then((res) => {
      importDone = true;
      return res;
    });

    // Cabinet B works as usual, one request after another, until A's import is over.
    let answeredDuring = 0;
    let otherImport: { statusCode: number; answeredDuring: boolean } | undefined;
    while (!importDone) {
      const list = await app.inject({ url: '/api/v1/clients', headers: bearer(b.tokens.admin) });
      expect(list.statusCode).toBe(200);
      if (!importDone) answeredDuring++;
      if (answeredDuring === 3 && !otherImport) {
        const small = await importCsv(
          b,
          'Type;Prénom;Nom;E-mail\npersonne;Jeanne;Voisine;jeanne@voisin.fr',
        );
        otherImport = { statusCode: small.statusCode, answeredDuring: !importDone };
      }
    }

    const res = await large;
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ committed: true, created: ROWS });
    // A list request takes milliseconds and the import seconds: with the event loop or the
    // database held by the import, B would get at most the odd answer between its phases.
    expect(answeredDuring).toBeGreaterThanOrEqual(10);
    expect(otherImport).toEqual({ statusCode: 200, answeredDuring: true });
    const bList = await app.inject({ url: '/api/v1/clients', headers: bearer(b.tokens.admin) });
    expect(bList.json().items.map((c: { email: string }) => c.email)).toEqual(['jeanne@voisin.fr']);
  }, 600_000);

  it('runs one import per cabinet at a time and refuses a cabinet that piles them up (429)', async () => {
    const file = (n: number) =>
      Buffer.from(
        'Type;Prénom;Nom;E-mail\n' +
          Array.from(
            { length: 2_000 },
            (_, i) => `personne;Marc;File ${n}-${i};file${n}-${i}@exemple.fr`,
          ).join('\n'),
      );
    const statuses = await Promise.all([1, 2, 3, 4].map((n) => importCsv(a, file(n))));
    // The first runs, two wait their turn, the fourth is told to come back later.
    expect(statuses.map((res) => res.statusCode).sort()).toEqual([200, 200, 200, 429]);
    const refused = statuses.find((res) => res.statusCode === 429);
    expect(refused?.headers['content-type']).toContain('application/problem+json');
    expect(refused?.headers['retry-after']).toBe('10');
  }, 600_000);
});
