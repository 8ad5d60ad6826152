import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { PGlite } from '@electric-sql/pglite';
import { and, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type PgBossType from 'pg-boss';
import type { Database } from '../../db/client.ts';
import { jobs, type JobError, type JobStatus } from '../../db/schema/index.ts';
import { AppError, problemTitle } from '../errors.ts';
import type { Metrics } from '../observability/metrics.ts';
import { withSpan } from '../observability/tracing.ts';
import { drizzleQueueSql, PgBoss, pgliteQueueSql, type SqlExecutor } from './queue.ts';

export type JobRow = typeof jobs.$inferSelect;

/** Where the queue lives: the embedded engine (shared with the app) or a PostgreSQL URL. */
export type QueueConnection = { pglite: PGlite } | { url: string };

export interface JobsOptions {
  /** Seconds between two polls of an idle worker. */
  pollingIntervalSeconds: number;
  /** A running job whose process is silent this long is taken over by another (crash). */
  staleSeconds: number;
  /** Jobs one process runs at once (each type has its own line). */
  concurrency: number;
  /** Deliveries of a job that may start before it is failed for good (crashes included). */
  maxAttempts: number;
}

export const DEFAULT_JOBS_OPTIONS: JobsOptions = {
  pollingIntervalSeconds: 1,
  staleSeconds: 30,
  concurrency: 1,
  maxAttempts: 5,
};

/** What a handler is given: its job, and how to report progress and hear a cancel or a stop. */
export interface JobContext {
  readonly job: JobRow;
  /**
   * Records progress, proves the process alive, and throws `JobInterrupted` when the job was
   * cancelled or the process is stopping: call it between items, where stopping is safe.
   */
  progress(done: number, total?: number): Promise<void>;
  /** Throws `JobInterrupted` when the job should stop now (cancelled, process stopping). */
  checkpoint(): Promise<void>;
}

export interface JobDefinition {
  type: string;
  /**
   * The job's work; resumable: a job delivered again (crash, stop, at-least-once delivery) must
   * end with what one delivery would have made. Returns the result (ids of what it made).
   */
  run(context: JobContext): Promise<Record<string, unknown> | undefined>;
  /**
   * One delivery's longest run, in seconds: pg-boss fails a delivery that runs longer (a hung
   * job) and tries again. Keep deliveries short: long work goes in slices (`JobSlice`).
   */
  expireInSeconds: number;
  /** Tries of a failing delivery before the job fails (transient errors only). */
  retryLimit?: number;
  /** Seconds before the first retry; doubled at each one (backoff). Default 5. */
  retryDelaySeconds?: number;
}

export interface ScheduleDefinition {
  name: string;
  /** Five-field cron, Europe/Paris time. */
  cron: string;
  run(): Promise<void>;
}

export interface EnqueueOptions {
  /** The transaction that writes what the job is about: rolled back, the job never existed. */
  tx?: SqlExecutor & Database;
  /** Same key in the same cabinet: the first job is returned, nothing new is queued. */
  idempotencyKey?: string | undefined;
  createdBy?: string | null | undefined;
  total?: number;
}

/**
 * Thrown by `progress`/`checkpoint` to end a delivery early; never a failure. `lost`: another
 * worker took the job over (this process was thought dead); this delivery writes nothing more.
 */
export class JobInterrupted extends Error {
  override name = 'JobInterrupted';
  constructor(readonly reason: 'cancelled' | 'stopping' | 'slice' | 'lost') {
    super(`job ${reason}`);
  }
}

/** Thrown by a handler for a failure that no retry can fix (bad data, a rule): failed at once. */
export class PermanentJobError extends AppError {}

const TERMINAL: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

/** The French problem users read for an error thrown by a handler. */
export function jobErrorOf(error: unknown): JobError {
  if (error instanceof AppError) {
    return { title: problemTitle(error.status), detail: error.message, type: error.slug };
  }
  return {
    title: 'Le traitement a échoué.',
    detail:
      "Une erreur inattendue l'a interrompu ; il a été enregistré dans les journaux du serveur.",
  };
}

/** Errors a client could cause or a rule refuses: trying again changes nothing. */
function isPermanent(error: unknown): boolean {
  return (
    error instanceof PermanentJobError ||
    (error instanceof AppError && error.status >= 400 && error.status < 500 && error.status !== 429)
  );
}

export interface JobsLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * Background jobs (ADR 0015): our `jobs` table is what users see; pg-boss carries job ids between
 * processes (PostgreSQL) or inside the one process (PGlite), retries transient failures, and runs
 * each schedule once per cluster. A process that works jobs proves itself alive on each running
 * job; a silent one's jobs are taken over by another worker.
 */
export class Jobs {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly definitions = new Map<string, JobDefinition>();
  private readonly schedules_: ScheduleDefinition[] = [];
  private boss: PgBossType | undefined;
  private starting: Promise<void> | undefined;
  private working = false;
  private stopping = false;
  private readonly running = new Map<string, Promise<void>>();
  private timers: NodeJS.Timeout[] = [];
  /** Kept until the running jobs are drained: a draining job must not look dead. */
  private heartbeatTimer: NodeJS.Timeout | undefined;
  /** pg-boss worker ids of this process, by job type (to wake them when a job is queued here). */
  private readonly workers = new Map<string, string[]>();
  private readonly listeners = new Set<(row: JobRow) => void>();

  constructor(
    private readonly db: Database,
    private readonly connection: QueueConnection,
    private readonly options: JobsOptions = DEFAULT_JOBS_OPTIONS,
    private readonly deps: { metrics?: Metrics | undefined; log?: JobsLog | undefined } = {},
  ) {}

  /** Declares a job type (before `start`). */
  define(definition: JobDefinition): void {
    this.definitions.set(definition.type, definition);
  }

  /** Declares a schedule (before `start`); it fires once per cluster, in a working process. */
  defineSchedule(schedule: ScheduleDefinition): void {
    this.schedules_.push(schedule);
  }

  /**
   * Connects the queue. `work`: this process runs jobs and schedules (embedded `serve`, `worker`);
   * otherwise it only enqueues (`serve` with `JOBS_INLINE=false`).
   */
  start(mode: { work: boolean }): Promise<void> {
    this.starting ??= this.open(mode.work);
    return this.starting;
  }

  private async open(work: boolean): Promise<void> {
    const connection =
      'pglite' in this.connection
        ? { db: pgliteQueueSql(this.connection.pglite) }
        : { connectionString: this.connection.url, max: work ? 4 : 2 };
    const boss = new PgBoss({
      ...connection,
      application_name: 'monassurance-jobs',
      // Only working processes supervise (expire hung deliveries, archive) and keep the clock.
      supervise: work,
      schedule: work,
      maintenanceIntervalSeconds: 30,
      monitorStateIntervalSeconds: 60,
      // Finished queue messages are kept a day: our `jobs` rows are the history.
      archiveCompletedAfterSeconds: 3600,
      deleteAfterDays: 1,
    } as PgBossType.ConstructorOptions);
    boss.on('error', (error: unknown) =>
      this.deps.log?.error({ err: error }, 'job queue error (it retries by itself)'),
    );
    await boss.start();
    this.boss = boss;
    for (const definition of this.definitions.values()) {
      await this.ensureQueue(definition.type, {
        expireInSeconds: definition.expireInSeconds,
        retryLimit: definition.retryLimit ?? 2,
        retryDelay: definition.retryDelaySeconds ?? 5,
      });
    }
    for (const schedule of this.schedules_) {
      await this.ensureQueue(schedule.name, {
        expireInSeconds: 3600,
        retryLimit: 1,
        retryDelay: 60,
      });
    }
    this.deps.metrics?.trackJobQueue(() => this.depth());
    if (!work) return;
    this.working = true;
    const polling = { pollingIntervalSeconds: this.options.pollingIntervalSeconds };
    for (const definition of this.definitions.values()) {
      const ids: string[] = [];
      this.workers.set(definition.type, ids);
      for (let line = 0; line < this.options.concurrency; line++) {
        const id = await boss.work<{ jobId: string }>(
          definition.type,
          { ...polling, batchSize: 1, includeMetadata: true },
          async ([delivery]) => {
            if (delivery) await this.deliver(definition, delivery);
          },
        );
        ids.push(id);
      }
    }
    for (const schedule of this.schedules_) {
      await boss.schedule(schedule.name, schedule.cron, {}, { tz: 'Europe/Paris' });
      const scheduleWorkers: string[] = [];
      this.workers.set(schedule.name, scheduleWorkers);
      scheduleWorkers.push(
        await boss.work(schedule.name, { ...polling, pollingIntervalSeconds: 10 }, async () => {
          if (this.stopping) throw new Error('stopping');
          await withSpan('job.schedule', { 'job.type': schedule.name }, () => schedule.run());
        }),
      );
    }
    const beat = Math.max(1, Math.floor(this.options.staleSeconds / 3)) * 1000;
    this.heartbeatTimer = setInterval(
      () => void this.heartbeat().catch(() => undefined),
      beat,
    ).unref();
    this.timers.push(
      setInterval(() => void this.takeOverStale().catch(() => undefined), beat).unref(),
    );
  }

  private async ensureQueue(
    name: string,
    settings: { expireInSeconds: number; retryLimit: number; retryDelay: number },
  ): Promise<void> {
    const boss = this.requireBoss();
    const queue = {
      name,
      policy: 'standard' as const,
      retryLimit: settings.retryLimit,
      retryDelay: settings.retryDelay,
      retryBackoff: true,
      expireInSeconds: settings.expireInSeconds,
    };
    // Several processes start at once: creating twice is harmless, updating keeps settings fresh.
    if (await boss.getQueue(name)) await boss.updateQueue(name, queue);
    else await boss.createQueue(name, queue).catch(() => boss.updateQueue(name, queue));
  }

  private requireBoss(): PgBossType {
    if (!this.boss) throw new Error('Jobs.start() was not called');
    return this.boss;
  }

  /**
   * Queues a job for the cabinet: its row and its queue message, in the given transaction (or
   * one of its own). With an idempotency key already used, the first job is returned.
   */
  async enqueue(
    organizationId: string,
    type: string,
    payload: Record<string, unknown>,
    options: EnqueueOptions = {},
  ): Promise<{ job: JobRow; created: boolean }> {
    if (!this.definitions.has(type)) throw new Error(`unknown job type ${type}`);
    const write = async (tx: SqlExecutor & Database) => {
      const queueJobId = randomUUID();
      const [created] = await tx
        .insert(jobs)
        .values({
          organizationId,
          type,
          payload,
          idempotencyKey: options.idempotencyKey ?? null,
          createdBy: options.createdBy ?? null,
          progressTotal: options.total ?? 0,
          queueJobId,
        })
        .onConflictDoNothing()
        .returning();
      if (!created) {
        const [existing] = await tx
          .select()
          .from(jobs)
          .where(
            and(
              eq(jobs.organizationId, organizationId),
              eq(jobs.idempotencyKey, options.idempotencyKey ?? ''),
            ),
          );
        if (!existing) throw new Error('job insert conflicted without an existing job');
        return { job: existing, created: false };
      }
      await this.send(tx, type, created.id, queueJobId);
      return { job: created, created: true };
    };
    const queued = options.tx
      ? await write(options.tx)
      : await this.db.transaction((tx) => write(tx as never));
    // A worker of this process takes it at once rather than at its next poll (committed or not
    // yet: a fetch that finds nothing costs one query).
    if (queued.created) this.wake(type);
    return queued;
  }

  /** Wakes this process's idle workers of a type. */
  wake(type: string): void {
    if (!this.working || !this.boss) return;
    for (const id of this.workers.get(type) ?? []) this.boss.notifyWorker(id);
  }

  private async send(
    executor: SqlExecutor,
    type: string,
    jobId: string,
    queueJobId: string,
  ): Promise<void> {
    await this.requireBoss().send(
      type,
      { jobId },
      { id: queueJobId, db: drizzleQueueSql(executor) },
    );
  }

  /** Subscribes to changes of jobs this process makes (SSE streams poll besides). */
  onChange(listener: (row: JobRow) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(row: JobRow | undefined): void {
    if (!row) return;
    for (const listener of this.listeners) listener(row);
  }

  /**
   * Cancels a job: a queued one at once, a running one at its next item (its handler sees the
   * request at its next `progress`). Finished jobs cannot be cancelled (409).
   */
  async cancel(organizationId: string, id: string): Promise<JobRow | undefined> {
    const [queued] = await this.db
      .update(jobs)
      .set({ status: 'cancelled', finishedAt: sql`now()`, cancelRequestedAt: sql`now()` })
      .where(
        and(eq(jobs.organizationId, organizationId), eq(jobs.id, id), eq(jobs.status, 'queued')),
      )
      .returning();
    if (queued) {
      if (queued.queueJobId) {
        await this.requireBoss()
          .cancel(queued.type, queued.queueJobId)
          .catch(() => undefined);
      }
      this.deps.metrics?.jobsTotal.inc({ type: queued.type, status: 'cancelled' });
      this.changed(queued);
      return queued;
    }
    const [running] = await this.db
      .update(jobs)
      .set({ cancelRequestedAt: sql`coalesce(${jobs.cancelRequestedAt}, now())` })
      .where(
        and(eq(jobs.organizationId, organizationId), eq(jobs.id, id), eq(jobs.status, 'running')),
      )
      .returning();
    this.changed(running);
    return running;
  }

  /** Queues a failed job again (its handler resumes where it stopped). */
  async retry(organizationId: string, id: string): Promise<JobRow | undefined> {
    return this.db.transaction(async (tx) => {
      const queueJobId = randomUUID();
      const [row] = await tx
        .update(jobs)
        .set({
          status: 'queued',
          error: null,
          finishedAt: null,
          cancelRequestedAt: null,
          queueJobId,
          workerId: null,
          heartbeatAt: null,
        })
        .where(
          and(eq(jobs.organizationId, organizationId), eq(jobs.id, id), eq(jobs.status, 'failed')),
        )
        .returning();
      if (!row) return undefined;
      // Attempts count per run: a retried job gets its full allowance again.
      await tx.update(jobs).set({ attempts: 0 }).where(eq(jobs.id, row.id));
      await this.send(tx as never, row.type, row.id, queueJobId);
      this.changed(row);
      return { ...row, attempts: 0 };
    });
  }

  /** One delivery of a job: claim it, run its handler, record how it ended. */
  private async deliver(
    definition: JobDefinition,
    delivery: PgBossType.JobWithMetadata<{ jobId: string }>,
  ): Promise<void> {
    if (this.stopping) throw new JobInterrupted('stopping');
    const stale = `${this.options.staleSeconds} seconds`;
    // A job is ours when it waits, or when this very message is its current one (a slice, a
    // take-over), or when its process went silent. Anything else is a duplicate delivery.
    const [row] = await this.db
      .update(jobs)
      .set({
        status: 'running',
        attempts: sql`${jobs.attempts} + 1`,
        startedAt: sql`coalesce(${jobs.startedAt}, now())`,
        heartbeatAt: sql`now()`,
        workerId: this.workerId,
        queueJobId: delivery.id,
      })
      .where(
        and(
          eq(jobs.id, delivery.data.jobId),
          or(
            eq(jobs.status, 'queued'),
            and(
              eq(jobs.status, 'running'),
              or(
                eq(jobs.queueJobId, delivery.id),
                isNull(jobs.heartbeatAt),
                lt(jobs.heartbeatAt, sql`now() - ${stale}::interval`),
              ),
            ),
          ),
        ),
      )
      .returning();
    if (!row) return; // finished, cancelled, or running elsewhere: nothing to do twice
    if (row.attempts > this.options.maxAttempts) {
      await this.finish(row, 'failed', {
        error: {
          title: 'Le traitement a été interrompu trop souvent.',
          detail: `${row.attempts - 1} tentatives n'ont pas abouti ; relancez-le depuis « Traitements ».`,
        },
      });
      return;
    }
    this.changed(row);
    const started = process.hrtime.bigint();
    const work = this.run(definition, row, delivery).finally(() => {
      this.running.delete(row.id);
      this.deps.metrics?.jobDuration.observe(
        { type: row.type },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    this.running.set(row.id, work);
    await work;
  }

  private async run(
    definition: JobDefinition,
    claimed: JobRow,
    delivery: PgBossType.JobWithMetadata<{ jobId: string }>,
  ): Promise<void> {
    const context = this.contextFor(claimed);
    try {
      const result = await withSpan(
        'job.run',
        { 'job.type': claimed.type, 'job.id': claimed.id, 'job.attempt': claimed.attempts },
        () => definition.run(context),
      );
      await this.finish(claimed, 'succeeded', { result: result ?? {} });
    } catch (error) {
      if (error instanceof JobInterrupted) {
        if (error.reason === 'lost') return;
        if (error.reason === 'cancelled') await this.finish(claimed, 'cancelled', {});
        else await this.requeue(claimed);
        return;
      }
      const retriesLeft = delivery.retryCount < delivery.retryLimit;
      if (isPermanent(error) || !retriesLeft) {
        if (!isPermanent(error))
          this.deps.log?.error({ err: error, jobId: claimed.id }, 'job failed');
        await this.finish(claimed, 'failed', { error: jobErrorOf(error) });
        return;
      }
      this.deps.log?.warn({ err: error, jobId: claimed.id }, 'job failed, it will be retried');
      // Back in line with its error shown; pg-boss delivers this message again after a backoff.
      await this.db
        .update(jobs)
        .set({ status: 'queued', error: jobErrorOf(error), workerId: null, heartbeatAt: null })
        .where(this.mine(claimed));
      throw error;
    }
  }

  private contextFor(claimed: JobRow): JobContext {
    const check = (row: { cancelRequestedAt: Date | null } | undefined) => {
      if (!row) throw new JobInterrupted('lost');
      if (row.cancelRequestedAt) throw new JobInterrupted('cancelled');
      if (this.stopping) throw new JobInterrupted('stopping');
    };
    return {
      job: claimed,
      progress: async (done, total) => {
        const [row] = await this.db
          .update(jobs)
          .set({
            progressDone: done,
            ...(total === undefined ? {} : { progressTotal: total }),
            heartbeatAt: sql`now()`,
          })
          .where(
            and(
              eq(jobs.id, claimed.id),
              eq(jobs.status, 'running'),
              eq(jobs.workerId, this.workerId),
            ),
          )
          .returning();
        this.changed(row);
        check(row);
      },
      checkpoint: async () => {
        const [row] = await this.db
          .select({ cancelRequestedAt: jobs.cancelRequestedAt })
          .from(jobs)
          .where(
            and(
              eq(jobs.id, claimed.id),
              eq(jobs.status, 'running'),
              eq(jobs.workerId, this.workerId),
            ),
          );
        check(row);
      },
    };
  }

  private async finish(
    claimed: JobRow,
    status: 'succeeded' | 'failed' | 'cancelled',
    fields: { result?: Record<string, unknown>; error?: JobError },
  ): Promise<void> {
    const [row] = await this.db
      .update(jobs)
      .set({
        status,
        finishedAt: sql`now()`,
        workerId: null,
        heartbeatAt: null,
        error: fields.error ?? null,
        ...(fields.result ? { result: fields.result } : {}),
      })
      .where(this.mine(claimed))
      .returning();
    if (row) {
      this.deps.metrics?.jobsTotal.inc({ type: row.type, status });
      this.changed(row);
    }
  }

  /**
   * Puts a job back in line with a new queue message: after a slice (so that other cabinets' jobs
   * get their turn) or when this process stops (another process resumes it).
   */
  private async requeue(claimed: JobRow): Promise<void> {
    await this.db.transaction(async (tx) => {
      const queueJobId = randomUUID();
      const [row] = await tx
        .update(jobs)
        .set({ status: 'queued', workerId: null, heartbeatAt: null, queueJobId })
        .where(this.mine(claimed))
        .returning();
      if (!row) return;
      await this.send(tx as never, row.type, row.id, queueJobId);
      this.changed(row);
    });
    if (!this.stopping) this.wake(claimed.type);
  }

  /** The job, while this process still runs it (not finished, not taken over by another). */
  private mine(claimed: JobRow): SQL | undefined {
    return and(
      eq(jobs.id, claimed.id),
      eq(jobs.status, 'running'),
      eq(jobs.workerId, this.workerId),
    );
  }

  /** Proves this process alive on each job it runs. */
  private async heartbeat(): Promise<void> {
    if (this.running.size === 0) return;
    await this.db
      .update(jobs)
      .set({ heartbeatAt: sql`now()` })
      .where(
        and(
          inArray(jobs.id, [...this.running.keys()]),
          eq(jobs.status, 'running'),
          eq(jobs.workerId, this.workerId),
        ),
      );
  }

  /**
   * Jobs whose process went silent (killed, machine lost) get a new queue message: the next free
   * worker resumes them, long before pg-boss would expire the dead delivery.
   */
  async takeOverStale(): Promise<number> {
    const boss = this.requireBoss();
    const stale = `${this.options.staleSeconds} seconds`;
    let count = 0;
    await this.db.transaction(async (tx) => {
      const rows = await tx
        .update(jobs)
        .set({ heartbeatAt: sql`now()`, workerId: null, queueJobId: sql`gen_random_uuid()` })
        .where(
          and(eq(jobs.status, 'running'), lt(jobs.heartbeatAt, sql`now() - ${stale}::interval`)),
        )
        .returning();
      for (const row of rows) {
        if (!row.queueJobId) continue;
        await boss.send(
          row.type,
          { jobId: row.id },
          { id: row.queueJobId, db: drizzleQueueSql(tx) },
        );
        count++;
      }
    });
    if (count > 0) this.deps.log?.warn({ jobs: count }, 'jobs of a silent process taken over');
    return count;
  }

  /** Jobs waiting and running now, for the queue-depth gauge. */
  async depth(): Promise<Record<string, number>> {
    const rows = await this.db
      .select({ status: jobs.status, count: sql<number>`count(*)::int` })
      .from(jobs)
      .where(inArray(jobs.status, ['queued', 'running']))
      .groupBy(jobs.status);
    const counts: Record<string, number> = { queued: 0, running: 0 };
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  /** The schedules declared (their `run` is what fires; tests call it directly). */
  get schedules(): readonly ScheduleDefinition[] {
    return this.schedules_;
  }

  /** Whether this process runs jobs. */
  get isWorking(): boolean {
    return this.working;
  }

  /**
   * Stops taking jobs; running ones stop at their next item and go back in line for another
   * process (or this one after a restart), waiting at most `timeoutMs` for them.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.starting?.catch(() => undefined);
    const boss = this.boss;
    if (!boss) return;
    for (const ids of this.workers.values()) {
      for (const id of ids) await boss.offWork({ id }).catch(() => undefined);
    }
    const running = [...this.running.values()];
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(running),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    clearInterval(this.heartbeatTimer);
    await boss
      .stop({ graceful: false, wait: true, close: true, timeout: 1000 })
      .catch(() => undefined);
    this.boss = undefined;
  }

  static isTerminal(status: JobStatus): boolean {
    return TERMINAL.includes(status);
  }
}
