import { describe, expect, it } from 'vitest';
import { ocsfActivityId, ocsfSeverityId, siemLine } from './audit.export.ts';
import type { AuditEventRow } from './audit.repository.ts';

const event: AuditEventRow = {
  id: '00000000-0000-4000-8000-000000000001',
  seq: 42,
  organizationId: '00000000-0000-4000-8000-0000000000aa',
  actorId: '00000000-0000-4000-8000-0000000000bb',
  actorIp: '203.0.113.7',
  userAgent: 'Mozilla/5.0',
  action: 'policy.status_changed',
  targetType: 'policy',
  targetId: 'p-1',
  changes: { status: { before: 'draft', after: 'active' } },
  requestId: 'req-1',
  traceId: '0af7651916cd43dd8448eb211c80319c',
  occurredAt: new Date('2026-11-24T09:30:00.123Z'),
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

describe('SIEM JSON lines (OCSF API Activity)', () => {
  it('writes one line with the OCSF ids and the documented fields', () => {
    const line = siemLine(event);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trim()).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      time: Date.UTC(2026, 10, 24, 9, 30, 0, 123),
      time_dt: '2026-11-24T09:30:00.123Z',
      class_uid: 6003,
      class_name: 'API Activity',
      category_uid: 6,
      category_name: 'Application Activity',
      activity_id: 3,
      type_uid: 600303,
      severity_id: 1,
      activity_name: 'policy.status_changed',
      actor: { user: { uid: event.actorId }, organization: { uid: event.organizationId } },
      src_endpoint: { ip: '203.0.113.7' },
      http_request: { user_agent: 'Mozilla/5.0' },
      resources: [{ type: 'policy', uid: 'p-1' }],
      metadata: {
        uid: event.id,
        sequence: 42,
        correlation_uid: 'req-1',
        product: { name: 'MONASSURANCE', vendor_name: 'MONASSURANCE' },
      },
      trace_uid: event.traceId,
      unmapped: { changes: event.changes, hash: event.hash, prev_hash: event.prevHash },
    });
  });

  it.each([
    ['client.created', 1],
    ['template.version_created', 1],
    ['document.link_created', 1],
    ['document.generated', 1],
    ['document.downloaded', 2],
    ['client.exported', 2],
    ['client.updated', 3],
    ['policy.status_changed', 3],
    ['user.password_changed', 3],
    ['policy.renewed', 3],
    ['client.anonymized', 3],
    ['keys.rotated', 3],
    ['import.completed', 3],
    ['template.deleted', 4],
    ['audit.purged', 4],
    ['auth.login', 99],
    ['auth.logout_all', 99],
    ['auth.session_revoked', 99],
  ] as const)('%s is activity %i', (action, id) => {
    expect(ocsfActivityId(action)).toBe(id);
  });

  it('raises the severity of refused sign-ins and replayed refresh tokens', () => {
    expect(ocsfSeverityId('auth.login')).toBe(1);
    expect(ocsfSeverityId('auth.login_failed')).toBe(2);
    expect(ocsfSeverityId('auth.refresh_reuse_detected')).toBe(3);
    const resources = JSON.parse(siemLine({ ...event, targetType: null, targetId: null }))
      .resources as unknown[];
    expect(resources).toEqual([]);
  });
});
