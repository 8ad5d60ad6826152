import { and, asc, eq, gt, ilike, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { companies } from '../../db/schema/index.ts';

export type CompanyRow = typeof companies.$inferSelect;
export type CompanyValues = Omit<
  typeof companies.$inferInsert,
  'id' | 'organizationId' | 'version' | 'createdAt' | 'updatedAt'
>;

export async function listCompanies(
  db: Database,
  organizationId: string,
  page: { limit: number; q?: string | undefined; after?: { name: string; id: string } | undefined },
): Promise<CompanyRow[]> {
  const { after, q } = page;
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return db
    .select()
    .from(companies)
    .where(
      and(
        eq(companies.organizationId, organizationId),
        pattern ? or(ilike(companies.name, pattern), ilike(companies.code, pattern)) : undefined,
        after
          ? or(
              gt(companies.name, after.name),
              and(eq(companies.name, after.name), gt(companies.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(companies.name), asc(companies.id))
    .limit(page.limit);
}

export async function findCompany(
  db: Database,
  organizationId: string,
  id: string,
): Promise<CompanyRow | undefined> {
  const [row] = await db
    .select()
    .from(companies)
    .where(and(eq(companies.organizationId, organizationId), eq(companies.id, id)));
  return row;
}

export async function findCompanyByCode(
  db: Database,
  organizationId: string,
  code: string,
): Promise<CompanyRow | undefined> {
  const [row] = await db
    .select()
    .from(companies)
    .where(
      and(
        eq(companies.organizationId, organizationId),
        sql`lower(${companies.code}) = lower(${code})`,
      ),
    );
  return row;
}

export async function insertCompany(
  db: Database,
  organizationId: string,
  values: CompanyValues,
): Promise<CompanyRow> {
  const [row] = await db
    .insert(companies)
    .values({ ...values, organizationId })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateCompany(
  db: Database,
  organizationId: string,
  id: string,
  version: number,
  values: Partial<CompanyValues>,
): Promise<CompanyRow | undefined> {
  const [row] = await db
    .update(companies)
    .set({ ...values, version: sql`${companies.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(companies.organizationId, organizationId),
        eq(companies.id, id),
        eq(companies.version, version),
      ),
    )
    .returning();
  return row;
}
