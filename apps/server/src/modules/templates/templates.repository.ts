import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { documents, templates, templateVersions } from '../../db/schema/index.ts';

export type TemplateRow = typeof templates.$inferSelect;
export type TemplateVersionRow = typeof templateVersions.$inferSelect;
export type NewTemplateVersion = Pick<
  typeof templateVersions.$inferInsert,
  'content' | 'file' | 'sha256' | 'variables' | 'warnings' | 'comment' | 'createdBy'
>;

export async function listTemplates(
  db: Database,
  organizationId: string,
  page: {
    limit: number;
    kind?: 'html' | 'xlsx' | undefined;
    active?: boolean | undefined;
    after?: { name: string; id: string } | undefined;
  },
): Promise<TemplateRow[]> {
  const { after } = page;
  return db
    .select()
    .from(templates)
    .where(
      and(
        eq(templates.organizationId, organizationId),
        page.kind ? eq(templates.kind, page.kind) : undefined,
        page.active === undefined ? undefined : eq(templates.active, page.active),
        after
          ? sql`(${templates.name}, ${templates.id}) > (${after.name}, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(templates.name), asc(templates.id))
    .limit(page.limit);
}

/** One template of the cabinet; `forUpdate` locks it for the rest of the transaction. */
export async function findTemplate(
  db: Database,
  organizationId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<TemplateRow | undefined> {
  const query = db
    .select()
    .from(templates)
    .where(and(eq(templates.organizationId, organizationId), eq(templates.id, id)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function insertTemplate(
  db: Database,
  values: Pick<
    typeof templates.$inferInsert,
    'organizationId' | 'name' | 'description' | 'kind' | 'code'
  >,
): Promise<TemplateRow> {
  const [row] = await db.insert(templates).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateTemplate(
  db: Database,
  organizationId: string,
  id: string,
  version: number,
  values: Partial<
    Pick<
      typeof templates.$inferInsert,
      'name' | 'description' | 'active' | 'publishedVersion' | 'latestVersion'
    >
  >,
): Promise<TemplateRow | undefined> {
  const [row] = await db
    .update(templates)
    .set({ ...values, version: sql`${templates.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(templates.organizationId, organizationId),
        eq(templates.id, id),
        eq(templates.version, version),
      ),
    )
    .returning();
  return row;
}

export async function insertTemplateVersion(
  db: Database,
  template: Pick<TemplateRow, 'id' | 'organizationId'>,
  number: number,
  values: NewTemplateVersion,
): Promise<TemplateVersionRow> {
  const [row] = await db
    .insert(templateVersions)
    .values({ ...values, organizationId: template.organizationId, templateId: template.id, number })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findTemplateVersion(
  db: Database,
  organizationId: string,
  templateId: string,
  number: number,
): Promise<TemplateVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(templateVersions)
    .where(
      and(
        eq(templateVersions.organizationId, organizationId),
        eq(templateVersions.templateId, templateId),
        eq(templateVersions.number, number),
      ),
    );
  return row;
}

/** Versions, newest first, without their bodies. */
export async function listTemplateVersions(
  db: Database,
  organizationId: string,
  templateId: string,
  page: { limit: number; before?: number | undefined },
) {
  return db
    .select({
      number: templateVersions.number,
      sha256: templateVersions.sha256,
      variables: templateVersions.variables,
      warnings: templateVersions.warnings,
      comment: templateVersions.comment,
      createdBy: templateVersions.createdBy,
      createdAt: templateVersions.createdAt,
      size: sql<number>`coalesce(octet_length(${templateVersions.content}), octet_length(${templateVersions.file}))::int`,
    })
    .from(templateVersions)
    .where(
      and(
        eq(templateVersions.organizationId, organizationId),
        eq(templateVersions.templateId, templateId),
        page.before === undefined ? undefined : sql`${templateVersions.number} < ${page.before}`,
      ),
    )
    .orderBy(desc(templateVersions.number))
    .limit(page.limit);
}

export async function templateHasDocuments(db: Database, templateId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(eq(documents.templateId, templateId))
    .limit(1);
  return row !== undefined;
}

export async function deleteTemplate(db: Database, organizationId: string, id: string) {
  await db
    .delete(templateVersions)
    .where(
      and(eq(templateVersions.organizationId, organizationId), eq(templateVersions.templateId, id)),
    );
  await db
    .delete(templates)
    .where(and(eq(templates.organizationId, organizationId), eq(templates.id, id)));
}

/** Serialises starter installs of one cabinet (several instances start at once). */
export async function lockStarterInstall(db: Database, organizationId: string): Promise<void> {
  await db.execute(
    sql`select pg_advisory_xact_lock(hashtext('starter-templates'), hashtext(${organizationId}))`,
  );
}

export async function listTemplateNamesAndCodes(db: Database, organizationId: string) {
  const rows = await db
    .select({ name: templates.name, code: templates.code })
    .from(templates)
    .where(eq(templates.organizationId, organizationId));
  return {
    names: new Set(rows.map((r) => r.name)),
    codes: new Set(rows.flatMap((r) => (r.code ? [r.code] : []))),
  };
}
