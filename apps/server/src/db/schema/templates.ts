import { createdAt, id, organizationId, updatedAt, version } from './columns.ts';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './users.ts';

export const TEMPLATE_KINDS = ['html', 'xlsx'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** A document template of a cabinet; its content lives in immutable versions. */
export const templates = pgTable(
  'templates',
  {
    id: id(),
    organizationId: organizationId(),
    name: text('name').notNull(),
    description: text('description'),
    kind: text('kind').$type<TemplateKind>().notNull(),
    /** Starter templates carry a stable code (attestation, avis_echeance, …); others null. */
    code: text('code'),
    /** The version documents use by default; exactly one per template. */
    publishedVersion: integer('published_version').notNull().default(1),
    latestVersion: integer('latest_version').notNull().default(1),
    /** A template used by documents is deactivated, never deleted. */
    active: boolean('active').notNull().default(true),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('templates_org_name_unique').on(t.organizationId, t.name),
    uniqueIndex('templates_org_code_unique')
      .on(t.organizationId, t.code)
      .where(sql`${t.code} is not null`),
    index('templates_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    check('templates_kind_check', sql`${t.kind} in ('html', 'xlsx')`),
    check('templates_published_check', sql`${t.publishedVersion} between 1 and ${t.latestVersion}`),
  ],
);

/** One immutable version of a template: same version + same data → same document. */
export const templateVersions = pgTable(
  'template_versions',
  {
    id: id(),
    organizationId: organizationId(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => templates.id),
    number: integer('number').notNull(),
    /** LiquidJS source (kind html). */
    content: text('content'),
    /** The uploaded workbook (kind xlsx). */
    file: bytea('file'),
    /** SHA-256 hex of the content or file. */
    sha256: text('sha256').notNull(),
    /** Template variables found on save (snake_case paths of the data model). */
    variables: jsonb('variables').$type<string[]>().notNull(),
    /** Unknown variables and other remarks reported on save. */
    warnings: jsonb('warnings')
      .$type<{ code: string; message: string; variable?: string }[]>()
      .notNull(),
    comment: text('comment'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('template_versions_template_number_unique').on(t.templateId, t.number),
    check('template_versions_number_check', sql`${t.number} >= 1`),
    check(
      'template_versions_body_check',
      sql`(${t.content} is not null) <> (${t.file} is not null)`,
    ),
  ],
);
