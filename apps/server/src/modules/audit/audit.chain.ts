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

const str = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));

/**
 * SHA-256 (hex) of the previous hash and the event's canonical content: canonicalJson of the
 * event's fields, written out key by key in sorted order (this runs a million times in a
 * verification, so it avoids building and sorting an object per event).
 */
export function chainHash(
  prevHash: string | null,
  event: ChainedContent,
  fromDatabase = false,
): string {
  // Rows read back are already in their stored JSON form; new ones are normalised like jsonb.
  const changes = (fromDatabase ? event.changes : asStoredJson(event.changes)) ?? null;
  const content =
    `{"action":${str(event.action)},"actorId":${str(event.actorId)},"actorIp":${str(event.actorIp)}` +
    `,"changes":${canonicalJson(changes)},"id":${str(event.id)},"occurredAt":${str(event.occurredAt.toISOString())}` +
    `,"organizationId":${str(event.organizationId)},"requestId":${str(event.requestId)},"targetId":${str(event.targetId)}` +
    `,"targetType":${str(event.targetType)},"traceId":${str(event.traceId)},"userAgent":${str(event.userAgent)}}`;
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
