import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { jobs, type JobStatus } from '../../db/schema/index.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { Jobs, type JobRow } from '../../platform/jobs/index.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import type { ActorContext, PortfolioScope } from '../../platform/request-context.ts';
import { recordAudit } from '../audit/index.ts';

export function viewOfJob(row: JobRow) {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    progress: { done: row.progressDone, total: row.progressTotal },
    result: row.result ?? null,
    error: row.error ?? null,
    attempts: row.attempts,
    createdBy: row.createdBy,
    cancelRequested: row.cancelRequestedAt !== null,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
export type JobView = ReturnType<typeof viewOfJob>;

const NOT_FOUND = () => new NotFoundError("Ce traitement n'existe pas.");

/** A broker sees the jobs they started; managers and admins see the cabinet's. */
function visible(scope: PortfolioScope): SQL | undefined {
  const cabinet = eq(jobs.organizationId, scope.organizationId);
  return scope.role === 'broker' ? and(cabinet, eq(jobs.createdBy, scope.userId)) : cabinet;
}

/** The jobs users see, cancel and retry (the queue itself is `platform/jobs`). */
export class JobsService {
  constructor(
    private readonly db: Database,
    private readonly jobs: Jobs,
  ) {}

  async list(
    scope: PortfolioScope,
    filters: { status?: JobStatus | undefined; type?: string | undefined },
    query: { limit: number; cursor?: string | undefined },
  ) {
    const after = query.cursor
      ? decodeCursor<{ createdAt: string; id: string }>(query.cursor, ['createdAt', 'id'])
      : undefined;
    const rows = await this.db
      .select()
      .from(jobs)
      .where(
        and(
          visible(scope),
          filters.status ? eq(jobs.status, filters.status) : undefined,
          filters.type ? eq(jobs.type, filters.type) : undefined,
          after
            ? or(
                lt(jobs.createdAt, new Date(after.createdAt)),
                and(eq(jobs.createdAt, new Date(after.createdAt)), lt(jobs.id, after.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(jobs.createdAt), desc(jobs.id))
      .limit(query.limit + 1);
    return pageOf(rows, query.limit, viewOfJob, (last) => ({
      createdAt: last.createdAt.toISOString(),
      id: last.id,
    }));
  }

  async row(scope: PortfolioScope, id: string): Promise<JobRow> {
    const [row] = await this.db
      .select()
      .from(jobs)
      .where(and(visible(scope), eq(jobs.id, id)));
    if (!row) throw NOT_FOUND();
    return row;
  }

  async get(scope: PortfolioScope, id: string): Promise<JobView> {
    return viewOfJob(await this.row(scope, id));
  }

  /** A queued job is cancelled at once; a running one stops at its next item. */
  async cancel(scope: PortfolioScope, context: ActorContext, id: string): Promise<JobView> {
    const row = await this.row(scope, id);
    if (Jobs.isTerminal(row.status)) {
      throw new ConflictError(
        'job-finished',
        `Ce traitement est ${STATUS_LABELS[row.status]} : il ne peut plus être annulé.`,
      );
    }
    const updated =
      (await this.jobs.cancel(scope.organizationId, id)) ?? (await this.row(scope, id));
    await this.db.transaction((tx) =>
      recordAudit(tx, context, {
        action: 'job.cancelled',
        targetType: 'job',
        targetId: id,
        changes: { type: row.type, status: row.status },
      }),
    );
    return viewOfJob(updated);
  }

  /** A failed job goes back in line; it resumes where it stopped. */
  async retry(scope: PortfolioScope, context: ActorContext, id: string): Promise<JobView> {
    const row = await this.row(scope, id);
    if (row.status !== 'failed') {
      throw new ConflictError(
        'job-not-failed',
        `Seul un traitement en échec peut être relancé ; celui-ci est ${STATUS_LABELS[row.status]}.`,
      );
    }
    const updated = await this.jobs.retry(scope.organizationId, id);
    if (!updated)
      throw new ConflictError(
        'job-changed',
        "Ce traitement vient de changer d'état : rechargez-le.",
      );
    await this.db.transaction((tx) =>
      recordAudit(tx, context, {
        action: 'job.retried',
        targetType: 'job',
        targetId: id,
        changes: { type: row.type },
      }),
    );
    this.jobs.wake(row.type);
    return viewOfJob(updated);
  }

  /**
   * The job's states as they change, ending with its final one: changes made in this process
   * arrive at once, others' at the next poll.
   */
  async *follow(
    scope: PortfolioScope,
    id: string,
    options: { pollMs?: number; signal?: AbortSignal } = {},
  ): AsyncGenerator<JobView> {
    let current = await this.row(scope, id);
    let wake: (() => void) | undefined;
    const off = this.jobs.onChange((row) => {
      if (row.id === id) wake?.();
    });
    const abort = () => wake?.();
    options.signal?.addEventListener('abort', abort);
    try {
      let last = '';
      for (;;) {
        const view = viewOfJob(current);
        const key = JSON.stringify(view);
        if (key !== last) {
          last = key;
          yield view;
        }
        if (Jobs.isTerminal(current.status) || options.signal?.aborted) return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.pollMs ?? 1000);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        if (options.signal?.aborted) return;
        current = await this.row(scope, id);
      }
    } finally {
      off();
      options.signal?.removeEventListener('abort', abort);
    }
  }
}

const STATUS_LABELS: Record<JobStatus, string> = {
  queued: 'en attente',
  running: 'en cours',
  succeeded: 'terminé',
  failed: 'en échec',
  cancelled: 'annulé',
};
