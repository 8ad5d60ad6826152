import { createdAt, id, organizationId } from './columns.ts';
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.ts';

/** A sign-in on one device: the family of refresh tokens that rotate from one login. */
export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    organizationId: organizationId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    deviceLabel: text('device_label').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
    /** The family dies at this instant whatever its use (absolute lifetime). */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** logout, logout_all, revoked_by_user, reuse_detected, deactivated, password_changed */
    revokedReason: text('revoked_reason'),
  },
  (t) => [
    index('sessions_user_idx').on(t.userId, t.createdAt),
    index('sessions_revoked_idx').on(t.revokedAt),
  ],
);
