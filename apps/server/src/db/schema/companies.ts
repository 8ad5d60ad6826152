import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { PostalAddress } from './organizations.ts';
import { organizations } from './organizations.ts';

/** An insurance company (compagnie) the cabinet places business with. */
export const companies = pgTable(
  'companies',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    /** Short code, unique in the cabinet (used by reports and imports). */
    code: text('code').notNull(),
    /** The cabinet's own code at this company. */
    brokerCode: text('broker_code'),
    contactEmail: text('contact_email'),
    contactPhone: text('contact_phone'),
    address: jsonb('address').$type<PostalAddress>(),
    /** Default commission rate by product line, in basis points (1500 = 15 %). */
    commissionRates: jsonb('commission_rates')
      .$type<Record<string, number>>()
      .notNull()
      .default({}),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('companies_org_code_unique').on(t.organizationId, t.code)],
);
