import { createdAt, id, organizationId, updatedAt, version } from './columns.ts';
import { sql } from 'drizzle-orm';
import { check, date, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { PostalAddress } from './organizations.ts';
import { users } from './users.ts';

export const CLIENT_KINDS = ['person', 'business'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

/** A client of the cabinet: a person or a business. */
export const clients = pgTable(
  'clients',
  {
    id: id(),
    organizationId: organizationId(),
    kind: text('kind').$type<ClientKind>().notNull(),
    civility: text('civility'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    birthDate: date('birth_date', { mode: 'string' }),
    companyName: text('company_name'),
    siren: text('siren'),
    siret: text('siret'),
    legalForm: text('legal_form'),
    email: text('email'),
    phone: text('phone'),
    address: jsonb('address').$type<PostalAddress>(),
    assignedBrokerId: uuid('assigned_broker_id').references(() => users.id),
    notes: text('notes'),
    gdprConsentAt: timestamp('gdpr_consent_at', { withTimezone: true }),
    retentionUntil: date('retention_until', { mode: 'string' }),
    anonymizedAt: timestamp('anonymized_at', { withTimezone: true }),
    /** « Dupré Hélène » or the company name: what lists show and sort by. */
    displayName: text('display_name').notNull(),
    /** Lower-case, accent-free names, e-mail and SIREN: what `q` searches (trigram index). */
    searchText: text('search_text').notNull(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('clients_org_name_idx').on(t.organizationId, t.displayName, t.id),
    index('clients_org_broker_idx').on(t.organizationId, t.assignedBrokerId),
    index('clients_org_city_idx').on(t.organizationId, sql`lower(${t.address}->>'city')`),
    index('clients_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    check('clients_kind_check', sql`${t.kind} in ('person', 'business')`),
  ],
);
