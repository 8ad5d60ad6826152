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

/** OCSF API Activity (class 6003, category 6). */
const OCSF_CLASS_UID = 6003;
const OCSF_CATEGORY_UID = 6;

/** OCSF API Activity activity_id of an action, from its verb: 1 create, 2 read, 3 update, 4 delete, 99 other. */
export function ocsfActivityId(action: string): 1 | 2 | 3 | 4 | 99 {
  const verb = action.slice(action.indexOf('.') + 1);
  if (/(^|_)(created|generated)$/.test(verb)) return 1;
  if (/^(downloaded|exported)$/.test(verb)) return 2;
  if (/^(deleted|purged)$/.test(verb)) return 4;
  if (
    /(^|_)(updated|changed|renewed|anonymized|published|deactivated|rotated|completed)$/.test(verb)
  )
    return 3;
  return 99;
}

/** OCSF severity_id: 1 informational, 2 low (a refused sign-in), 3 medium (a stolen token replayed). */
export function ocsfSeverityId(action: string): 1 | 2 | 3 {
  if (action === 'auth.refresh_reuse_detected') return 3;
  if (action === 'auth.login_failed') return 2;
  return 1;
}

/**
 * One JSON line per event with OCSF field names (API Activity), so SIEMs map it without a custom
 * parser: time (epoch ms), class/category/activity/type ids, activity_name, actor.user.uid,
 * src_endpoint.ip, resources, … — documented in docs/operations.md.
 */
export function siemLine(event: AuditEventRow): string {
  const activityId = ocsfActivityId(event.action);
  return `${JSON.stringify({
    time: event.occurredAt.getTime(),
    time_dt: event.occurredAt.toISOString(),
    class_uid: OCSF_CLASS_UID,
    class_name: 'API Activity',
    category_uid: OCSF_CATEGORY_UID,
    category_name: 'Application Activity',
    activity_id: activityId,
    type_uid: OCSF_CLASS_UID * 100 + activityId,
    severity_id: ocsfSeverityId(event.action),
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
