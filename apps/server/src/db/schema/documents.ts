import { createdAt, id, organizationId } from './columns.ts';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { clients } from './clients.ts';
import { policies } from './policies.ts';
import { premiums } from './premiums.ts';
import { templates } from './templates.ts';
import { users } from './users.ts';

export const DOCUMENT_FORMATS = ['pdf', 'html', 'xlsx'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** A generated document; its bytes live, encrypted, in the object store under `storage_key`. */
export const documents = pgTable(
  'documents',
  {
    id: id(),
    organizationId: organizationId(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => templates.id),
    templateVersion: integer('template_version').notNull(),
    format: text('format').$type<DocumentFormat>().notNull(),
    policyId: uuid('policy_id').references(() => policies.id),
    clientId: uuid('client_id').references(() => clients.id),
    premiumId: uuid('premium_id').references(() => premiums.id),
    /** File name offered on download (already made safe). */
    fileName: text('file_name').notNull(),
    /** Object key: derived from ids and hashes, never from user input. */
    storageKey: text('storage_key').notNull(),
    /** SHA-256 hex and size of the document bytes (before encryption). */
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** SHA-256 hex of the canonical JSON of the data it was rendered from. */
    dataHash: text('data_hash').notNull(),
    /** That data, sealed with the cabinet's data key, so the document can be re-rendered. */
    dataSealed: text('data_sealed').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    /** The batch that made it (`document_batches`, no foreign key: batches reference documents' jobs). */
    batchId: uuid('batch_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('documents_storage_key_unique').on(t.storageKey),
    // A batch makes one document per policy, however often its job is delivered (ADR 0015).
    uniqueIndex('documents_batch_policy_unique')
      .on(t.batchId, t.policyId)
      .where(sql`${t.batchId} is not null`),
    index('documents_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    index('documents_org_policy_idx').on(t.organizationId, t.policyId),
    index('documents_org_client_idx').on(t.organizationId, t.clientId),
    index('documents_org_template_idx').on(t.organizationId, t.templateId),
    check('documents_format_check', sql`${t.format} in ('pdf', 'html', 'xlsx')`),
    check('documents_size_check', sql`${t.size} >= 0`),
  ],
);

/** A download link: the token is only ever stored hashed. */
export const downloadLinks = pgTable(
  'download_links',
  {
    id: id(),
    organizationId: organizationId(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    /** SHA-256 hex of the token. */
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    singleUse: boolean('single_use').notNull().default(true),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    downloads: integer('downloads').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('download_links_token_hash_unique').on(t.tokenHash),
    index('download_links_org_document_idx').on(t.organizationId, t.documentId),
  ],
);
