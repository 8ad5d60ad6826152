import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { DatabaseHandle, PgliteHandle } from '../db/client.ts';
import { jobs, organizations } from '../db/schema/index.ts';
import { Jobs, type JobDefinition, type JobRow, type JobsOptions } from '../platform/jobs/index.ts';
import type { Metrics } from '../platform/observability/metrics.ts';
import { createTestDatabase } from './database.ts';

/** Short stale delay so that take-overs happen within a test. */
export const TEST_JOBS_OPTIONS: JobsOptions = {
  pollingIntervalSeconds: 1,
  staleSeconds: 3,
  concurrency: 1,
  maxAttempts: 5,
};

/**
 * The queue on a test database of the file (PGlite by default, PostgreSQL with TEST_DATABASE_URL)
 * and one cabinet; every queue a test starts is stopped after it. Each test should use job types
 * of its own, so that other tests' instances never take its jobs.
 */
export function jobsTestBed(cabinet: string) {
  const instances: Jobs[] = [];
  const bed = {
    database: undefined as unknown as DatabaseHandle,
    organizationId: '',
    /** A queue: `work` false only enqueues (an API instance with JOBS_INLINE=false). */
    async queue(
      definitions: JobDefinition[],
      work: boolean,
      options: JobsOptions = TEST_JOBS_OPTIONS,
      deps: { metrics?: Metrics } = {},
    ): Promise<Jobs> {
      const database = bed.database;
      const connection =
        database.driver === 'pglite'
          ? { pglite: (database as PgliteHandle).client }
          : { url: database.url ?? '' };
      const instance = new Jobs(database.db, connection, options, deps);
      for (const definition of definitions) instance.define(definition);
      instances.push(instance);
      await instance.start({ work });
      return instance;
    },
    async row(id: string): Promise<JobRow> {
      const [found] = await bed.database.db.select().from(jobs).where(eq(jobs.id, id));
      if (!found) throw new Error(`job ${id} not found`);
      return found;
    },
    /** Waits until the job's row satisfies `done`. */
    async until(id: string, done: (row: JobRow) => boolean, ms = 20_000): Promise<JobRow> {
      const deadline = Date.now() + ms;
      for (;;) {
        const current = await bed.row(id);
        if (done(current)) return current;
        if (Date.now() > deadline) throw new Error(`job ${id} still ${current.status}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
  beforeAll(async () => {
    bed.database = await createTestDatabase();
    const [org] = await bed.database.db.insert(organizations).values({ name: cabinet }).returning();
    bed.organizationId = org!.id;
  });
  afterEach(async () => {
    await Promise.all(instances.splice(0).map((instance) => instance.stop(2000)));
  });
  afterAll(async () => {
    await bed.database?.close();
  });
  return bed;
}
