import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, organizationId } from './columns.ts';
import { users } from './users.ts';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A problem as users read it (French), kept when a job fails. */
export interface JobError {
  title: string;
  detail?: string | undefined;
  /** The problem type slug (`template-render-failed`…), for clients that branch on it. */
  type?: string | undefined;
}

/**
 * A unit of background work as users see it (ADR 0015). The queue (pg-boss) only carries this
 * row's id: status, progress and result live here, where the API and the web app read them.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: id(),
    organizationId: organizationId(),
    type: text('type').notNull(),
    status: text('status').$type<JobStatus>().notNull().default('queued'),
    /** What the handler needs (ids and options, never documents). */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total').notNull().default(0),
    /** Ids of what the job made. */
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: jsonb('error').$type<JobError>(),
    /** Deliveries that started running it (retries and resumptions included). */
    attempts: integer('attempts').notNull().default(0),
    idempotencyKey: text('idempotency_key'),
    createdBy: uuid('created_by').references(() => users.id),
    /** The queue message that runs it now (pg-boss job id). */
    queueJobId: uuid('queue_job_id'),
    /** The process running it, and its last sign of life: a silent one is taken over. */
    workerId: text('worker_id'),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    /** Set by a cancel of a running job: the handler stops at its next item. */
    cancelRequestedAt: timestamp('cancel_requested_at', { withTimezone: true }),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('jobs_org_idempotency_unique')
      .on(t.organizationId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    index('jobs_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    index('jobs_running_heartbeat_idx')
      .on(t.heartbeatAt)
      .where(sql`${t.status} = 'running'`),
    check(
      'jobs_status_check',
      sql`${t.status} in ('queued', 'running', 'succeeded', 'failed', 'cancelled')`,
    ),
    check('jobs_progress_check', sql`${t.progressDone} >= 0 and ${t.progressTotal} >= 0`),
  ],
);
