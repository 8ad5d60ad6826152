import type { Database } from '../../db/client.ts';
import { auditEvents } from '../../db/schema/index.ts';

export type AuditEventInsert = typeof auditEvents.$inferInsert;

export async function insertAuditEvent(db: Database, event: AuditEventInsert): Promise<void> {
  await db.insert(auditEvents).values(event);
}
