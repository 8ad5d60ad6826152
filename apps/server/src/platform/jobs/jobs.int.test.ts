import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jobs } from '../../db/schema/index.ts';
import { jobsTestBed } from '../../test-support/jobs.ts';
import { BusinessRuleError } from '../errors.ts';
import { createMetrics } from '../observability/metrics.ts';
import type { JobContext, JobDefinition } from './index.ts';

// The queue on the test database (PGlite by default, PostgreSQL with TEST_DATABASE_URL).
const bed = jobsTestBed('Cabinet des traitements');
const { queue, row, until } = bed;
let sequence = 0;
const type = () => `test-job-${++sequence}`;

async function queueMessages(name: string): Promise<number> {
  const result = (await bed.database.db.execute(
    sql`select count(*)::int as n from pgboss.job where name = ${name}`,
  )) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]?.n ?? 0);
}

describe('jobs', () => {
  it('runs a job, records its result, progress and timestamps', async () => {
    const name = type();
    const q = await queue(
      [
        {
          type: name,
          expireInSeconds: 60,
          run: async (context) => {
            await context.progress(1, 2);
            await context.progress(2);
            return { made: ['a', 'b'] };
          },
        },
      ],
      true,
    );
    const { job } = await q.enqueue(bed.organizationId, name, { any: 1 }, { total: 2 });
    expect(job.status).toBe('queued');
    const done = await until(job.id, (r) => r.status === 'succeeded');
    expect(done).toMatchObject({
      progressDone: 2,
      progressTotal: 2,
      result: { made: ['a', 'b'] },
      attempts: 1,
      error: null,
    });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt!.getTime()).toBeGreaterThanOrEqual(done.startedAt!.getTime());
  });

  it('a job enqueued in a transaction that rolls back never existed, nor its queue message', async () => {
    const name = type();
    const q = await queue([{ type: name, expireInSeconds: 60, run: async () => ({}) }], false);
    await expect(
      bed.database.db.transaction(async (tx) => {
        await q.enqueue(bed.organizationId, name, {}, { tx: tx as never });
        throw new Error('the business write failed');
      }),
    ).rejects.toThrow('the business write failed');
    expect(await bed.database.db.select().from(jobs).where(eq(jobs.type, name))).toEqual([]);
    expect(await queueMessages(name)).toBe(0);
    // Committed, both are there.
    await bed.database.db.transaction((tx) =>
      q.enqueue(bed.organizationId, name, {}, { tx: tx as never }),
    );
    expect(await bed.database.db.select().from(jobs).where(eq(jobs.type, name))).toHaveLength(1);
    expect(await queueMessages(name)).toBe(1);
  });

  it('the same idempotency key returns the first job and queues nothing more', async () => {
    const name = type();
    const q = await queue([{ type: name, expireInSeconds: 60, run: async () => ({}) }], false);
    const first = await q.enqueue(bed.organizationId, name, { n: 1 }, { idempotencyKey: 'k-1' });
    const second = await q.enqueue(bed.organizationId, name, { n: 2 }, { idempotencyKey: 'k-1' });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.job.id).toBe(first.job.id);
    expect(second.job.payload).toEqual({ n: 1 });
    expect(await queueMessages(name)).toBe(1);
    const other = await q.enqueue(bed.organizationId, name, {}, { idempotencyKey: 'k-2' });
    expect(other.job.id).not.toBe(first.job.id);
  });

  it('retries a transient failure after a backoff, then succeeds', async () => {
    const name = type();
    const tries: number[] = [];
    const q = await queue(
      [
        {
          type: name,
          expireInSeconds: 60,
          retryLimit: 2,
          retryDelaySeconds: 1,
          run: async () => {
            tries.push(Date.now());
            if (tries.length === 1) throw new Error('storage briefly unreachable');
            return { ok: true };
          },
        },
      ],
      true,
    );
    const { job } = await q.enqueue(bed.organizationId, name, {});
    const done = await until(job.id, (r) => r.status === 'succeeded');
    expect(done.attempts).toBe(2);
    expect(done.error).toBeNull();
    expect(tries).toHaveLength(2);
    // The second try waited for the retry delay (1 s), not the next poll.
    expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(900);
  });

  it('fails a job at once on a permanent error, in French, and a retry runs it again', async () => {
    const name = type();
    let fixed = false;
    const q = await queue(
      [
        {
          type: name,
          expireInSeconds: 60,
          retryLimit: 3,
          run: async () => {
            if (!fixed)
              throw new BusinessRuleError('missing-data', 'Le contrat n’a pas de client.');
            return { ok: true };
          },
        },
      ],
      true,
    );
    const { job } = await q.enqueue(bed.organizationId, name, {});
    const failed = await until(job.id, (r) => r.status === 'failed');
    expect(failed.attempts).toBe(1);
    expect(failed.error).toEqual({
      title: 'Règle métier non respectée',
      detail: 'Le contrat n’a pas de client.',
      type: 'missing-data',
    });
    fixed = true;
    const retried = await q.retry(bed.organizationId, job.id);
    expect(retried?.status).toBe('queued');
    const done = await until(job.id, (r) => r.status === 'succeeded');
    expect(done.error).toBeNull();
    expect(done.result).toEqual({ ok: true });
    // Only a failed job is retried.
    expect(await q.retry(bed.organizationId, job.id)).toBeUndefined();
  });

  it('an unexpected error fails the job with a French message once its retries are spent', async () => {
    const name = type();
    const q = await queue(
      [
        {
          type: name,
          expireInSeconds: 60,
          retryLimit: 1,
          retryDelaySeconds: 1,
          run: async () => {
            throw new TypeError('cannot read properties of undefined (secret detail)');
          },
        },
      ],
      true,
    );
    const { job } = await q.enqueue(bed.organizationId, name, {});
    const failed = await until(job.id, (r) => r.status === 'failed');
    expect(failed.attempts).toBe(2);
    expect(failed.error?.title).toBe('Le traitement a échoué.');
    expect(JSON.stringify(failed.error)).not.toContain('secret detail');
  });

  it('cancels a queued job at once, and a running one at its next item', async () => {
    const name = type();
    const items: number[] = [];
    const definition: JobDefinition = {
      type: name,
      expireInSeconds: 60,
      run: async (context: JobContext) => {
        for (let item = 1; item <= 1000; item++) {
          items.push(item);
          await context.progress(item, 1000);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return {};
      },
    };
    const enqueuer = await queue([definition], false);
    const waiting = await enqueuer.enqueue(bed.organizationId, name, {});
    const cancelled = await enqueuer.cancel(bed.organizationId, waiting.job.id);
    expect(cancelled?.status).toBe('cancelled');
    expect(await queueMessages(name)).toBe(1);

    const worker = await queue([definition], true);
    const { job } = await worker.enqueue(bed.organizationId, name, {});
    await until(job.id, (r) => r.progressDone >= 3);
    await worker.cancel(bed.organizationId, job.id);
    const stopped = await until(job.id, (r) => r.status === 'cancelled');
    expect(stopped.progressDone).toBeLessThan(1000);
    expect(items.length).toBeLessThan(1000);
    // The cancelled job in line was never run.
    expect((await row(waiting.job.id)).attempts).toBe(0);
  });

  it('a stopping process puts its running job back in line; another resumes it', async () => {
    const name = type();
    const made = new Set<number>();
    const definition: JobDefinition = {
      type: name,
      expireInSeconds: 60,
      run: async (context) => {
        for (let item = 1; item <= 40; item++) {
          if (made.has(item)) continue; // resumable: what is made stays made
          await new Promise((resolve) => setTimeout(resolve, 25));
          made.add(item);
          await context.progress(made.size, 40);
        }
        return { items: made.size };
      },
    };
    const first = await queue([definition], true);
    const { job } = await first.enqueue(bed.organizationId, name, {});
    await until(job.id, (r) => r.progressDone >= 5);
    await first.stop(5000);
    const released = await row(job.id);
    expect(released.status).toBe('queued');
    expect(released.progressDone).toBeLessThan(40);
    await queue([definition], true);
    const done = await until(job.id, (r) => r.status === 'succeeded');
    expect(done.result).toEqual({ items: 40 });
    expect(done.attempts).toBe(2);
  });

  it("a silent process's job is taken over by another worker", async () => {
    const name = type();
    let runs = 0;
    const definition: JobDefinition = {
      type: name,
      expireInSeconds: 600,
      run: async () => {
        runs++;
        return { runs };
      },
    };
    const enqueuer = await queue([definition], false);
    const { job } = await enqueuer.enqueue(bed.organizationId, name, {});
    // As if a worker had claimed it and been killed: running, heartbeat long past, message gone.
    await bed.database.db
      .update(jobs)
      .set({
        status: 'running',
        attempts: 1,
        workerId: 'dead-host:1',
        heartbeatAt: sql`now() - interval '1 hour'`,
      })
      .where(eq(jobs.id, job.id));
    await bed.database.db.execute(sql`delete from pgboss.job where name = ${name}`);
    const survivor = await queue([definition], true);
    expect(await survivor.takeOverStale()).toBeGreaterThanOrEqual(1);
    const done = await until(job.id, (r) => r.status === 'succeeded');
    expect(done.attempts).toBe(2);
    expect(runs).toBe(1);
  });

  it('counts jobs by type and status, times them, and reports the queue depth', async () => {
    const name = type();
    const metrics = createMetrics({ processMetrics: false });
    const instance = await queue(
      [{ type: name, expireInSeconds: 60, run: async () => ({}) }],
      true,
      undefined,
      { metrics },
    );
    const { job } = await instance.enqueue(bed.organizationId, name, {});
    await until(job.id, (r) => r.status === 'succeeded');
    const text = await metrics.registry.metrics();
    expect(text).toContain(`jobs_total{type="${name}",status="succeeded"} 1`);
    expect(text).toContain(`job_duration_seconds_count{type="${name}"} 1`);
    expect(text).toMatch(/jobs_queue_depth\{state="queued"\} \d+/);
    expect(text).toMatch(/jobs_queue_depth\{state="running"\} \d+/);
  });

  it('a job delivered twice runs once', async () => {
    const name = type();
    let runs = 0;
    const q = await queue(
      [
        {
          type: name,
          expireInSeconds: 60,
          run: async () => {
            runs++;
            return {};
          },
        },
      ],
      true,
    );
    const { job } = await q.enqueue(bed.organizationId, name, {});
    await until(job.id, (r) => r.status === 'succeeded');
    // A second message for the same job (pg-boss is at-least-once).
    await bed.database.db.execute(
      sql`insert into pgboss.job (name, data) values (${name}, ${JSON.stringify({ jobId: job.id })}::jsonb)`,
    );
    q.wake(name);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(runs).toBe(1);
    expect((await row(job.id)).attempts).toBe(1);
  });
});
