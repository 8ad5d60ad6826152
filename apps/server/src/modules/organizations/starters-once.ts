import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { organizations } from '../../db/schema/index.ts';

/**
 * Installs a cabinet's starter templates once in its life (ADR 0015): the first caller claims the
 * cabinet's `starters_installed_at` in the same transaction as the install, so that several
 * processes starting at once install them once, and a starter the cabinet deleted stays deleted.
 */
export async function installStartersOnce(
  tx: Database,
  organizationId: string,
  install: (tx: Database) => Promise<unknown>,
): Promise<boolean> {
  const [claimed] = await tx
    .update(organizations)
    .set({ startersInstalledAt: new Date() })
    .where(and(eq(organizations.id, organizationId), isNull(organizations.startersInstalledAt)))
    .returning({ id: organizations.id });
  if (!claimed) return false;
  await install(tx);
  return true;
}

/** Cabinets whose starters were never installed (created by a version before they existed). */
export async function cabinetsWithoutStarters(db: Database): Promise<string[]> {
  const rows = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(isNull(organizations.startersInstalledAt));
  return rows.map((row) => row.id);
}
