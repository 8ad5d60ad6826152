import { createHash } from 'node:crypto';

/** The fields of an event that its hash covers (everything but its position and its own hashes). */
export interface ChainedContent {
  id: string;
  organizationId: string | null;
  actorId: string | null;
  actorIp: string | null;
  userAgent: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  changes: unknown;
  requestId: string | null;
  traceId: string | null;
  occurredAt: Date;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** What jsonb gives back for a value: dates as strings, undefined dropped. */
export function asStoredJson<T>(value: T): T {
  return value === undefined || value === null ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** SHA-256 (hex) of the previous hash and the event's canonical content. */
export function chainHash(prevHash: string | null, event: ChainedContent): string {
  const content = canonicalJson({
    id: event.id,
    organizationId: event.organizationId,
    actorId: event.actorId,
    actorIp: event.actorIp,
    userAgent: event.userAgent,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    changes: asStoredJson(event.changes) ?? null,
    requestId: event.requestId,
    traceId: event.traceId,
    occurredAt: event.occurredAt.toISOString(),
  });
  return createHash('sha256')
    .update(prevHash ?? 'genesis')
    .update('\n')
    .update(content)
    .digest('hex');
}

/** The text a checkpoint's signature covers. */
export function checkpointPayload(c: {
  organizationId: string | null;
  lastSeq: number;
  lastHash: string;
  reason: string;
}): string {
  return `monassurance-audit-checkpoint|${c.organizationId ?? 'platform'}|${c.lastSeq}|${c.lastHash}|${c.reason}`;
}
