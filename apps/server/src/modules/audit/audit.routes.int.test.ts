import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { auditCheckpoints, auditEvents } from '../../db/schema/index.ts';
import { createTestApp, TEST_MASTER_KEY } from '../../test-support/app.ts';
import { bearer, login, seedCabinet } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { person, seedPortfolio, type Portfolio } from '../../test-support/portfolio.ts';
import { chainHash, type ChainKey } from './audit.chain.ts';
import { openChainKey } from './audit.keys.ts';
import { chainKeyRow } from './audit.repository.ts';
import { AuditService, CLI_CONTEXT, recordAudit } from './audit.service.ts';

let database: DatabaseHandle;
let app: App;
let p: Portfolio;
let other: Portfolio;
let key: ChainKey;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const keyRow = await chainKeyRow(database.db);
  key = openChainKey(TEST_MASTER_KEY, keyRow!.version, keyRow!.sealedKey);
  p = await seedPortfolio(app);
  other = await seedPortfolio(app);
  // A client whose name a spreadsheet would execute, and a user agent an attacker controls.
  await app.inject({
    method: 'POST',
    url: '/api/v1/clients',
    headers: { ...bearer(p.tokens.admin), 'user-agent': '=HYPERLINK("http://evil.example","x")' },
    payload: person({ lastName: '=1+2', email: 'formula@example.fr' }),
  });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const verify = async (tokens = p.tokens.admin) =>
  (await app.inject({ url: '/api/v1/audit-events/verify', headers: bearer(tokens) })).json() as {
    valid: boolean;
    checked: number;
    firstInvalidId?: string;
  };

describe('GET /api/v1/audit-events', () => {
  it('lists the cabinet’s events newest first, with filters and cursor pages', async () => {
    const res = await app.inject({
      url: '/api/v1/audit-events?limit=3',
      headers: bearer(p.tokens.manager),
    });
    expect(res.statusCode).toBe(200);
    const { items, nextCursor } = res.json();
    expect(items).toHaveLength(3);
    expect(items[0].seq).toBeGreaterThan(items[1].seq);
    expect(nextCursor).toBeTruthy();
    const next = (
      await app.inject({
        url: `/api/v1/audit-events?limit=3&cursor=${nextCursor}`,
        headers: bearer(p.tokens.manager),
      })
    ).json();
    expect(next.items[0].seq).toBeLessThan(items[2].seq);
    const logins = (
      await app.inject({
        url: `/api/v1/audit-events?action=auth.login&actorId=${p.admin.id}`,
        headers: bearer(p.tokens.admin),
      })
    ).json().items;
    expect(logins.length).toBeGreaterThan(0);
    expect(
      logins.every(
        (e: { action: string; actorId: string }) =>
          e.action === 'auth.login' && e.actorId === p.admin.id,
      ),
    ).toBe(true);
    const all = (
      await app.inject({ url: '/api/v1/audit-events?limit=200', headers: bearer(p.tokens.admin) })
    ).json().items;
    const otherIds = new Set([other.admin.id]);
    expect(all.some((e: { actorId: string }) => otherIds.has(e.actorId))).toBe(false);
  });

  it('filters by time window', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const res = await app.inject({
      url: `/api/v1/audit-events?from=${encodeURIComponent(future)}`,
      headers: bearer(p.tokens.admin),
    });
    expect(res.json().items).toEqual([]);
  });

  it('orders by time of occurrence then chain order, and cursor pages return every event once', async () => {
    // Events appended by instances whose clocks disagree: chain order is not time order, and
    // several events share a millisecond.
    const { organization, admin } = await seedCabinet(app);
    const tokens = await login(app, admin.email);
    const heads = await database.db.execute(
      sql`select hash from audit_events where organization_id = ${organization.id} order by seq desc limit 1`,
    );
    const [head] = (heads as unknown as { rows: { hash: string }[] }).rows;
    let prev = head?.hash ?? null;
    const t0 = Date.UTC(2025, 5, 1, 8);
    const offsets = [5, 1, 3, 3, 3, 0, 4, 3, 2, 6];
    for (const [i, offset] of offsets.entries()) {
      const row = {
        id: randomUUID(),
        organizationId: organization.id,
        actorId: admin.id,
        actorIp: null,
        userAgent: null,
        action: 'client.updated',
        targetType: 'client',
        targetId: `skew-${i}`,
        changes: null,
        requestId: null,
        traceId: null,
        occurredAt: new Date(t0 + offset * 1000),
      };
      const hash = chainHash(key, prev, row);
      await database.db.insert(auditEvents).values({ ...row, prevHash: prev, hash });
      prev = hash;
    }
    const window = `from=${new Date(t0).toISOString()}&to=${new Date(t0 + 6000).toISOString()}`;
    const seen: { seq: number; occurredAt: string; targetId: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: typeof seen; nextCursor: string | null } = (
        await app.inject({
          url: `/api/v1/audit-events?${window}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          headers: bearer(tokens),
        })
      ).json();
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    // The window [t0, t0 + 6 s) holds every event but the one at +6 s.
    const expected = offsets
      .map((offset, i) => ({ offset, i }))
      .filter(({ offset }) => offset < 6)
      .sort((a, b) => b.offset - a.offset || b.i - a.i)
      .map(({ i }) => `skew-${i}`);
    expect(seen.map((e) => e.targetId)).toEqual(expected);
    expect(new Set(seen.map((e) => e.seq)).size).toBe(seen.length);
    // A cursor naming another cabinet's event gives nothing away: an empty page.
    const foreign = (
      await app.inject({ url: '/api/v1/audit-events?limit=1', headers: bearer(p.tokens.admin) })
    ).json().items[0];
    const res = await app.inject({
      url: `/api/v1/audit-events?cursor=${Buffer.from(String(foreign.seq)).toString('base64url')}`,
      headers: bearer(tokens),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [], nextCursor: null });
  });

  it.each(['broker', 'viewer'] as const)('403 for a %s', async (role) => {
    expect(
      (await app.inject({ url: '/api/v1/audit-events', headers: bearer(p.tokens[role]) }))
        .statusCode,
    ).toBe(403);
  });

  it('400 names a bad filter or cursor', async () => {
    const res = await app.inject({
      url: '/api/v1/audit-events?actorId=nope',
      headers: bearer(p.tokens.admin),
    });
    expect(res.json().errors[0]).toMatchObject({ path: '/actorId', in: 'query' });
    expect(
      (await app.inject({ url: '/api/v1/audit-events?cursor=!!', headers: bearer(p.tokens.admin) }))
        .statusCode,
    ).toBe(400);
  });
});

describe('export', () => {
  it('streams CSV with ; and a BOM, neutralising formula cells', async () => {
    const res = await app.inject({
      url: '/api/v1/audit-events/export?format=csv&bom=true',
      headers: bearer(p.tokens.admin),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(
      /attachment; filename="journal-audit-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    expect(res.body.startsWith('\ufeffoccurredAt;action;')).toBe(true);
    const lines = res.body.trim().split('\r\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(res.body).toContain(`'=HYPERLINK`);
    expect(res.body).not.toMatch(/(^|;)=HYPERLINK/m);
  });

  it('streams SIEM-friendly JSON lines for the same filters', async () => {
    const res = await app.inject({
      url: '/api/v1/audit-events/export?format=jsonl&action=client.created',
      headers: bearer(p.tokens.admin),
    });
    const events = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]).toMatchObject({
      class_name: 'API Activity',
      activity_name: 'client.created',
      resources: [{ type: 'client' }],
    });
    expect(typeof events[0].time).toBe('number');
  });
});

