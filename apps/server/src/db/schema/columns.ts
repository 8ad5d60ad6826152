import { sql } from 'drizzle-orm';
import { integer, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations.ts';

/** Columns every business table shares. */

export const id = () =>
  uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`);

/** The cabinet the row belongs to: every query is scoped by it. */
export const organizationId = () =>
  uuid('organization_id')
    .notNull()
    .references(() => organizations.id);

/** Optimistic concurrency: an update naming an older version is refused. */
export const version = () => integer('version').notNull().default(1);

export const createdAt = () =>
  timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
