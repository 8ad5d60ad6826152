import { createdAt, id, organizationId, updatedAt, version } from './columns.ts';
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { policies } from './policies.ts';

export const PREMIUM_STATUSES = ['issued', 'paid', 'unpaid', 'cancelled'] as const;
export type PremiumStatus = (typeof PREMIUM_STATUSES)[number];

/** One instalment (quittance) of a policy term: what the bordereaux are made of. */
export const premiums = pgTable(
  'premiums',
  {
    id: id(),
    organizationId: organizationId(),
    policyId: uuid('policy_id')
      .notNull()
      .references(() => policies.id),
    termStart: date('term_start', { mode: 'string' }).notNull(),
    sequence: integer('sequence').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    taxCents: bigint('tax_cents', { mode: 'number' }).notNull(),
    totalCents: bigint('total_cents', { mode: 'number' }).notNull(),
    commissionCents: bigint('commission_cents', { mode: 'number' }).notNull(),
    status: text('status').$type<PremiumStatus>().notNull().default('issued'),
    /** The day the payment (or the non-payment) was recorded as happening. */
    statusDate: date('status_date', { mode: 'string' }),
    paymentReference: text('payment_reference'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('premiums_policy_term_sequence_unique').on(t.policyId, t.termStart, t.sequence),
    index('premiums_org_due_idx').on(t.organizationId, t.dueDate),
    check('premiums_status_check', sql`${t.status} in ('issued', 'paid', 'unpaid', 'cancelled')`),
  ],
);
