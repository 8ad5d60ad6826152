import { and, asc, desc, eq, gt, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  clients,
  policies,
  policyStatusChanges,
  premiums,
  type PolicyStatus,
  type PremiumStatus,
} from '../../db/schema/index.ts';

export type PolicyRow = typeof policies.$inferSelect;
export type PolicyValues = Omit<
  typeof policies.$inferInsert,
  'id' | 'organizationId' | 'version' | 'createdAt' | 'updatedAt'
>;
export type PremiumRow = typeof premiums.$inferSelect;
export type PremiumValues = Omit<
  typeof premiums.$inferInsert,
  'id' | 'organizationId' | 'version' | 'createdAt' | 'updatedAt'
>;
export type StatusChangeRow = typeof policyStatusChanges.$inferSelect;

export interface Scope {
  organizationId: string;
  brokerId?: string | undefined;
}

/**
 * A policy is visible when its client is: the broker scope follows the client's assignment, so the
 * policies queries join the clients table (read-only).
 */
function visible(scope: Scope): SQL | undefined {
  return and(
    eq(policies.organizationId, scope.organizationId),
    scope.brokerId
      ? sql`exists (select 1 from ${clients} where ${clients.id} = ${policies.clientId} and ${clients.assignedBrokerId} = ${scope.brokerId})`
      : undefined,
  );
}

export interface PolicyFilter {
  clientId?: string | undefined;
  companyId?: string | undefined;
  status?: string | undefined;
  productLine?: string | undefined;
  numberPrefix?: string | undefined;
}

