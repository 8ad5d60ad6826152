import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations.ts';

/** Append-only record of who did what. `organization_id` null: a platform event (operator CLI). */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    /** Insertion order, the order of the (future) hash chain. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    actorId: uuid('actor_id'),
    actorIp: text('actor_ip'),
    userAgent: text('user_agent'),
    /** `<entity>.<past verb>`: auth.login, user.created, … */
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    changes: jsonb('changes').$type<Record<string, unknown>>(),
    requestId: text('request_id'),
    traceId: text('trace_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    /** Hash of the previous event of the same chain (cabinet, or the platform when null). */
    prevHash: text('prev_hash'),
    /** SHA-256 of prevHash and this event's canonical content: any edit or deletion shows. */
    hash: text('hash'),
  },
  (t) => [
    index('audit_events_org_seq_idx').on(t.organizationId, t.seq),
    // The listing's order (occurred_at, seq) after each filter's equality columns: a filtered page
    // is the first rows of one index range, read backwards.
    index('audit_events_org_action_time_idx').on(t.organizationId, t.action, t.occurredAt, t.seq),
    index('audit_events_org_actor_time_idx').on(t.organizationId, t.actorId, t.occurredAt, t.seq),
    index('audit_events_org_target_time_idx').on(
      t.organizationId,
      t.targetType,
      t.targetId,
      t.occurredAt,
      t.seq,
    ),
    index('audit_events_org_time_seq_idx').on(t.organizationId, t.occurredAt, t.seq),
  ],
);

/**
 * A signed statement of a chain's head at some point (after a verification or a purge), like
 * CloudTrail's digest files: the chain up to `lastSeq` hashed to `lastHash`. Events at or before a
 * purge checkpoint may be gone; the chain restarts from its hash.
 */
export const auditCheckpoints = pgTable(
  'audit_checkpoints',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id').references(() => organizations.id),
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
    lastHash: text('last_hash').notNull(),
    /** verified: the chain was checked up to here; purge: events up to here were deleted. */
    reason: text('reason').notNull(),
    kid: text('kid').notNull(),
    signature: text('signature').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_checkpoints_org_idx').on(t.organizationId, t.lastSeq)],
);
