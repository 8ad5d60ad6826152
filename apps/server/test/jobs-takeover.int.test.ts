// A job taken over from a worker that was slow, not dead (a late heartbeat, a long drain on
// SIGTERM), must end as the new owner makes it end: the old owner's late steps write nothing.
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle, PgliteHandle } from '../src/db/client.ts';
import { jobs, organizations } from '../src/db/schema/index.ts';
import { Jobs, type JobContext, type JobsOptions } from '../src/platform/jobs/index.ts';
import { createTestDatabase } from '../src/test-support/database.ts';

let database: DatabaseHandle;
let organizationId: string;
const instances: Jobs[] = [];
let sequence = 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  database = await createTestDatabase();
  const [org] = await database.db
    .insert(organizations)
    .values({ name: 'Cabinet des reprises' })
    .returning();
  organizationId = org!.id;
});

afterEach(async () => {
  await Promise.all(instances.splice(0).map((instance) => instance.stop(2000)));
});

afterAll(async () => {
  await database.close();
});

const connection = () =>
  database.driver === 'pglite'
    ? { pglite: (database as PgliteHandle).client }
    : { url: database.url ?? '' };

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

async function worker(
  type: string,
  run: (context: JobContext) => Promise<Record<string, unknown>>,
  options: Partial<JobsOptions> = {},
) {
  const instance = new Jobs(database.db, connection(), {
    pollingIntervalSeconds: 1,
    staleSeconds: 3,
    concurrency: 1,
    maxAttempts: 5,
    ...options,
  });
  instance.define({ type, expireInSeconds: 600, run });
  instances.push(instance);
  await instance.start({ work: true });
  return instance;
}

async function row(id: string) {
  const [found] = await database.db.select().from(jobs).where(eq(jobs.id, id));
  return found!;
}

async function until(id: string, done: (r: Awaited<ReturnType<typeof row>>) => boolean) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const current = await row(id);
    if (done(current)) return current;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${current.status}`);
    await sleep(100);
  }
}

describe('a job taken over from a worker that was only slow', () => {
  it('is not cancelled when the old owner reaches its next item', async () => {
    const type = `takeover-${++sequence}`;
    const slow = gate();
    const second = gate();
    // The first owner: its heartbeats come every 100 s, as if its event loop were starved.
    const first = await worker(
      type,
      async (context) => {
        await context.progress(1, 3);
        await slow.opened;
        await context.progress(2, 3);
        return { by: 'first' };
      },
      { staleSeconds: 300 },
    );
    const { job } = await first.enqueue(organizationId, type, {});
    await until(job.id, (r) => r.status === 'running' && r.progressDone === 1);
    await database.db
      .update(jobs)
      .set({ heartbeatAt: sql`now() - interval '1 hour'` })
      .where(eq(jobs.id, job.id));
    const taker = await worker(type, async (context) => {
      await context.progress(1, 3);
      await second.opened;
      await context.progress(3, 3);
      return { by: 'taker' };
    });
    expect(await taker.takeOverStale()).toBe(1);
    const taken = await until(job.id, (r) => r.workerId === taker.workerId);
    expect(taken.status).toBe('running');

    // The first owner wakes up: the job is no longer its own.
    slow.open();
    await sleep(500);
    const meanwhile = await row(job.id);
    expect(meanwhile.status).toBe('running');
    expect(meanwhile.workerId).toBe(taker.workerId);

    second.open();
    const done = await until(job.id, (r) => r.status !== 'running');
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ by: 'taker' });
  });

  it('a stopping worker keeps its running job alive while it drains', async () => {
    const type = `drain-${++sequence}`;
    let items = 0;
    const run = async (context: JobContext) => {
      while (items < 3) {
        // One item takes longer than `staleSeconds` (3 s): a chunk of 50 documents can.
        await sleep(4_500);
        items++;
        await context.progress(items, 3);
      }
      return { items };
    };
    const stopping = await worker(type, run);
    const { job } = await stopping.enqueue(organizationId, type, {});
    await until(job.id, (r) => r.status === 'running');
    const other = await worker(type, run);

    await stopping.stop(10_000);
    // Alive until it let go (its heartbeats go on while it drains): never taken over.
    const released = await row(job.id);
    expect(['queued', 'running']).toContain(released.status);
    const done = await until(job.id, (r) => !['queued', 'running'].includes(r.status));
    expect(done.status).toBe('succeeded');
    expect(other.workerId).not.toBe(stopping.workerId);
  }, 40_000);
});
