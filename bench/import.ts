// Import of 10,000 client rows and 10,000 policy rows (CSV) through the HTTP stack, dry run and
// real, next to the raw parse of the same file and a raw batched INSERT of the same rows.
import { randomBytes } from 'node:crypto';
import { openPglite } from '../apps/server/src/db/client.ts';
import { clients } from '../apps/server/src/db/schema/index.ts';
import { readTabular } from '../apps/server/src/platform/tabular/tabular.ts';
import { benchCabinet } from './lib/app.ts';
import { printTable } from './lib/table.ts';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);

const database = await openPglite();
await database.migrate();
const { app, organization, headers } = await benchCabinet(database, 'Cabinet Import');
// The company the policy rows name (code CA).
await app.inject({
  method: 'POST',
  url: '/api/v1/companies',
  headers,
  payload: { name: 'Compagnie A', code: 'CA' },
});

const clientCsv = Buffer.from(
  '\ufeffType;Civilité;Prénom;Nom;E-mail;Téléphone;Adresse;Code postal;Ville\n' +
    Array.from(
      { length: ROWS },
      (_, i) =>
        `personne;Mme;Hélène;Dupré ${i};client${i}@exemple.fr;06 12 34 ${String(i % 100).padStart(2, '0')} 78;${i} rue de la Paix;75002;Paris`,
    ).join('\n'),
);
const policyCsv = Buffer.from(
  "\ufeffN° de contrat;Compagnie;E-mail client;Branche;Date d'effet;Échéance;Fractionnement;Prime annuelle HT;Statut\n" +
    Array.from(
      { length: ROWS },
      (_, i) =>
        `P-${i};CA;client${i}@exemple.fr;habitation;01/03/2026;01/03/2027;mensuel;480,00;${i % 2 ? 'en cours' : 'brouillon'}`,
    ).join('\n'),
);

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await run();
  return [performance.now() - start, result];
}
const post = (kind: string, body: Buffer, dryRun: boolean) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/${kind}/import?dryRun=${dryRun}`,
    headers: { ...headers, 'content-type': 'text/csv' },
    payload: body,
  });
const check = (res: { statusCode: number; body: string }) => {
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body.slice(0, 300)}`);
  return res;
};

const [parseMs] = await timed(() => readTabular(clientCsv, 'csv'));
const [clientsDry] = await timed(async () => check(await post('clients', clientCsv, true)));
const [clientsReal] = await timed(async () => check(await post('clients', clientCsv, false)));
const [policiesDry] = await timed(async () => check(await post('policies', policyCsv, true)));
const [policiesReal] = await timed(async () => check(await post('policies', policyCsv, false)));

// Raw baseline: the same number of client rows inserted in batches of 500, no checks.
const [rawInsert] = await timed(async () => {
  for (let start = 0; start < ROWS; start += 500) {
    await database.db.insert(clients).values(
      Array.from({ length: Math.min(500, ROWS - start) }, (_, k) => ({
        organizationId: organization.id,
        kind: 'person' as const,
        firstName: 'Raw',
        lastName: `${start + k}`,
        email: `raw${start + k}-${randomBytes(2).toString('hex')}@exemple.fr`,
        displayName: `Raw ${start + k}`,
        searchText: `raw ${start + k}`,
      })),
    );
  }
});

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
printTable(`Import of ${ROWS} rows (CSV, PGlite; target: 10,000 rows < 10 s)`, [
  { what: 'raw: parse the client CSV', time: s(parseMs) },
  { what: 'raw: batched INSERT of as many clients', time: s(rawInsert) },
  { what: 'clients import, dry run', time: s(clientsDry) },
  { what: 'clients import, real', time: s(clientsReal) },
  { what: 'policies import, dry run (half activated)', time: s(policiesDry) },
  { what: 'policies import, real (schedules made)', time: s(policiesReal) },
]);
await app.close();
await database.close();