function policiesWhere(scope: Scope, f: PolicyFilter): SQL | undefined {
  return and(
    visible(scope),
    f.clientId ? eq(policies.clientId, f.clientId) : undefined,
    f.companyId ? eq(policies.companyId, f.companyId) : undefined,
    f.status ? eq(policies.status, f.status as PolicyStatus) : undefined,
    f.productLine ? eq(policies.productLine, f.productLine) : undefined,
    f.numberPrefix
      ? sql`${policies.number} like ${`${f.numberPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`
      : undefined,
  );
}

export async function listPolicies(
  db: Database,
  scope: Scope,
  query: PolicyFilter & { limit: number; after?: { number: string; id: string } | undefined },
): Promise<PolicyRow[]> {
  const after = query.after;
  return db
    .select()
    .from(policies)
    .where(
      and(
        policiesWhere(scope, query),
        after
          ? or(
              gt(policies.number, after.number),
              and(eq(policies.number, after.number), gt(policies.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(policies.number), asc(policies.id))
    .limit(query.limit);
}

/** How many policies a filter selects, on every page. */
export async function countPolicies(db: Database, scope: Scope, f: PolicyFilter): Promise<number> {
  const [row] = await db
    .select({ count: sql<string>`count(*)` })
    .from(policies)
    .where(policiesWhere(scope, f));
  return Number(row?.count ?? 0);
}

export async function findPolicy(
  db: Database,
  scope: Scope,
  id: string,
): Promise<PolicyRow | undefined> {
  const [row] = await db
    .select()
    .from(policies)
    .where(and(visible(scope), eq(policies.id, id)));
  return row;
}

export async function insertPolicy(
  db: Database,
  organizationId: string,
  values: PolicyValues,
): Promise<PolicyRow> {
  const [row] = await db
    .insert(policies)
    .values({ ...values, organizationId })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updatePolicy(
  db: Database,
  organizationId: string,
  id: string,
  version: number,
  values: Partial<PolicyValues>,
): Promise<PolicyRow | undefined> {
  const [row] = await db
    .update(policies)
    .set({ ...values, version: sql`${policies.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(policies.organizationId, organizationId),
        eq(policies.id, id),
        eq(policies.version, version),
      ),
    )
    .returning();
  return row;
}

export async function insertPolicies(
  db: Database,
  organizationId: string,
  rows: PolicyValues[],
): Promise<PolicyRow[]> {
  if (rows.length === 0) return [];
  return db
    .insert(policies)
    .values(rows.map((r) => ({ ...r, organizationId })))
    .returning();
}

/**
 * Deletes policies an import created, with their premiums and status history: the compensation
 * of an import whose chunks committed one by one and that failed part-way (see ADR 0010).
 */
export async function deleteImportedPolicies(
  db: Database,
  organizationId: string,
  policyIds: string[],
): Promise<void> {
  if (policyIds.length === 0) return;
  await db
    .delete(premiums)
    .where(and(eq(premiums.organizationId, organizationId), inArray(premiums.policyId, policyIds)));
  await db.delete(policyStatusChanges).where(inArray(policyStatusChanges.policyId, policyIds));
  await db
    .delete(policies)
    .where(and(eq(policies.organizationId, organizationId), inArray(policies.id, policyIds)));
}

export async function insertStatusChanges(
  db: Database,
  rows: (typeof policyStatusChanges.$inferInsert)[],
): Promise<void> {
  if (rows.length > 0) await db.insert(policyStatusChanges).values(rows);
}

export async function insertStatusChange(
  db: Database,
  values: typeof policyStatusChanges.$inferInsert,
): Promise<void> {
  await db.insert(policyStatusChanges).values(values);
}

export async function listStatusChanges(
  db: Database,
  policyId: string,
): Promise<StatusChangeRow[]> {
  return db
    .select()
    .from(policyStatusChanges)
    .where(eq(policyStatusChanges.policyId, policyId))
    .orderBy(asc(policyStatusChanges.changedAt));
}

export async function insertPremiums(
  db: Database,
  organizationId: string,
  rows: PremiumValues[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(premiums).values(rows.map((r) => ({ ...r, organizationId })));
}

export async function listPremiums(db: Database, policyId: string): Promise<PremiumRow[]> {
  return db
    .select()
    .from(premiums)
    .where(eq(premiums.policyId, policyId))
    .orderBy(asc(premiums.dueDate), asc(premiums.sequence));
}

/** Cancels the premiums still to be paid that fall due after `after` (a cancelled or expired policy). */
export async function cancelPremiumsDueAfter(
  db: Database,
  policyId: string,
  after: string,
): Promise<number> {
  const rows = await db
    .update(premiums)
    .set({
      status: 'cancelled',
      statusDate: after,
      version: sql`${premiums.version} + 1`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(premiums.policyId, policyId),
        eq(premiums.status, 'issued'),
        gt(premiums.dueDate, after),
      ),
    )
    .returning({ id: premiums.id });
  return rows.length;
}

export async function findPremium(
  db: Database,
  scope: Scope,
  id: string,
): Promise<PremiumRow | undefined> {
  const [row] = await db
    .select({ premium: premiums })
    .from(premiums)
    .innerJoin(policies, eq(policies.id, premiums.policyId))
    .where(and(eq(premiums.id, id), visible(scope)));
  return row?.premium;
}

export async function updatePremium(
  db: Database,
  id: string,
  version: number,
  values: Partial<Pick<PremiumRow, 'status' | 'statusDate' | 'paymentReference'>>,
): Promise<PremiumRow | undefined> {
  const [row] = await db
    .update(premiums)
    .set({ ...values, version: sql`${premiums.version} + 1`, updatedAt: new Date() })
    .where(and(eq(premiums.id, id), eq(premiums.version, version)))
    .returning();
  return row;
}

export interface RenewalRow {
  policy: PolicyRow;
  clientKind: string;
  clientDisplayName: string;
}

export async function listUpcomingRenewals(
  db: Database,
  scope: Scope,
  from: string,
  to: string,
): Promise<RenewalRow[]> {
  const rows = await db
    .select({ policy: policies, clientKind: clients.kind, clientDisplayName: clients.displayName })
    .from(policies)
    .innerJoin(clients, eq(clients.id, policies.clientId))
    .where(
      and(
        visible(scope),
        eq(policies.status, 'active'),
        gte(policies.renewalDate, from),
        lte(policies.renewalDate, to),
      ),
    )
    .orderBy(asc(policies.renewalDate), asc(policies.number));
  return rows;
}

/** Active policies of the cabinet whose échéance is on or before `today` (the daily sweep). */
export async function listPoliciesPastRenewal(
  db: Database,
  organizationId: string,
  today: string,
  limit: number,
): Promise<PolicyRow[]> {
  return db
    .select()
    .from(policies)
    .where(
      and(
        eq(policies.organizationId, organizationId),
        eq(policies.status, 'active'),
        lte(policies.renewalDate, today),
      ),
    )
    .orderBy(asc(policies.renewalDate), asc(policies.id))
    .limit(limit);
}

/** Which of these policies exist and are visible to the scope. */
export async function findVisiblePolicyIds(
  db: Database,
  scope: Scope,
  ids: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  // In slices: one statement with 10,000 parameters is close to the protocol's limit.
  for (let start = 0; start < ids.length; start += 1000) {
    const rows = await db
      .select({ id: policies.id })
      .from(policies)
      .where(and(visible(scope), inArray(policies.id, ids.slice(start, start + 1000))));
    for (const row of rows) found.add(row.id);
  }
  return found;
}

export async function listPoliciesOfClient(
  db: Database,
  organizationId: string,
  clientId: string,
): Promise<PolicyRow[]> {
  return db
    .select()
    .from(policies)
    .where(and(eq(policies.organizationId, organizationId), eq(policies.clientId, clientId)))
    .orderBy(desc(policies.createdAt));
}

export interface PremiumFilter {
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  status?: PremiumStatus[] | undefined;
  companyId?: string | undefined;
}

/** The premiums of the policies the scope sees, filtered; shared by the page and its totals. */
function premiumsWhere(scope: Scope, f: PremiumFilter): SQL | undefined {
  return and(
    eq(premiums.organizationId, scope.organizationId),
    f.dueFrom ? gte(premiums.dueDate, f.dueFrom) : undefined,
    f.dueTo ? lte(premiums.dueDate, f.dueTo) : undefined,
    f.status?.length ? inArray(premiums.status, f.status) : undefined,
    f.companyId || scope.brokerId
      ? sql`exists (select 1 from ${policies} where ${policies.id} = ${premiums.policyId} and ${visible(scope)}${f.companyId ? sql` and ${policies.companyId} = ${f.companyId}` : sql``})`
      : undefined,
  );
}

/** Premiums of every visible policy by due date, keyset-paginated on (dueDate, id). */
export async function listPremiumsDue(
  db: Database,
  scope: Scope,
  f: PremiumFilter,
  page: { limit: number; after?: { dueDate: string; id: string } | undefined },
): Promise<PremiumRow[]> {
  const after = page.after;
  return db
    .select()
    .from(premiums)
    .where(
      and(
        premiumsWhere(scope, f),
        after
          ? or(
              gt(premiums.dueDate, after.dueDate),
              and(eq(premiums.dueDate, after.dueDate), gt(premiums.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(premiums.dueDate), asc(premiums.id))
    .limit(page.limit);
}

/** Count and sums of the premiums a filter selects. */
export async function premiumTotals(db: Database, scope: Scope, f: PremiumFilter) {
  const [row] = await db
    .select({
      count: sql<string>`count(*)`,
      amountCents: sql<string>`coalesce(sum(${premiums.amountCents}), 0)`,
      taxCents: sql<string>`coalesce(sum(${premiums.taxCents}), 0)`,
      totalCents: sql<string>`coalesce(sum(${premiums.totalCents}), 0)`,
      commissionCents: sql<string>`coalesce(sum(${premiums.commissionCents}), 0)`,
    })
    .from(premiums)
    .where(premiumsWhere(scope, f));
  // count and sum come back as text (bigint / numeric): money stays exact up to 2^53 cents.
  return {
    count: Number(row?.count ?? 0),
    amountCents: Number(row?.amountCents ?? 0),
    taxCents: Number(row?.taxCents ?? 0),
    totalCents: Number(row?.totalCents ?? 0),
    commissionCents: Number(row?.commissionCents ?? 0),
  };
}

export async function listPremiumsOfPolicies(
  db: Database,
  policyIds: string[],
): Promise<PremiumRow[]> {
  if (policyIds.length === 0) return [];
  return db
    .select()
    .from(premiums)
    .where(inArray(premiums.policyId, policyIds))
    .orderBy(asc(premiums.dueDate));
}

export async function findPoliciesByNumbers(
  db: Database,
  organizationId: string,
  keys: { companyId: string; number: string }[],
): Promise<PolicyRow[]> {
  if (keys.length === 0) return [];
  const numbers = [...new Set(keys.map((k) => k.number))];
  return db
    .select()
    .from(policies)
    .where(and(eq(policies.organizationId, organizationId), inArray(policies.number, numbers)));
}
