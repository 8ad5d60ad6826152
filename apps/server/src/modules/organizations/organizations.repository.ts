import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { organizations } from '../../db/schema/index.ts';

export type OrganizationRow = typeof organizations.$inferSelect;

/** Serialises concurrent first-run setups inside their transactions. */
const SETUP_LOCK_KEY = 4_242_002;

export async function lockSetup(db: Database): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK_KEY})`);
}

export async function countOrganizations(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(organizations);
  return row?.n ?? 0;
}

export async function insertOrganization(db: Database, name: string): Promise<OrganizationRow> {
  const [row] = await db.insert(organizations).values({ name }).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findOrganization(
  db: Database,
  id: string,
): Promise<OrganizationRow | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
  return row;
}

export type OrganizationProfile = Pick<
  typeof organizations.$inferInsert,
  'name' | 'oriasNumber' | 'siren' | 'address' | 'legalMentions'
>;

/** Updates the profile when the row is still at `version`; undefined when it moved on. */
export async function updateOrganization(
  db: Database,
  id: string,
  version: number,
  values: Partial<OrganizationProfile>,
): Promise<OrganizationRow | undefined> {
  const [row] = await db
    .update(organizations)
    .set({ ...values, version: sql`${organizations.version} + 1`, updatedAt: new Date() })
    .where(and(eq(organizations.id, id), eq(organizations.version, version)))
    .returning();
  return row;
}

export async function listOrganizationIds(db: Database): Promise<string[]> {
  const rows = await db.select({ id: organizations.id }).from(organizations);
  return rows.map((r) => r.id);
}
