import type { AuditEventRow } from './audit.repository.ts';

/** A cell that a spreadsheet would run as a formula is prefixed with a quote (CSV injection). */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: string, delimiter: string): string {
  const safe = neutralizeCell(value);
  return /["\r\n]/.test(safe) || safe.includes(delimiter) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_COLUMNS = [
  'occurredAt',
  'action',
  'actorId',
  'actorIp',
  'userAgent',
  'targetType',
  'targetId',
  'changes',
  'requestId',
  'traceId',
  'id',
  'seq',
  'hash',
] as const;

export function csvHeader(delimiter: string): string {
  return `${CSV_COLUMNS.join(delimiter)}\r\n`;
}

export function csvLine(event: AuditEventRow, delimiter: string): string {
  const values: Record<(typeof CSV_COLUMNS)[number], string> = {
    occurredAt: event.occurredAt.toISOString(),
    action: event.action,
    actorId: event.actorId ?? '',
    actorIp: event.actorIp ?? '',
    userAgent: event.userAgent ?? '',
    targetType: event.targetType ?? '',
    targetId: event.targetId ?? '',
    changes: event.changes ? JSON.stringify(event.changes) : '',
    requestId: event.requestId ?? '',
    traceId: event.traceId ?? '',
    id: event.id,
    seq: String(event.seq),
    hash: event.hash ?? '',
  };
  return `${CSV_COLUMNS.map((c) => csvCell(values[c], delimiter)).join(delimiter)}\r\n`;
}

/**
 * One JSON line per event with OCSF-like field names (API Activity), so SIEMs map it without a
 * custom parser: time (epoch ms), activity_name, actor.user.uid, src_endpoint.ip, resources, …
 */
export function siemLine(event: AuditEventRow): string {
  return `${JSON.stringify({
    time: event.occurredAt.getTime(),
    time_dt: event.occurredAt.toISOString(),
    class_name: 'API Activity',
    category_name: 'Application Activity',
    activity_name: event.action,
    actor: { user: { uid: event.actorId }, organization: { uid: event.organizationId } },
    src_endpoint: { ip: event.actorIp },
    http_request: { user_agent: event.userAgent },
    resources: event.targetType ? [{ type: event.targetType, uid: event.targetId }] : [],
    metadata: {
      uid: event.id,
      sequence: event.seq,
      correlation_uid: event.requestId,
      product: { name: 'MONASSURANCE', vendor_name: 'MONASSURANCE' },
    },
    trace_uid: event.traceId,
    unmapped: { changes: event.changes, hash: event.hash, prev_hash: event.prevHash },
  })}\n`;
}

/** The export as a stream of text chunks (constant memory). */
export async function* exportLines(
  events: AsyncIterable<AuditEventRow>,
  format: 'csv' | 'jsonl',
  options: { delimiter?: ';' | ',' | undefined; bom?: boolean | undefined; header?: boolean } = {},
): AsyncGenerator<string> {
  const delimiter = options.delimiter ?? ';';
  if (format === 'csv' && options.header !== false)
    yield `${options.bom ? '\ufeff' : ''}${csvHeader(delimiter)}`;
  let chunk = '';
  for await (const event of events) {
    chunk += format === 'csv' ? csvLine(event, delimiter) : siemLine(event);
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
