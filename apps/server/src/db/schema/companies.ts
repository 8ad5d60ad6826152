import { createdAt, id, organizationId, updatedAt, version } from './columns.ts';
import { jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { PostalAddress } from './organizations.ts';

/** An insurance company (compagnie) the cabinet places business with. */
export const companies = pgTable(
  'companies',
  {
    id: id(),
    organizationId: organizationId(),
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
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('companies_org_code_unique').on(t.organizationId, t.code)],
);
