// Audit log costs: the append overhead per audited request, chain verification over many events
// (target: 1M events < 10 s) and export throughput — on PostgreSQL, next to raw baselines.
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openPostgres } from '../apps/server/src/db/client.ts';
import { auditEvents } from '../apps/server/src/db/schema/index.ts';
import { AuditService, chainHash, exportLines } from '../apps/server/src/modules/audit/index.ts';
import { openChainKey } from '../apps/server/src/modules/audit/audit.keys.ts';
import {
  chainEventsAfter,
  chainKeyRow,
} from '../apps/server/src/modules/audit/audit.repository.ts';
import { AUDIT_PAGE_SIZE } from '../apps/server/src/modules/audit/audit.verify.ts';
import { benchCabinet } from './lib/app.ts';
import { printTable } from './lib/table.ts';

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
// The master key bench/lib/app.ts starts the services with.
const BENCH_MASTER_KEY = Buffer.alloc(32, 7);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
const name = `monassurance_bench_audit_${randomBytes(4).toString('hex')}`;
await admin.query(`create database "${name}"`);
const url = new URL(ADMIN_URL);
url.pathname = `/${name}`;
const database = await openPostgres(url.toString(), 4);
try {
  await database.migrate();
  // One user sends thousands of requests here: the rate limits have their own tests.
  const { app, organization, user, headers } = await benchCabinet(database, 'Cabinet Audit', {
    RATE_LIMIT_PER_MINUTE: '1000000',
    USER_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const company = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers,
      payload: { name: 'C', code: 'C' },
    })
  ).json();

  // 1. Append overhead: an audited PATCH versus an unaudited read of the same row.
  const time = async (run: () => Promise<unknown>) => {
    const out: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const start = performance.now();
      await run();
      out.push(performance.now() - start);
    }
    return out.sort((a, b) => a - b);
  };
  let n = 0;
  const read = await time(() => app.inject({ url: `/api/v1/companies/${company.id}`, headers }));
  const write = await time(() =>
    app.inject({
      method: 'PATCH',
      url: `/api/v1/companies/${company.id}`,
      headers,
      payload: { brokerCode: `B${n++}` },
    }),
  );
  const rawInsert = await time(() =>
    database.db.insert(auditEvents).values({
      id: randomUUID(),
      organizationId: null,
      action: 'bench.raw',
      occurredAt: new Date(),
    }),
  );
  const p = (v: number[], q: number) => v[Math.floor((q / 100) * v.length)]!.toFixed(2);

  // 2. A long chain for the organization, built the way appends build it (HMACs with the chain
  // key, ADR 0013), inserted in batches.
  const keyRow = await chainKeyRow(database.db);
  if (!keyRow) throw new Error('the services did not key the audit chains');
  const chainKey = openChainKey(BENCH_MASTER_KEY, keyRow.version, keyRow.sealedKey);
  const seedStart = performance.now();
  let prev: string | null =
    (await app.services.audit.list({ organizationId: organization.id }, { limit: 1 }))[0]?.hash ??
    null;
  for (let start = 0; start < EVENTS; start += 2000) {
    const rows = [];
    for (let k = 0; k < Math.min(2000, EVENTS - start); k++) {
      const row = {
        id: randomUUID(),
        organizationId: organization.id,
        actorId: user.id,
        actorIp: '10.0.0.1',
        userAgent: 'Mozilla/5.0',
        action: 'client.updated',
        targetType: 'client',
        targetId: randomUUID(),
        changes: { notes: { before: null, after: `n${start + k}` } },
        requestId: randomUUID(),
        traceId: null,
        occurredAt: new Date(Date.UTC(2026, 0, 1) + (start + k) * 1000),
      };
      const hash = chainHash(chainKey, prev, row);
      rows.push({ ...row, prevHash: prev, hash });
      prev = hash;
    }
    await database.db.insert(auditEvents).values(rows);
  }
  const seedS = (performance.now() - seedStart) / 1000;
  // As autovacuum would after such a load: statistics for the planner, and every row's commit
  // recorded in its page (hint bits). Without it the first full read after the load rewrites
  // every page of the table, and whichever step of this bench runs first pays for it.
  await database.db.execute(sql`vacuum analyze audit_events`);

  const verifyStart = performance.now();
  const verdict = await app.services.audit.verify(organization.id);
  const verifyS = (performance.now() - verifyStart) / 1000;
  if (!verdict.valid) throw new Error(`chain invalid: ${JSON.stringify(verdict)}`);
  // The same check in one thread, as embedded mode (PGlite) or AUDIT_VERIFY_WORKERS=1 runs it.
  const oneThreadStart = performance.now();
  const oneThreadService = new AuditService({
    db: database.db,
    signer: app.services.keys,
    masterKey: BENCH_MASTER_KEY,
    anchors: app.services.objects,
  });
  await oneThreadService.open();
  const oneThread = await oneThreadService.verify(organization.id);
  const oneThreadS = (performance.now() - oneThreadStart) / 1000;
  if (oneThread.checked !== verdict.checked) throw new Error('verifications disagree');

  // Raw baselines: the rows verify reads, without hashing them; and every event as the ORM maps
  // it (what exports read).
  const chainStart = performance.now();
  let chainRows = 0;
  for (let afterSeq = 0; ;) {
    const page = await chainEventsAfter(database.db, organization.id, afterSeq, AUDIT_PAGE_SIZE);
    chainRows += page.length;
    if (page.length < AUDIT_PAGE_SIZE) break;
    afterSeq = page.at(-1)!.seq;
  }
  const chainReadS = (performance.now() - chainStart) / 1000;
  const rawStart = performance.now();
  let rawRows = 0;
  for await (const e of app.services.audit.stream({ organizationId: organization.id }))
    rawRows += e.seq > 0 ? 1 : 0;
  const rawScanS = (performance.now() - rawStart) / 1000;

  // Filtered pages of the audit log as an auditor browses it, at this volume (target p95 < 200 ms).
  const someTarget = (
    await app.services.audit.list({ organizationId: organization.id }, { limit: 1 })
  )[0]?.targetId;
  const pages: [string, string][] = [
    ['first page', '/api/v1/audit-events?limit=50'],
    ['action filter', '/api/v1/audit-events?action=client.updated&limit=50'],
    ['actor filter', `/api/v1/audit-events?actorId=${user.id}&limit=50`],
    ['target filter', `/api/v1/audit-events?targetType=client&targetId=${someTarget}&limit=50`],
    [
      'time window',
      '/api/v1/audit-events?from=2026-01-05T00:00:00Z&to=2026-01-06T00:00:00Z&limit=50',
    ],
    ['rare action', '/api/v1/audit-events?action=company.updated&limit=50'],
  ];
  const listRows = [];
  for (const [what, url] of pages) {
    const samples = await time(async () => {
      const res = await app.inject({ url, headers });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
    });
    listRows.push({ what, p50: `${p(samples, 50)} ms`, p95: `${p(samples, 95)} ms` });
  }

  const exportStart = performance.now();
  let bytes = 0;
  for await (const chunk of exportLines(
    app.services.audit.stream({ organizationId: organization.id }),
    'csv',
  ))
    bytes += Buffer.byteLength(chunk);
  const exportS = (performance.now() - exportStart) / 1000;

  printTable(`Audit append overhead (PostgreSQL, ${REQUESTS} requests each)`, [
    {
      what: 'raw: INSERT of one audit row',
      p50: `${p(rawInsert, 50)} ms`,
      p95: `${p(rawInsert, 95)} ms`,
    },
    { what: 'GET /companies/{id} (no audit)', p50: `${p(read, 50)} ms`, p95: `${p(read, 95)} ms` },
    {
      what: 'PATCH /companies/{id} (audited, chained)',
      p50: `${p(write, 50)} ms`,
      p95: `${p(write, 95)} ms`,
    },
  ]);
  printTable(
    `Audit chain of ${verdict.checked.toLocaleString('en')} events (PostgreSQL; target verify 1M < 10 s; seeded in ${seedS.toFixed(1)} s)`,
    [
      {
        what: `raw: read every event (keyset pages of ${AUDIT_PAGE_SIZE.toLocaleString('en')})`,
        time: `${rawScanS.toFixed(2)} s`,
        rate: `${Math.round(rawRows / rawScanS).toLocaleString('en')} ev/s`,
      },
      {
        what: `raw: read the rows verify hashes (pages of ${AUDIT_PAGE_SIZE.toLocaleString('en')})`,
        time: `${chainReadS.toFixed(2)} s`,
        rate: `${Math.round(chainRows / chainReadS).toLocaleString('en')} ev/s`,
      },
      {
        what: 'verify the chain, one thread',
        time: `${oneThreadS.toFixed(2)} s`,
        rate: `${Math.round(verdict.checked / oneThreadS).toLocaleString('en')} ev/s`,
      },
      {
        what: `verify the chain, ${availableParallelism()} cores (default AUDIT_VERIFY_WORKERS)`,
        time: `${verifyS.toFixed(2)} s`,
        rate: `${Math.round(verdict.checked / verifyS).toLocaleString('en')} ev/s`,
      },
      {
        what: 'export as CSV',
        time: `${exportS.toFixed(2)} s`,
        rate: `${(bytes / 1024 / 1024 / exportS).toFixed(1)} MiB/s`,
      },
    ],
  );
  printTable(
    `Filtered audit pages over ${verdict.checked.toLocaleString('en')} events (HTTP, PostgreSQL; target p95 < 200 ms)`,
    listRows,
  );
  await app.close();
} finally {
  await database.close();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
