import { createdAt, id, organizationId, updatedAt, version } from './columns.ts';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { clients } from './clients.ts';
import { companies } from './companies.ts';

export const POLICY_STATUSES = ['draft', 'active', 'suspended', 'cancelled', 'expired'] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

/** An insurance policy (contrat) of a client at a company. */
export const policies = pgTable(
  'policies',
  {
    id: id(),
    organizationId: organizationId(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id),
    number: text('number').notNull(),
    productLine: text('product_line').notNull(),
    status: text('status').$type<PolicyStatus>().notNull().default('draft'),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    /** Échéance principale: the next renewal date. */
    renewalDate: date('renewal_date', { mode: 'string' }).notNull(),
    /** Start of the current term (the effective date, then each renewal). */
    termStart: date('term_start', { mode: 'string' }).notNull(),
    tacitRenewal: boolean('tacit_renewal').notNull().default(true),
    paymentFrequency: text('payment_frequency').notNull(),
    /** Annual premium excluding tax, in euro cents. */
    annualPremiumCents: bigint('annual_premium_cents', { mode: 'number' }).notNull(),
    taxRateBps: integer('tax_rate_bps').notNull(),
    commissionRateBps: integer('commission_rate_bps').notNull(),
    insuredObject: jsonb('insured_object').$type<Record<string, unknown>>(),
    notes: text('notes'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('policies_org_company_number_unique').on(t.organizationId, t.companyId, t.number),
    index('policies_org_client_idx').on(t.organizationId, t.clientId),
    index('policies_org_renewal_idx')
      .on(t.organizationId, t.renewalDate)
      .where(sql`${t.status} = 'active'`),
    index('policies_org_status_idx').on(t.organizationId, t.status, t.number),
    check(
      'policies_status_check',
      sql`${t.status} in ('draft', 'active', 'suspended', 'cancelled', 'expired')`,
    ),
    check('policies_premium_check', sql`${t.annualPremiumCents} >= 0`),
    check('policies_dates_check', sql`${t.renewalDate} > ${t.effectiveDate}`),
  ],
);

/** Every status transition of a policy, with its reason and date. */
export const policyStatusChanges = pgTable(
  'policy_status_changes',
  {
    id: id(),
    organizationId: organizationId(),
    policyId: uuid('policy_id')
      .notNull()
      .references(() => policies.id),
    fromStatus: text('from_status').$type<PolicyStatus>(),
    toStatus: text('to_status').$type<PolicyStatus>().notNull(),
    reason: text('reason'),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    changedBy: uuid('changed_by'),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('policy_status_changes_policy_idx').on(t.policyId, t.changedAt)],
);