describe('tamper evidence', () => {
  it('a fresh chain verifies; the verification reaches every event of the cabinet', async () => {
    const result = await verify();
    expect(result.valid).toBe(true);
    const [count] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(eq(auditEvents.organizationId, p.organization.id));
    expect(result.checked).toBe(count!.n);
  });

  it('detects a modified event and names it; another cabinet’s chain is unaffected', async () => {
    const [victim] = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.organizationId, p.organization.id))
      .limit(1)
      .offset(2);
    await database.db
      .update(auditEvents)
      .set({ actorIp: '203.0.113.9' })
      .where(eq(auditEvents.id, victim!.id));
    const result = await verify();
    expect(result).toMatchObject({ valid: false, firstInvalidId: victim!.id });
    expect((await verify(other.tokens.admin)).valid).toBe(true);
    await database.db
      .update(auditEvents)
      .set({ actorIp: victim!.actorIp })
      .where(eq(auditEvents.id, victim!.id));
    expect((await verify()).valid).toBe(true);
  });

  it('detects a deleted event in the middle', async () => {
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.organizationId, other.organization.id))
      .orderBy(auditEvents.seq);
    await database.db.delete(auditEvents).where(eq(auditEvents.id, events[3]!.id));
    const result = await verify(other.tokens.admin);
    expect(result).toMatchObject({ valid: false, firstInvalidId: events[4]!.id });
  });

  it('detects the deletion of the newest events after a signed checkpoint', async () => {
    await app.services.audit.checkpoint(p.organization.id, 'verified');
    const [newest] = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.organizationId, p.organization.id))
      .orderBy(sql`${auditEvents.seq} desc`)
      .limit(1);
    await database.db.delete(auditEvents).where(eq(auditEvents.id, newest!.id));
    const result = await verify();
    expect(result.valid).toBe(false);
    // Put it back exactly: the chain is whole again.
    await database.db.insert(auditEvents).overridingSystemValue().values(newest!);
    expect((await verify()).valid).toBe(true);
  });

  it('detects a forged checkpoint', async () => {
    const [checkpoint] = await database.db
      .select()
      .from(auditCheckpoints)
      .where(eq(auditCheckpoints.organizationId, p.organization.id));
    await database.db
      .update(auditCheckpoints)
      .set({ lastHash: '0'.repeat(64) })
      .where(eq(auditCheckpoints.id, checkpoint!.id));
    expect((await verify()).valid).toBe(false);
    await database.db
      .update(auditCheckpoints)
      .set({ lastHash: checkpoint!.lastHash })
      .where(eq(auditCheckpoints.id, checkpoint!.id));
    expect((await verify()).valid).toBe(true);
  });

  it('a purge keeps the chain verifiable and is itself audited', async () => {
    const before = (await verify()).checked;
    // Age every event of the cabinet but the last two, then purge anything older than a day.
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.organizationId, p.organization.id))
      .orderBy(auditEvents.seq);
    for (const e of events.slice(0, -2)) {
      await database.db
        .update(auditEvents)
        .set({ occurredAt: new Date(Date.now() - 10 * 86_400_000) })
        .where(eq(auditEvents.id, e.id));
    }
    const results = await app.services.audit.purgeOlderThan(1, CLI_CONTEXT);
    const mine = results.find((r) => r.organizationId === p.organization.id);
    expect(mine?.deleted).toBe(events.length - 2);
    const after = await verify();
    expect(after).toMatchObject({ valid: true, checked: 3 });
    expect(before).toBeGreaterThan(after.checked);
    const purged = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'audit.purged'));
    expect(purged.find((e) => e.organizationId === p.organization.id)?.changes).toMatchObject({
      deleted: events.length - 2,
      days: 1,
    });
  });
});

