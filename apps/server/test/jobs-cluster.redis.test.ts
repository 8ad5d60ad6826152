// Jobs across processes, as deployed: two API processes that only enqueue (JOBS_INLINE=false) and
// two `monassurance worker` processes, on one PostgreSQL database, one Redis and one file store. A
// worker killed mid-batch is taken over, a worker stopped with SIGTERM hands its job back, and a
// schedule fires once for the whole cluster.
import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.ts';
import { openPostgres, type DatabaseHandle } from '../src/db/client.ts';
import { clients, companies, policies } from '../src/db/schema/index.ts';
import { normalizeSearchText } from '../src/modules/portfolio-domain/index.ts';
import { Jobs } from '../src/platform/jobs/index.ts';
import { cliIo } from '../src/test-support/cli.ts';
import { databaseUrlFor } from '../src/test-support/database.ts';
import { pdfPages } from '../src/test-support/documents.ts';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** This file's own Redis database (emptied at the end). */
const REDIS_DB = 12;
const ROOT = path.resolve(import.meta.dirname, '../../..');
const MAIN = path.join(ROOT, 'apps/server/src/main.ts');
const PASSWORD = 'Correct-Horse-Battery-42';
const POLICIES = 200;
/** Short, for a quick take-over; not so short that a busy live worker looks silent. */
const STALE_SECONDS = 8;
const SHUTDOWN_TIMEOUT_MS = 30_000;
const TERMINAL = ['succeeded', 'failed', 'cancelled'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createDatabase(prefix: string): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`create database "${name}"`));
  return { name, url: databaseUrlFor(ADMIN_URL, name) };
}

async function query<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const dropDatabase = (name: string) =>
  admin((client) => client.query(`drop database if exists "${name}" with (force)`));

function redisUrl(): string {
  const base = process.env.TEST_REDIS_URL;
  if (!base) throw new Error('TEST_REDIS_URL is required for *.redis.test.ts');
  const url = new URL(base);
  url.pathname = `/${REDIS_DB}`;
  return url.toString();
}

/** A `monassurance` process of the cluster, with its log lines as they come. */
interface Member {
  name: string;
  child: ChildProcessByStdio<null, Readable, Readable>;
  pid: number;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The first log line (past or future) matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string>;
}

