// A job taken over from a worker that was slow, not dead (a late heartbeat, a long drain on
// SIGTERM), must end as the new owner makes it end: the old owner's late steps write nothing.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jobs } from '../src/db/schema/index.ts';
import type { JobContext, JobsOptions } from '../src/platform/jobs/index.ts';
import { jobsTestBed, TEST_JOBS_OPTIONS } from '../src/test-support/jobs.ts';

const bed = jobsTestBed('Cabinet des reprises');
let sequence = 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  return bed.queue([{ type, expireInSeconds: 600, run }], true, {
    ...TEST_JOBS_OPTIONS,
    ...options,
  });
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
    const { job } = await first.enqueue(bed.organizationId, type, {});
    await bed.until(job.id, (r) => r.status === 'running' && r.progressDone === 1);
    await bed.database.db
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
    const taken = await bed.until(job.id, (r) => r.workerId === taker.workerId);
    expect(taken.status).toBe('running');

    // The first owner wakes up: the job is no longer its own.
    slow.open();
    await sleep(500);
    const meanwhile = await bed.row(job.id);
    expect(meanwhile.status).toBe('running');
    expect(meanwhile.workerId).toBe(taker.workerId);

    second.open();
    const done = await bed.until(job.id, (r) => r.status !== 'running');
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
    const { job } = await stopping.enqueue(bed.organizationId, type, {});
    await bed.until(job.id, (r) => r.status === 'running');
    const other = await worker(type, run);

    await stopping.stop(10_000);
    // Alive until it let go (its heartbeats go on while it drains): never taken over.
    const released = await bed.row(job.id);
    expect(['queued', 'running']).toContain(released.status);
    const done = await bed.until(job.id, (r) => !['queued', 'running'].includes(r.status));
    expect(done.status).toBe('succeeded');
    expect(other.workerId).not.toBe(stopping.workerId);
  }, 40_000);
});
