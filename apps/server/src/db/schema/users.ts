import { createdAt, id, organizationId, updatedAt, version } from './columns.ts';
import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const USER_ROLES = ['admin', 'manager', 'broker', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A person who signs in; belongs to exactly one cabinet. */
export const users = pgTable(
  'users',
  {
    id: id(),
    organizationId: organizationId(),
    /** Stored lower-cased: the login identifier, unique across the platform. */
    email: text('email').notNull(),
    fullName: text('full_name').notNull(),
    role: text('role').$type<UserRole>().notNull(),
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    /** Access tokens issued before this instant are refused (deactivation, logout-all, role change). */
    tokensValidAfter: timestamp('tokens_valid_after', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    /** Optimistic concurrency: an update naming an older version is refused (409). */
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    index('users_organization_idx').on(t.organizationId, t.email),
    check('users_role_check', sql`${t.role} in ('admin', 'manager', 'broker', 'viewer')`),
    check('users_email_lowercase', sql`${t.email} = lower(${t.email})`),
  ],
);
