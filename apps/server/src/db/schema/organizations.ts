import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export interface PostalAddress {
  line1: string;
  line2?: string | undefined;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2, e.g. FR. */
  country: string;
}

/** A cabinet (brokerage firm): the tenant every business row belongs to. */
export const organizations = pgTable('organizations', {
  id: uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  name: text('name').notNull(),
  /** Registration number at ORIAS (the French registry of insurance intermediaries). */
  oriasNumber: text('orias_number'),
  siren: text('siren'),
  address: jsonb('address').$type<PostalAddress>(),
  /** Legal mentions printed at the foot of the cabinet's documents. */
  legalMentions: text('legal_mentions'),
  /** When the starter templates were installed: once per cabinet, never again at boot. */
  startersInstalledAt: timestamp('starters_installed_at', { withTimezone: true }),
  /** Optimistic concurrency of the cabinet's profile. */
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