function start(name: string, command: 'serve' | 'worker', env: NodeJS.ProcessEnv): Member {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, command], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters = new Set<(line: string) => void>();
  const take = (line: string) => {
    lines.push(line);
    for (const waiter of waiters) waiter(line);
  };
  createInterface({ input: child.stdout }).on('line', take);
  createInterface({ input: child.stderr }).on('line', take);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    name,
    child,
    pid: child.pid!,
    lines,
    exited,
    waitFor: (pattern, timeoutMs) =>
      new Promise<string>((resolve, reject) => {
        const found = lines.find((line) => pattern.test(line));
        if (found) return resolve(found);
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${name}: no ${pattern} in ${timeoutMs} ms:\n${lines.join('\n')}`));
        }, timeoutMs);
        const waiter = (line: string) => {
          if (!pattern.test(line)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(line);
        };
        waiters.add(waiter);
        void exited.then(() => {
          if (!waiters.has(waiter)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          reject(new Error(`${name} exited before ${pattern}:\n${lines.join('\n')}`));
        });
      }),
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Every process below `pid` (its Chromium and the helpers Chromium starts). */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

const commandOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};

/** Ends the Chromium processes a killed worker left behind (those still Chromium, by pid). */
async function reapOrphans(pids: number[]): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline && pids.some(alive)) await sleep(200);
  for (const pid of pids) {
    if (alive(pid) && /chrom/i.test(commandOf(pid))) process.kill(pid, 'SIGKILL');
  }
}

/** The process id in a job's worker id (`hostname:pid:random`). */
const pidOf = (workerId: string) => Number(workerId.split(':').at(-2));

/**
 * Two working `Jobs` (as two worker processes have) on a database of their own, with an
 * every-minute schedule. It waits on the clock, not on the CPU: watched while the cluster tests
 * run, judged at the end.
 */
async function watchSchedule(cleanups: (() => Promise<void>)[]) {
  const database = await createDatabase('monassurance_jobs_schedule');
  cleanups.push(async () => {
    await dropDatabase(database.name);
  });
  const migrator = await openPostgres(database.url, 2);
  await migrator.migrate();
  await migrator.close();
  const runs: { instance: number; at: Date }[] = [];
  const instances: Jobs[] = [];
  for (const instance of [1, 2]) {
    const handle = await openPostgres(database.url, 2);
    const jobs = new Jobs(
      handle.db,
      { url: database.url },
      { pollingIntervalSeconds: 1, staleSeconds: STALE_SECONDS, concurrency: 1, maxAttempts: 5 },
    );
    jobs.defineSchedule({
      name: 'cluster-tick',
      cron: '* * * * *',
      run: async () => {
        runs.push({ instance, at: new Date() });
      },
    });
    instances.push(jobs);
    cleanups.unshift(async () => {
      await jobs.stop(5_000);
      await handle.close();
    });
  }
  await Promise.all(instances.map((jobs) => jobs.start({ work: true })));
  // The clock looks every 30 s (once for the cluster), each schedule worker every 10 s.
  const deadline = Date.now() + 75_000;
  while (runs.length === 0 && Date.now() < deadline) await sleep(250);
  // Long enough for both to have looked for it again, short of the clock's next look.
  if (runs.length > 0) await sleep(10_000);
  await Promise.all(instances.map((jobs) => jobs.stop(5_000)));
  const [queued] = await query<{ count: number }>(
    database.url,
    "select count(*)::int as count from pgboss.job where name = 'cluster-tick'",
  );
  return { runs: [...runs], queued: queued!.count };
}

const scheduleCleanups: (() => Promise<void>)[] = [];
let scheduleWatch: ReturnType<typeof watchSchedule> | undefined;

beforeAll(() => {
  scheduleWatch = watchSchedule(scheduleCleanups);
  // Judged by its test; not an unhandled rejection meanwhile.
  scheduleWatch.catch(() => undefined);
});

afterAll(async () => {
  await scheduleWatch?.catch(() => undefined);
  for (const cleanup of scheduleCleanups) await cleanup();
}, 120_000);

describe('a cluster of two API processes and two workers (PostgreSQL, Redis)', () => {
  let database: { name: string; url: string };
  let handle: DatabaseHandle;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const members: Member[] = [];
  const orphans: number[] = [];
  let api1: Member & { url: string };
  let api2: Member & { url: string };
  let workers: Member[];
  let token: string;
  let templateId: string;
  let policyIds: string[];

  const request = async (base: { url: string }, url: string, init: RequestInit = {}) => {
    const res = await fetch(`${base.url}${url}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
    });
    return res;
  };

  const serve = async (name: string) => {
    const member = start(name, 'serve', { ...env, JOBS_INLINE: 'false' });
    members.push(member);
    const line = await member.waitFor(/Server listening at http:\/\/127\.0\.0\.1:\d+/, 120_000);
    const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)![1]!;
    return Object.assign(member, { url });
  };

  const work = async (name: string) => {
    const member = start(name, 'worker', env);
    members.push(member);
    await member.waitFor(/worker started: running jobs and schedules/, 120_000);
    return member;
  };

  const jobRow = async (jobId: string) =>
    (
      await query<{ status: string; worker_id: string | null; attempts: number }>(
        database.url,
        'select status, worker_id, attempts from jobs where id = $1',
        [jobId],
      )
    )[0]!;

  const documentsOf = async (batchId: string) =>
    (
      await query<{ count: number; policies: number }>(
        database.url,
        'select count(*)::int as count, count(distinct policy_id)::int as policies from documents where batch_id = $1',
        [batchId],
      )
    )[0]!;

  const createBatch = async (ids: string[]) => {
    const res = await request(api1, '/api/v1/document-batches', {
      method: 'POST',
      body: JSON.stringify({ templateId, format: 'pdf', policyIds: ids }),
    });
    expect(res.status, await res.clone().text()).toBe(202);
    return (await res.json()) as { id: string; jobId: string; total: number };
  };

  /** Follows the job on the second API process until `until` says stop (or it ends). */
  const follow = async (
    jobId: string,
    until: (job: { status: string; progress: { done: number } }) => boolean,
    timeoutMs: number,
  ) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await request(api2, `/api/v1/jobs/${jobId}`);
      expect(res.status).toBe(200);
      const job = (await res.json()) as {
        status: string;
        attempts: number;
        progress: { done: number; total: number };
        result: Record<string, unknown> | null;
        error: unknown;
      };
      if (until(job) || TERMINAL.includes(job.status)) return job;
      if (Date.now() > deadline) throw new Error(`job still ${JSON.stringify(job)}`);
      await sleep(150);
    }
  };

  /** The worker process running the job now. */
  const runner = async (jobId: string) => {
    const row = await jobRow(jobId);
    expect(row.status).toBe('running');
    const pid = pidOf(row.worker_id ?? '');
    const worker = workers.find((w) => w.pid === pid);
    if (!worker) throw new Error(`job run by ${row.worker_id}, not one of our workers`);
    return { worker, workerId: row.worker_id! };
  };

  const checkBatch = async (batch: { id: string; jobId: string }, count: number) => {
    const job = await follow(batch.jobId, () => false, 150_000);
    expect(job).toMatchObject({
      status: 'succeeded',
      progress: { done: count, total: count },
      result: { batchId: batch.id, documents: count, failed: 0 },
      error: null,
    });
    expect(await documentsOf(batch.id)).toEqual({ count, policies: count });
    const view = (await (await request(api2, `/api/v1/document-batches/${batch.id}`)).json()) as {
      status: string;
      done: number;
      total: number;
      failed: unknown[];
      documentIds: string[];
    };
    expect(view).toMatchObject({ status: 'succeeded', total: count, done: count, failed: [] });
    expect(new Set(view.documentIds).size).toBe(count);
    return job;
  };

  beforeAll(async () => {
    database = await createDatabase('monassurance_jobs_cluster');
    dataDir = mkdtempSync(path.join(tmpdir(), 'jobs-cluster-'));
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        ([key]) =>
          !/^(VITEST|TEST_|DATABASE_|REDIS_|OTEL_|JOBS_|STORAGE_|S3_|MASTER_KEY)/.test(key),
      ),
    );
    env = {
      ...inherited,
      NODE_ENV: 'development',
      DATABASE_URL: database.url,
      DATABASE_POOL_MAX: '5',
      REDIS_URL: redisUrl(),
      MASTER_KEY: randomBytes(32).toString('base64'),
      // One file store for all four (the local driver keeps files under DATA_DIR/files).
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      JOBS_STALE_SECONDS: String(STALE_SECONDS),
      JOBS_POLL_SECONDS: '1',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      RENDERER_POOL_SIZE: '1',
      TEMPLATE_WORKERS: '1',
      AUDIT_CHECKPOINT_MINUTES: '0',
      RATE_LIMIT_PER_MINUTE: '100000',
      USER_RATE_LIMIT_PER_MINUTE: '100000',
    };
    const cliEnv = Object.fromEntries(
      Object.entries({ ...env, LOG_LEVEL: 'silent' }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    // As an operator would: migrate, then onboard the cabinet (its starter templates included).
    const migrate = cliIo(cliEnv);
    expect(await runCli(['migrate'], migrate.io), migrate.err.join('\n')).toBe(0);
    const email = `admin-${randomBytes(3).toString('hex')}@example.fr`;
    const onboard = cliIo(cliEnv);
    const created = [
      'create-admin',
      '--org',
      'Cabinet de la grappe',
      '--email',
      email,
      '--password',
      PASSWORD,
    ];
    expect(await runCli(created, onboard.io), onboard.err.join('\n')).toBe(0);
    const organizationId = /created \(([0-9a-f-]{36})\)/.exec(onboard.out.join('\n'))![1]!;

    // 200 active policies straight into the tables (the API path has its own tests).
    handle = await openPostgres(database.url, 2);
    const [company] = await handle.db
      .insert(companies)
      .values({
        organizationId,
        name: 'Assurances Générales',
        code: 'AG',
        commissionRates: { auto: 1200 },
      })
      .returning({ id: companies.id });
    const clientRows = Array.from({ length: POLICIES }, (_, i) => {
      const first = 'Hélène';
      const last = `Dupré ${i}`;
      const clientEmail = `client${i}@exemple.fr`;
      return {
        organizationId,
        kind: 'person' as const,
        civility: 'Mme',
        firstName: first,
        lastName: last,
        email: clientEmail,
        address: { line1: `${i} rue des Lilas`, postalCode: '69003', city: 'Lyon', country: 'FR' },
        displayName: `${last} ${first}`,
        searchText: normalizeSearchText(`${first} ${last} ${clientEmail}`),
      };
    });
    const clientIds = (
      await handle.db.insert(clients).values(clientRows).returning({ id: clients.id })
    ).map((row) => row.id);
    policyIds = (
      await handle.db
        .insert(policies)
        .values(
          clientIds.map((clientId, i) => ({
            organizationId,
            clientId,
            companyId: company!.id,
            number: `GRAPPE-${String(i).padStart(4, '0')}`,
            productLine: 'auto',
            status: 'active' as const,
            effectiveDate: '2026-01-15',
            renewalDate: '2027-01-15',
            termStart: '2026-01-15',
            paymentFrequency: 'annual',
            annualPremiumCents: 60_000,
            taxRateBps: 900,
            commissionRateBps: 1200,
          })),
        )
        .returning({ id: policies.id })
    ).map((row) => row.id);

    // All four at once, as a deployment starts them.
    const started = await Promise.all([
      serve('api-1'),
      serve('api-2'),
      work('worker-a'),
      work('worker-b'),
    ]);
    [api1, api2, ...workers] = started;

    const login = await fetch(`${api1.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    token = ((await login.json()) as { accessToken: string }).accessToken;
    const templates = (await (await request(api2, '/api/v1/templates')).json()) as {
      items: { id: string; code: string | null }[];
    };
    templateId = templates.items.find((t) => t.code === 'attestation')!.id;
  }, 240_000);

  afterAll(async () => {
    await Promise.all(
      members.map(async (member) => {
        if (member.child.exitCode !== null || member.child.signalCode !== null) return;
        member.child.kill('SIGTERM');
        const timer = setTimeout(() => member.child.kill('SIGKILL'), SHUTDOWN_TIMEOUT_MS + 5_000);
        await member.exited;
        clearTimeout(timer);
      }),
    );
    await reapOrphans(orphans);
    await handle?.close();
    if (database) await dropDatabase(database.name);
    if (process.env.TEST_REDIS_URL) {
      const redis = new Redis(redisUrl());
      await redis.flushdb();
      await redis.quit();
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('makes a 200-document batch exactly once although a worker is killed (SIGKILL) mid-batch', async () => {
    const batch = await createBatch(policyIds);
    expect(batch.total).toBe(POLICIES);

    const midway = await follow(
      batch.jobId,
      (job) => job.status === 'running' && job.progress.done >= 1 && job.progress.done <= 150,
      150_000,
    );
    expect(midway.status, 'the batch ended before a worker could be killed').toBe('running');
    const { worker: victim } = await runner(batch.jobId);
    const survivor = workers.find((w) => w !== victim)!;
    orphans.push(...descendants(victim.pid));
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await reapOrphans(orphans);

    const job = await checkBatch(batch, POLICIES);
    // Delivered again after the take-over: the survivor resumed it (nothing made twice).
    expect(job.attempts).toBeGreaterThanOrEqual(2);
    expect(
      survivor.lines.some((line) => line.includes('jobs of a silent process taken over')),
    ).toBe(true);

    const content = await request(api1, `/api/v1/document-batches/${batch.id}/content`);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('application/pdf');
    expect(pdfPages(Buffer.from(await content.arrayBuffer()))).toBe(POLICIES);

    workers = [survivor];
  }, 180_000);

  it('a worker given SIGTERM mid-batch exits 0 in time and hands its job back to the other', async () => {
    workers.push(await work('worker-c'));
    const taken = (w: Member) =>
      w.lines.filter((line) => line.includes('jobs of a silent process taken over')).length;
    const takenBefore = workers.map(taken);
    const ids = policyIds.slice(0, 150);
    const batch = await createBatch(ids);

    const midway = await follow(
      batch.jobId,
      (job) => job.status === 'running' && job.progress.done >= 1 && job.progress.done <= 100,
      150_000,
    );
    expect(midway.status, 'the batch ended before a worker could be stopped').toBe('running');
    const { worker: stopped, workerId } = await runner(batch.jobId);
    const other = workers.find((w) => w !== stopped)!;
    const asked = Date.now();
    stopped.child.kill('SIGTERM');
    expect(await stopped.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - asked).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(stopped.lines.join('\n')).toContain('SIGTERM received: shutting down');

    // Back in line (or already resumed by the other worker, or finished): never left as ours.
    const row = await jobRow(batch.jobId);
    expect(['queued', 'running', 'succeeded']).toContain(row.status);
    if (row.status === 'running') expect(row.worker_id).not.toBe(workerId);

    const job = await checkBatch(batch, ids.length);
    expect(job.attempts).toBeGreaterThanOrEqual(2);
    // Handed back, not taken over as a silent process's job.
    expect(workers.map(taken)).toEqual(takenBefore);
    expect(other.child.exitCode).toBeNull();
  }, 180_000);
});

describe('a schedule with two working processes', () => {
  it('runs an every-minute schedule once for one minute slot', async () => {
    const { runs, queued } = await scheduleWatch!;
    expect(runs.length, 'the schedule never ran').toBeGreaterThan(0);
    expect(runs).toHaveLength(1);
    // One message for the slot, run by one of the two.
    expect(queued).toBe(1);
  }, 90_000);
});
