import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { users, type UserRole } from '../../db/schema/index.ts';

export type UserRow = typeof users.$inferSelect;

export async function findUserByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

export async function findUserById(db: Database, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserInOrganization(
  db: Database,
  organizationId: string,
  id: string,
): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.id, id)));
  return row;
}

export async function listUsers(
  db: Database,
  organizationId: string,
  page: { limit: number; after?: { email: string; id: string } },
): Promise<UserRow[]> {
  const after = page.after;
  return db
    .select()
    .from(users)
    .where(
      and(
        eq(users.organizationId, organizationId),
        after
          ? or(
              gt(users.email, after.email),
              and(eq(users.email, after.email), gt(users.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(users.email), asc(users.id))
    .limit(page.limit);
}

export async function insertUser(
  db: Database,
  values: {
    organizationId: string;
    email: string;
    fullName: string;
    role: UserRole;
    passwordHash: string;
  },
): Promise<UserRow> {
  const [row] = await db
    .insert(users)
    .values({ ...values, email: values.email.toLowerCase() })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateUser(
  db: Database,
  id: string,
  changes: Partial<Pick<UserRow, 'fullName' | 'role' | 'active' | 'passwordHash'>>,
  expectedVersion?: number,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...changes, version: sql`${users.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(users.id, id),
        expectedVersion === undefined ? undefined : eq(users.version, expectedVersion),
      ),
    )
    .returning();
  return row;
}

export async function countActiveAdmins(db: Database, organizationId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(
      and(
        eq(users.organizationId, organizationId),
        eq(users.role, 'admin'),
        eq(users.active, true),
      ),
    );
  return row?.n ?? 0;
}

/** Users whose access tokens issued before a recent instant are refused (to warm the revocation cache). */
export async function listRecentTokenCutoffs(
  db: Database,
  since: Date,
): Promise<{ id: string; tokensValidAfter: Date }[]> {
  const rows = await db
    .select({ id: users.id, tokensValidAfter: users.tokensValidAfter })
    .from(users)
    .where(gt(users.tokensValidAfter, since));
  return rows.flatMap((r) =>
    r.tokensValidAfter ? [{ id: r.id, tokensValidAfter: r.tokensValidAfter }] : [],
  );
}

/** Not an edit of the user: leaves `version` alone so it never makes an admin's update stale. */
export async function recordLogin(
  db: Database,
  id: string,
  at: Date,
  passwordHash?: string,
): Promise<void> {
  await db
    .update(users)
    .set({ lastLoginAt: at, ...(passwordHash ? { passwordHash } : {}) })
    .where(eq(users.id, id));
}

/** Access tokens issued before `at` are refused; not an edit of the user (version unchanged). */
export async function setTokensValidAfter(db: Database, id: string, at: Date): Promise<void> {
  await db.update(users).set({ tokensValidAfter: at }).where(eq(users.id, id));
}
