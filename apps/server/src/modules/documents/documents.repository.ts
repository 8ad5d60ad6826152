import { and, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { clients, documents, downloadLinks } from '../../db/schema/index.ts';
import type { DocumentFormat } from '../../db/schema/index.ts';
import type { PortfolioScope } from '../../platform/request-context.ts';

export type DocumentRow = typeof documents.$inferSelect;
export type NewDocument = typeof documents.$inferInsert;
export type DownloadLinkRow = typeof downloadLinks.$inferSelect;

/** A broker sees the documents of the clients assigned to them; others the whole cabinet. */
function visible(scope: PortfolioScope): SQL | undefined {
  const cabinet = eq(documents.organizationId, scope.organizationId);
  if (!scope.brokerId) return cabinet;
  return and(
    cabinet,
    inArray(
      documents.clientId,
      sql`(select ${clients.id} from ${clients} where ${clients.organizationId} = ${scope.organizationId} and ${clients.assignedBrokerId} = ${scope.brokerId})`,
    ),
  );
}

export interface DocumentFilters {
  policyId?: string | undefined;
  clientId?: string | undefined;
  templateId?: string | undefined;
  batchId?: string | undefined;
  format?: DocumentFormat | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export async function listDocuments(
  db: Database,
  scope: PortfolioScope,
  filters: DocumentFilters,
  page: { limit: number; after?: { createdAt: Date; id: string } | undefined },
): Promise<DocumentRow[]> {
  const { after } = page;
  return db
    .select()
    .from(documents)
    .where(
      and(
        visible(scope),
        filters.policyId ? eq(documents.policyId, filters.policyId) : undefined,
        filters.clientId ? eq(documents.clientId, filters.clientId) : undefined,
        filters.templateId ? eq(documents.templateId, filters.templateId) : undefined,
        filters.batchId ? eq(documents.batchId, filters.batchId) : undefined,
        filters.format ? eq(documents.format, filters.format) : undefined,
        filters.from ? gte(documents.createdAt, filters.from) : undefined,
        filters.to ? lt(documents.createdAt, filters.to) : undefined,
        after
          ? or(
              lt(documents.createdAt, after.createdAt),
              and(eq(documents.createdAt, after.createdAt), lt(documents.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .limit(page.limit);
}

/** Every document about one client, newest first (GDPR access requests). */
export async function listDocumentsOfClient(
  db: Database,
  organizationId: string,
  clientId: string,
): Promise<DocumentRow[]> {
  return db
    .select()
    .from(documents)
    .where(and(eq(documents.organizationId, organizationId), eq(documents.clientId, clientId)))
    .orderBy(desc(documents.createdAt), desc(documents.id));
}

export async function findDocument(
  db: Database,
  scope: PortfolioScope,
  id: string,
): Promise<DocumentRow | undefined> {
  const [row] = await db
    .select()
    .from(documents)
    .where(and(visible(scope), eq(documents.id, id)));
  return row;
}

export async function findDocumentById(db: Database, id: string): Promise<DocumentRow | undefined> {
  const [row] = await db.select().from(documents).where(eq(documents.id, id));
  return row;
}

/** Inserts documents; a batch's second document for one policy is skipped (not returned). */
export async function insertDocuments(db: Database, values: NewDocument[]): Promise<DocumentRow[]> {
  return db
    .insert(documents)
    .values(values)
    .onConflictDoNothing({
      target: [documents.batchId, documents.policyId],
      where: sql`${documents.batchId} is not null`,
    })
    .returning();
}

export async function insertLink(
  db: Database,
  values: typeof downloadLinks.$inferInsert,
): Promise<DownloadLinkRow> {
  const [row] = await db.insert(downloadLinks).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Deletes the links that expired before `before`; returns how many. */
export async function deleteExpiredLinks(db: Database, before: Date): Promise<number> {
  const rows = await db
    .delete(downloadLinks)
    .where(lt(downloadLinks.expiresAt, before))
    .returning({ id: downloadLinks.id });
  return rows.length;
}

export async function findLinkByTokenHash(
  db: Database,
  tokenHash: string,
): Promise<DownloadLinkRow | undefined> {
  const [row] = await db.select().from(downloadLinks).where(eq(downloadLinks.tokenHash, tokenHash));
  return row;
}

/**
 * Takes one download of a link, atomically: of many parallel calls on a single-use link exactly
 * one gets the row back. The expiry is checked against the database clock.
 */
export async function consumeLink(db: Database, id: string): Promise<DownloadLinkRow | undefined> {
  const [row] = await db
    .update(downloadLinks)
    .set({ consumedAt: sql`now()`, downloads: sql`${downloadLinks.downloads} + 1` })
    .where(
      and(
        eq(downloadLinks.id, id),
        sql`${downloadLinks.expiresAt} > now()`,
        or(eq(downloadLinks.singleUse, false), isNull(downloadLinks.consumedAt)),
      ),
    )
    .returning();
  return row;
}

/** Every storage key a document row points at (purge-orphans). */
export async function allStorageKeys(db: Database): Promise<Set<string>> {
  const rows = await db.select({ key: documents.storageKey }).from(documents);
  return new Set(rows.map((r) => r.key));
}

export async function listDocumentLocations(db: Database, afterId: string | null, limit: number) {
  return db
    .select({
      id: documents.id,
      organizationId: documents.organizationId,
      storageKey: documents.storageKey,
    })
    .from(documents)
    .where(afterId ? sql`${documents.id} > ${afterId}::uuid` : undefined)
    .orderBy(documents.id)
    .limit(limit);
}