describe('periodic checkpoints', () => {
  const grow = (organizationId: string) =>
    recordAudit(
      database.db,
      { ...CLI_CONTEXT, organizationId },
      { action: 'client.updated', targetType: 'client', targetId: 'c1' },
    );

  it('sign the head of each chain that grew, once, and reveal a deleted newest event', async () => {
    const cabinet = await seedCabinet(app);
    const mine = (chains: { organizationId: string | null; lastSeq: number }[]) =>
      chains.filter((c) => c.organizationId === cabinet.organization.id);
    const first = mine(await app.services.audit.checkpointHeads());
    expect(first).toHaveLength(1);
    const signed = await database.db
      .select()
      .from(auditCheckpoints)
      .where(eq(auditCheckpoints.organizationId, cabinet.organization.id));
    expect(signed).toMatchObject([{ reason: 'periodic', lastSeq: first[0]!.lastSeq }]);
    // Nothing new: nothing signed.
    expect(mine(await app.services.audit.checkpointHeads())).toEqual([]);
    // The chain grows: its new head is signed.
    await grow(cabinet.organization.id);
    const second = mine(await app.services.audit.checkpointHeads());
    expect(second).toHaveLength(1);
    expect(second[0]!.lastSeq).toBeGreaterThan(first[0]!.lastSeq);
    // Deleting the newest event — unnoticeable from the chain alone — breaks the checkpoint.
    const [newest] = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.organizationId, cabinet.organization.id))
      .orderBy(sql`${auditEvents.seq} desc`)
      .limit(1);
    await database.db.delete(auditEvents).where(eq(auditEvents.id, newest!.id));
    expect(await app.services.audit.verify(cabinet.organization.id)).toMatchObject({
      valid: false,
      problem: `events up to #${second[0]!.lastSeq} no longer match a signed checkpoint`,
    });
    await database.db.insert(auditEvents).overridingSystemValue().values(newest!);
    expect((await app.services.audit.verify(cabinet.organization.id)).valid).toBe(true);
  });

  it('are signed by the audit-checkpoints schedule, for the chains that grew since', async () => {
    const cabinet = await seedCabinet(app);
    const schedule = app.services.jobs.schedules.find((s) => s.name === 'audit-checkpoints');
    // AUDIT_CHECKPOINT_MINUTES defaults to 60: every hour, once per cluster.
    expect(schedule?.cron).toBe('0 */1 * * *');
    // Every chain signed as it is now; then this one grows and only the schedule runs.
    await app.services.audit.checkpointHeads();
    await grow(cabinet.organization.id);
    await schedule!.run();
    // The schedule signed it: the next pass finds nothing new to sign for it.
    const after = await app.services.audit.checkpointHeads();
    expect(after.map((c) => c.organizationId)).not.toContain(cabinet.organization.id);

    // A signer that cannot sign (its keys gone, say): the pass fails and says so.
    const broken = new AuditService({
      db: database.db,
      signer: {
        signDetached: () => Promise.reject(new Error('no signing key')),
        verifyDetached: () => Promise.resolve(false),
      },
      masterKey: TEST_MASTER_KEY,
      anchors: app.services.objects,
    });
    await grow(cabinet.organization.id);
    await expect(broken.checkpointHeads()).rejects.toThrow('no signing key');
  });
});
