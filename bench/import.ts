// Import of 10,000 client rows and 10,000 policy rows (CSV) through the HTTP stack, dry run and
// real, next to the raw parse of the same file and a raw batched INSERT of the same rows; then
// another cabinet's list requests while a 50,000-row import runs, next to the same requests idle.
import { randomBytes } from 'node:crypto';
import { openPglite } from '../apps/server/src/db/client.ts';
import { clients } from '../apps/server/src/db/schema/index.ts';
import { CLI_CONTEXT } from '../apps/server/src/modules/audit/index.ts';
import { readTabular } from '../apps/server/src/platform/tabular/tabular.ts';
import { benchCabinet, BENCH_PASSWORD } from './lib/app.ts';
import { percentile, printTable } from './lib/table.ts';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const CONTENTION_ROWS = Number(process.env.BENCH_IMPORT_CONTENTION_ROWS ?? 50_000);
const IDLE_REQUESTS = 200;

const database = await openPglite();
await database.migrate();
// The other cabinet sends hundreds of list requests: the per-IP limit is not what is measured.
const { app, organization, headers } = await benchCabinet(database, 'Cabinet Import', {
  RATE_LIMIT_PER_MINUTE: '1000000',
  USER_RATE_LIMIT_PER_MINUTE: '1000000',
});
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

// Another cabinet with 50 clients of its own lists them, one request after another: idle first,
// then while the first cabinet imports a large file.
const other = await app.services.organizations.createCabinet(
  {
    organizationName: 'Cabinet Voisin',
    email: 'alice@cabinet-voisin.fr',
    password: BENCH_PASSWORD,
    fullName: 'Alice Voisin',
  },
  CLI_CONTEXT,
);
const otherLogin = await app.inject({
  method: 'POST',
  url: '/api/v1/auth/login',
  payload: { email: other.user.email, password: BENCH_PASSWORD },
});
const otherHeaders = { authorization: `Bearer ${otherLogin.json().accessToken as string}` };
check(
  await app.inject({
    method: 'POST',
    url: '/api/v1/clients/import',
    headers: { ...otherHeaders, 'content-type': 'text/csv' },
    payload:
      'Type;Prénom;Nom;E-mail\n' +
      Array.from({ length: 50 }, (_, i) => `personne;Paul;Voisin ${i};voisin${i}@exemple.fr`).join(
        '\n',
      ),
  }),
);
async function otherList(): Promise<number> {
  const start = performance.now();
  const res = await app.inject({ url: '/api/v1/clients?limit=50', headers: otherHeaders });
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body.slice(0, 300)}`);
  return performance.now() - start;
}
const idle: number[] = [];
for (let i = 0; i < IDLE_REQUESTS; i++) idle.push(await otherList());

const largeCsv = Buffer.from(
  '\ufeffType;Civilité;Prénom;Nom;E-mail;Téléphone;Adresse;Code postal;Ville\n' +
    Array.from(
      { length: CONTENTION_ROWS },
      (_, i) =>
        `personne;M.;Jean;Grand ${i};grand${i}@exemple.fr;06 12 34 ${String(i % 100).padStart(2, '0')} 78;${i} rue du Bac;75007;Paris`,
    ).join('\n'),
);
let importing = true;
const during: number[] = [];
const [largeMs] = await timed(async () => {
  const large = post('clients', largeCsv, false).finally(() => {
    importing = false;
  });
  while (importing) {
    const latency = await otherList();
    if (importing) during.push(latency);
  }
  check(await large);
});

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const p95 = (values: number[]) => `p95 ${percentile(values, 95).toFixed(0)} ms`;
printTable(`Import of ${ROWS} rows (CSV, PGlite; target: 10,000 rows < 10 s)`, [
  { what: 'raw: parse the client CSV', time: s(parseMs) },
  { what: 'raw: batched INSERT of as many clients', time: s(rawInsert) },
  { what: 'clients import, dry run', time: s(clientsDry) },
  { what: 'clients import, real', time: s(clientsReal) },
  { what: 'policies import, dry run (half activated)', time: s(policiesDry) },
  { what: 'policies import, real (schedules made)', time: s(policiesReal) },
  { what: `clients import of ${CONTENTION_ROWS} rows, real`, time: s(largeMs) },
  {
    what: `other cabinet: GET /clients, idle (${idle.length} requests; target p95 < 100 ms)`,
    time: p95(idle),
  },
  {
    what: `other cabinet: GET /clients during that import (${during.length} requests)`,
    time: p95(during),
  },
]);
await app.close();
await database.close();
