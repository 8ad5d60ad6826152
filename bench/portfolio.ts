// Portfolio reads on a realistic cabinet (50,000 clients, 100,000 policies by default): client
// list, accent-insensitive search, filters, policy list — through the HTTP stack, on PGlite and on
// PostgreSQL, each next to the raw SQL of the same page measured in the same run.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { openPglite, openPostgres, type DatabaseHandle } from '../apps/server/src/db/client.ts';
import { CLI_CONTEXT } from '../apps/server/src/modules/audit/index.ts';
import { seedPortfolio } from './lib/seed.ts';
import { percentile, printTable, sample } from './lib/table.ts';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50_000);
const POLICIES = Number(process.env.BENCH_POLICIES ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const PG_ADMIN_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'Bench-Phrase-De-Passe-42';

const fmt = (v: number) => `${v.toFixed(2)} ms`;

async function measure(label: string, database: DatabaseHandle) {
  const seedStart = performance.now();
  // One user sends thousands of requests here: the rate limits have their own tests.
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    RATE_LIMIT_PER_MINUTE: '1000000',
    USER_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const app = await buildApp(config, {
    database,
    secrets: { masterKey: Buffer.alloc(32, 5) },
  });
  await app.services.start();
  const { organization } = await app.services.organizations.createCabinet(
    {
      organizationName: 'Cabinet Perf',
      email: `perf-${randomBytes(3).toString('hex')}@cabinet-perf.fr`,
      password: PASSWORD,
      fullName: 'Alice Martin',
    },
    CLI_CONTEXT,
  );
  await seedPortfolio(database.db, organization.id, { clients: CLIENTS, policies: POLICIES });
  await database.db.execute(sql`analyze`);
  const seedMs = performance.now() - seedStart;
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: {
      email: (
        await app.services.users.list(
          { userId: '', organizationId: organization.id, role: 'admin' },
          { limit: 1 },
        )
      ).items[0]!.email,
      password: PASSWORD,
    },
  });
  const headers = { authorization: `Bearer ${login.json().accessToken}` };
  const get = (url: string) => app.inject({ url, headers });
  const queries: [string, string, () => Promise<unknown>][] = [
    [
      'clients, first page',
      '/api/v1/clients?limit=50',
      () =>
        database.db.execute(
          sql`select * from clients where organization_id = ${organization.id} order by display_name, id limit 51`,
        ),
    ],
    [
      'clients, search "helene dupre"',
      '/api/v1/clients?q=helene%20dupre&limit=50',
      () =>
        database.db.execute(
          sql`select * from clients where organization_id = ${organization.id} and search_text like '%helene%' and search_text like '%dupre%' order by display_name, id limit 51`,
        ),
    ],
    [
      'clients, search "client4242"',
      '/api/v1/clients?q=client4242&limit=50',
      () =>
        database.db.execute(
          sql`select * from clients where organization_id = ${organization.id} and search_text like '%client4242%' order by display_name, id limit 51`,
        ),
    ],
    [
      'clients, city filter',
      '/api/v1/clients?city=Lyon&limit=50',
      () =>
        database.db.execute(
          sql`select * from clients where organization_id = ${organization.id} and lower(address->>'city') = 'lyon' order by display_name, id limit 51`,
        ),
    ],
    [
      'policies, active, first page',
      '/api/v1/policies?status=active&limit=50',
      () =>
        database.db.execute(
          sql`select * from policies where organization_id = ${organization.id} and status = 'active' order by number, id limit 51`,
        ),
    ],
    [
      'premiums due in a month, first page + totals',
      '/api/v1/premiums?dueFrom=2026-11-01&dueTo=2026-11-30&limit=50',
      async () => {
        const month = sql`organization_id = ${organization.id} and due_date between '2026-11-01' and '2026-11-30'`;
        await database.db.execute(
          sql`select * from premiums where ${month} order by due_date, id limit 51`,
        );
        await database.db.execute(
          sql`select count(*), sum(amount_cents), sum(tax_cents), sum(total_cents), sum(commission_cents) from premiums where ${month}`,
        );
      },
    ],
  ];
  const rows: Record<string, string | number>[] = [];
  for (const [what, url, raw] of queries) {
    const rawSamples = await sample(REQUESTS, () => raw());
    const httpSamples = await sample(REQUESTS, async () => {
      const res = await get(url);
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    });
    rows.push({
      database: label,
      what,
      'raw SQL p50': fmt(percentile(rawSamples, 50)),
      'raw SQL p95': fmt(percentile(rawSamples, 95)),
      'HTTP p50': fmt(percentile(httpSamples, 50)),
      'HTTP p95': fmt(percentile(httpSamples, 95)),
    });
  }
  await app.close();
  return { rows, seedMs };
}

const results: Record<string, string | number>[] = [];
const seeds: string[] = [];

const lite = await openPglite();
await lite.migrate();
const onLite = await measure('PGlite', lite);
results.push(...onLite.rows);
seeds.push(`PGlite seed ${(onLite.seedMs / 1000).toFixed(1)} s`);
await lite.close();

const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
const name = `monassurance_bench_${randomBytes(4).toString('hex')}`;
try {
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const onPg = await openPostgres(url.toString(), 4);
  await onPg.migrate();
  const r = await measure('PostgreSQL', onPg);
  results.push(...r.rows);
  seeds.push(`PostgreSQL seed ${(r.seedMs / 1000).toFixed(1)} s`);
  await onPg.close();
  await admin.query(`drop database if exists "${name}" with (force)`);
} catch (error) {
  console.log(`(PostgreSQL at ${PG_ADMIN_URL} unavailable: ${(error as Error).message})`);
} finally {
  await admin.end().catch(() => undefined);
}

printTable(
  `Portfolio reads, ${CLIENTS} clients / ${POLICIES} policies, ${REQUESTS} requests each (${seeds.join(', ')}; target: search p95 < 50 ms on PostgreSQL)`,
  results,
);
