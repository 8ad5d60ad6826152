import { and, asc, desc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { clients, users } from '../../db/schema/index.ts';

export type ClientRow = typeof clients.$inferSelect;
export type ClientValues = Omit<
  typeof clients.$inferInsert,
  'id' | 'organizationId' | 'version' | 'createdAt' | 'updatedAt'
>;

export interface ClientScope {
  organizationId: string;
  brokerId?: string | undefined;
}

export type ClientSort = 'displayName' | '-displayName' | 'createdAt' | '-createdAt';

function scoped(scope: ClientScope): SQL | undefined {
  return and(
    eq(clients.organizationId, scope.organizationId),
    scope.brokerId ? eq(clients.assignedBrokerId, scope.brokerId) : undefined,
  );
}

const escapeLike = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listClients(
  db: Database,
  scope: ClientScope,
  query: {
    limit: number;
    terms: string[];
    kind?: string | undefined;
    assignedBrokerId?: string | undefined;
    city?: string | undefined;
    sort: ClientSort;
    after?: { value: string; id: string } | undefined;
  },
): Promise<ClientRow[]> {
  const descending = query.sort.startsWith('-');
  const column = query.sort.endsWith('createdAt') ? clients.createdAt : clients.displayName;
  const cmp = descending ? lt : gt;
  const after = query.after;
  const afterValue = after
    ? column === clients.createdAt
      ? new Date(after.value)
      : after.value
    : undefined;
  return db
    .select()
    .from(clients)
    .where(
      and(
        scoped(scope),
        ...query.terms.map((term) => sql`${clients.searchText} like ${`%${escapeLike(term)}%`}`),
        query.kind ? eq(clients.kind, query.kind as ClientRow['kind']) : undefined,
        query.assignedBrokerId ? eq(clients.assignedBrokerId, query.assignedBrokerId) : undefined,
        query.city ? sql`lower(${clients.address}->>'city') = lower(${query.city})` : undefined,
        after && afterValue !== undefined
          ? or(
              cmp(column, afterValue as never),
              and(eq(column, afterValue as never), cmp(clients.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(
      descending ? desc(column) : asc(column),
      descending ? desc(clients.id) : asc(clients.id),
    )
    .limit(query.limit);
}

export async function findClient(
  db: Database,
  scope: ClientScope,
  id: string,
): Promise<ClientRow | undefined> {
  const [row] = await db
    .select()
    .from(clients)
    .where(and(scoped(scope), eq(clients.id, id)));
  return row;
}

export async function insertClient(
  db: Database,
  organizationId: string,
  values: ClientValues,
): Promise<ClientRow> {
  const [row] = await db
    .insert(clients)
    .values({ ...values, organizationId })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateClient(
  db: Database,
  organizationId: string,
  id: string,
  version: number,
  values: Partial<ClientValues>,
): Promise<ClientRow | undefined> {
  const [row] = await db
    .update(clients)
    .set({ ...values, version: sql`${clients.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(clients.organizationId, organizationId),
        eq(clients.id, id),
        eq(clients.version, version),
      ),
    )
    .returning();
  return row;
}

/** An active user of the cabinet who may follow clients. */
export async function isAssignableUser(
  db: Database,
  organizationId: string,
  userId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(eq(users.organizationId, organizationId), eq(users.id, userId), eq(users.active, true)),
    );
  return row !== undefined;
}

/** Existing clients matching import keys (e-mail for persons, SIREN for businesses). */
export async function findClientsByKeys(
  db: Database,
  organizationId: string,
  keys: { emails: string[]; sirens: string[] },
): Promise<ClientRow[]> {
  if (keys.emails.length === 0 && keys.sirens.length === 0) return [];
  return db
    .select()
    .from(clients)
    .where(
      and(
        eq(clients.organizationId, organizationId),
        or(
          keys.emails.length > 0 ? sql`lower(${clients.email}) in ${keys.emails}` : undefined,
          keys.sirens.length > 0 ? sql`${clients.siren} in ${keys.sirens}` : undefined,
        ),
      ),
    );
}

/** Inserts many clients in batches (imports); returns their ids, in order. */
export async function bulkInsertClients(
  db: Database,
  organizationId: string,
  rows: ClientValues[],
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < rows.length; start += 500) {
    const inserted = await db
      .insert(clients)
      .values(rows.slice(start, start + 500).map((r) => ({ ...r, organizationId })))
      .returning({ id: clients.id });
    for (const row of inserted) ids.push(row.id);
  }
  return ids;
}

/**
 * Deletes clients an import created: the compensation of an import whose chunks committed one by
 * one and that failed part-way (see ADR 0010).
 */
export async function deleteImportedClients(
  db: Database,
  organizationId: string,
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .delete(clients)
    .where(and(eq(clients.organizationId, organizationId), inArray(clients.id, ids)));
}

/** Updates many clients (imports): each row gets a new version. */
export async function bulkUpdateClients(
  db: Database,
  organizationId: string,
  rows: { id: string; values: ClientValues }[],
): Promise<void> {
  for (const { id, values } of rows) {
    await db
      .update(clients)
      .set({ ...values, version: sql`${clients.version} + 1`, updatedAt: new Date() })
      .where(and(eq(clients.organizationId, organizationId), eq(clients.id, id)));
  }
}
