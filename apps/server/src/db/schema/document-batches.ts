import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, organizationId } from './columns.ts';
import type { DocumentFormat } from './documents.ts';
import { jobs } from './jobs.ts';
import { templates } from './templates.ts';
import { users } from './users.ts';

/** An item of a batch that could not be made, and why (French). */
export interface BatchFailure {
  policyId: string;
  detail: string;
}

/** How the items of a batch were chosen. */
export type BatchSelection = { policyIds: string[] } | { renewals: { from: string; to: string } };

/**
 * One template rendered for many policies, as a job. The item list is frozen when the batch is
 * created, so a resumed batch makes the same documents; each document carries the batch's id.
 */
export const documentBatches = pgTable(
  'document_batches',
  {
    id: id(),
    organizationId: organizationId(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    templateId: uuid('template_id')
      .notNull()
      .references(() => templates.id),
    templateVersion: integer('template_version').notNull(),
    format: text('format').$type<DocumentFormat>().notNull(),
    selection: jsonb('selection').$type<BatchSelection>().notNull(),
    /** The policies, in print order. */
    policyIds: uuid('policy_ids').array().notNull(),
    failed: jsonb('failed').$type<BatchFailure[]>().notNull().default([]),
    /** Object keys of the combined PDF and of the ZIP, once made. */
    combinedKey: text('combined_key'),
    archiveKey: text('archive_key'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [check('document_batches_format_check', sql`${t.format} in ('pdf', 'html', 'xlsx')`)],
);
