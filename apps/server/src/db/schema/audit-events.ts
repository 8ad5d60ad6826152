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
  },
  (t) => [
    index('audit_events_org_seq_idx').on(t.organizationId, t.seq),
    index('audit_events_org_action_idx').on(t.organizationId, t.action, t.occurredAt),
  ],
);
