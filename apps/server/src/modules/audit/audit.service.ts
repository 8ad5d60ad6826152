import type { Database } from '../../db/client.ts';
import type { ActorContext } from '../../platform/request-context.ts';
import { insertAuditEvent } from './audit.repository.ts';

export type { ActorContext };

export interface AuditRecord {
  /** `<entity>.<past verb>`: auth.login, user.created, keys.rotated, … */
  action: string;
  targetType?: string;
  targetId?: string;
  /** Before/after of the changed fields; never secrets. */
  changes?: Record<string, unknown>;
  /** Overrides the context's cabinet (e.g. a failed login names the account's cabinet). */
  organizationId?: string | null;
  actorId?: string | null;
}

export const CLI_CONTEXT: ActorContext = {
  organizationId: null,
  actorId: null,
  ip: null,
  userAgent: 'monassurance-cli',
  requestId: null,
};

/**
 * Records one audit event. Call it with the transaction that makes the change, so the change and
 * its record commit or roll back together.
 */
export async function recordAudit(
  db: Database,
  context: ActorContext,
  record: AuditRecord,
): Promise<void> {
  await insertAuditEvent(db, {
    organizationId:
      record.organizationId !== undefined ? record.organizationId : context.organizationId,
    actorId: record.actorId !== undefined ? record.actorId : context.actorId,
    actorIp: context.ip,
    userAgent: context.userAgent?.slice(0, 512) ?? null,
    action: record.action,
    targetType: record.targetType ?? null,
    targetId: record.targetId ?? null,
    changes: record.changes ?? null,
    requestId: context.requestId,
  });
}
