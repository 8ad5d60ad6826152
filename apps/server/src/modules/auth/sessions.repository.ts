import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { refreshTokens, sessions } from '../../db/schema/index.ts';

export type SessionRow = typeof sessions.$inferSelect;
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

export async function insertSession(
  db: Database,
  values: {
    organizationId: string;
    userId: string;
    deviceLabel: string;
    ip: string | null;
    userAgent: string | null;
    expiresAt: Date;
  },
  tokenHash: string,
): Promise<SessionRow> {
  const [session] = await db.insert(sessions).values(values).returning();
  if (!session) throw new Error('insert returned no row');
  await db.insert(refreshTokens).values({ sessionId: session.id, tokenHash });
  return session;
}

export async function findRefreshToken(
  db: Database,
  tokenHash: string,
): Promise<{ token: RefreshTokenRow; session: SessionRow } | undefined> {
  const [row] = await db
    .select({ token: refreshTokens, session: sessions })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .where(eq(refreshTokens.tokenHash, tokenHash));
  return row;
}

/** Marks a token rotated; false when it was already (a concurrent or replayed use). */
export async function markRotated(db: Database, tokenId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(refreshTokens)
    .set({ rotatedAt: at })
    .where(and(eq(refreshTokens.id, tokenId), isNull(refreshTokens.rotatedAt)))
    .returning({ id: refreshTokens.id });
  return rows.length === 1;
}

export async function insertRefreshToken(
  db: Database,
  sessionId: string,
  tokenHash: string,
): Promise<void> {
  await db.insert(refreshTokens).values({ sessionId, tokenHash }).onConflictDoNothing();
}

export async function findTokenByHash(
  db: Database,
  tokenHash: string,
): Promise<RefreshTokenRow | undefined> {
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
  return row;
}

export async function touchSession(db: Database, sessionId: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastUsedAt: at }).where(eq(sessions.id, sessionId));
}

/** Revokes the sessions matched; returns the ids that were still open. */
export async function revokeSessions(
  db: Database,
  where: { userId: string; sessionId?: string; exceptSessionId?: string },
  reason: string,
  at: Date,
): Promise<string[]> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: at, revokedReason: reason })
    .where(
      and(
        eq(sessions.userId, where.userId),
        isNull(sessions.revokedAt),
        where.sessionId ? eq(sessions.id, where.sessionId) : undefined,
        where.exceptSessionId ? sql`${sessions.id} <> ${where.exceptSessionId}` : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return rows.map((r) => r.id);
}

export async function listOpenSessions(
  db: Database,
  userId: string,
  now: Date,
): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(
      and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)),
    )
    .orderBy(desc(sessions.lastUsedAt));
}

export async function findSession(
  db: Database,
  sessionId: string,
): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
  return row;
}

/** Sessions revoked recently enough that access tokens they issued may still be alive. */
export async function listRecentlyRevokedSessions(
  db: Database,
  since: Date,
): Promise<{ id: string }[]> {
  return db.select({ id: sessions.id }).from(sessions).where(gt(sessions.revokedAt, since));
}
