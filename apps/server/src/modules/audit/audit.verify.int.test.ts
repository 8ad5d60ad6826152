import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { auditEvents } from '../../db/schema/index.ts';
import { createTestApp, TEST_MASTER_KEY } from '../../test-support/app.ts';
import { seedCabinet } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { chainHash, type ChainKey } from './audit.chain.ts';
import { openChainKey } from './audit.keys.ts';
import { chainKeyRow } from './audit.repository.ts';
import { AuditService, CLI_CONTEXT, recordAudit, type VerifyResult } from './audit.service.ts';
import { AUDIT_PAGE_SIZE, type ParallelVerification } from './audit.verify.ts';

// The seeded chain spans several pages of the verification; the cases sit at a page boundary.
const PAGE = AUDIT_PAGE_SIZE;

let database: DatabaseHandle;
let app: App;
let organizationId: string;
/** The chain key of the test database (made when the app started). */
let key: ChainKey;
/** The cabinet's events in chain order, as seeded. */
let chain: (typeof auditEvents.$inferSelect)[];

/** The verification as it was written first: every event through the ORM, one at a time. */
async function referenceVerify(): Promise<VerifyResult> {
  let prev: string | null = null;
  let checked = 0;
  for await (const event of app.services.audit.stream({ organizationId })) {
    checked++;
    if (event.prevHash !== prev) {
      return {
        valid: false,
        checked,
        firstInvalidId: event.id,
        problem: 'an event before this one was removed or altered',
      };
    }
    if (event.hash !== chainHash(key, prev, event, true)) {
      return {
        valid: false,
        checked,
        firstInvalidId: event.id,
        problem: 'this event was modified',
      };
    }
    prev = event.hash;
  }
  return { valid: true, checked };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const keyRow = await chainKeyRow(database.db);
  key = openChainKey(TEST_MASTER_KEY, keyRow!.version, keyRow!.sealedKey);
  const { organization, admin } = await seedCabinet(app);
  organizationId = organization.id;
  const context = { ...CLI_CONTEXT, organizationId, actorId: admin.id };
  // Contents that jsonb stores differently from how they were written (key order, numbers).
  await recordAudit(database.db, context, {
    action: 'client.updated',
    targetType: 'client',
    targetId: 'c1',
    changes: JSON.parse(
      '{"lastName": {"before": "Dupré", "after": "Dupré-Martin"}, "9": 1.0, "10": [1e2, -0, null],' +
        ' "__proto__": {"b": true, "a": "\\u0007\\"\\\\😀"}}',
    ) as Record<string, unknown>,
  });
  // Then a long chain, built as appends build it, inserted in batches.
  const [head] = await app.services.audit.list({ organizationId }, { limit: 1 });
  let prev = head?.hash ?? null;
  const from = Date.UTC(2026, 0, 1);
  for (let batch = 0; batch < 11; batch++) {
    const rows = [];
    for (let i = 0; i < 1_000; i++) {
      const n = batch * 1_000 + i;
      const row = {
        id: randomUUID(),
        organizationId,
        actorId: admin.id,
        actorIp: '10.0.0.1',
        userAgent: 'Mozilla/5.0',
        action: 'client.updated',
        targetType: 'client',
        targetId: randomUUID(),
        changes: {
          notes: { before: null, after: `n${n}` },
          premium: { before: n, after: n + 0.5 },
        },
        requestId: randomUUID(),
        traceId: null,
        occurredAt: new Date(from + n * 1_000),
      };
      const hash = chainHash(key, prev, row);
      rows.push({ ...row, prevHash: prev, hash });
      prev = hash;
    }
    await database.db.insert(auditEvents).values(rows);
  }
  chain = await database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.organizationId, organizationId))
    .orderBy(asc(auditEvents.seq));
}, 120_000);

afterAll(async () => {
  await app.close();
  await database.close();
});

const WORKERS = 3;
// Cases running several parallel verifications: each starts WORKERS threads, which load the
// TypeScript sources through tsx (seconds each on a loaded machine).

/** Another audit service on the same database, verifying in threads as told. */
const serviceWith = (parallel: ParallelVerification) =>
  new AuditService({
    db: database.db,
    signer: app.services.keys,
    masterKey: TEST_MASTER_KEY,
    anchors: app.services.objects,
    parallel,
  });

/**
 * The verification in one pass, and on PostgreSQL also in WORKERS threads (whatever the length):
 * both must give the same result.
 */
async function verify(): Promise<VerifyResult> {
  const result = await app.services.audit.verify(organizationId);
  if (database.url) {
    const parallel = serviceWith({ databaseUrl: database.url, workers: WORKERS, minEvents: 1 });
    await parallel.open();
    expect(await parallel.verify(organizationId)).toEqual(result);
  }
  return result;
}

/** Applies a change to the chain, checks the verifications agree with the reference, undoes it. */
async function tampered(change: () => Promise<unknown>, undo: () => Promise<unknown>) {
  await change();
  try {
    const result = await verify();
    expect(result).toEqual(await referenceVerify());
    return result;
  } finally {
    await undo();
  }
}

const at = (index: number) => chain[index]!;
const setEvent = (index: number, values: PgUpdateSetSource<typeof auditEvents>) =>
  database.db
    .update(auditEvents)
    .set(values)
    .where(eq(auditEvents.id, at(index).id));

describe('chain verification over several pages', () => {
  it('finds a whole chain valid, as the reference does', async () => {
    expect(chain.length).toBeGreaterThan(PAGE + 1);
    const result = await verify();
    expect(result).toEqual({ valid: true, checked: chain.length });
    expect(await referenceVerify()).toEqual(result);
  });

  it('shares one check between callers asking at the same time', async () => {
    const first = app.services.audit.verify(organizationId);
    expect(app.services.audit.verify(organizationId)).toBe(first);
    expect(await first).toEqual({ valid: true, checked: chain.length });
    // Once done, the next call checks again (and sees what changed since).
    const later = app.services.audit.verify(organizationId);
    expect(later).not.toBe(first);
    await later;
  });

  it.each([
    ['the last event of the first page', PAGE - 1],
    ['the first event of the second page', PAGE],
    ['the newest event', -1],
  ])('names %s when its content changed', async (_, position) => {
    const index = position < 0 ? chain.length - 1 : position;
    const result = await tampered(
      () => setEvent(index, { actorIp: '203.0.113.9' }),
      () => setEvent(index, { actorIp: at(index).actorIp }),
    );
    expect(result).toEqual({
      valid: false,
      checked: index + 1,
      firstInvalidId: at(index).id,
      problem: 'this event was modified',
    });
  });

  it('names the event after one deleted at a page boundary', async () => {
    const result = await tampered(
      () => database.db.delete(auditEvents).where(eq(auditEvents.id, at(PAGE).id)),
      () => database.db.insert(auditEvents).overridingSystemValue().values(at(PAGE)),
    );
    expect(result).toMatchObject({
      valid: false,
      checked: PAGE + 1,
      firstInvalidId: at(PAGE + 1).id,
      problem: 'an event before this one was removed or altered',
    });
  });

  it('fails, and says so, when its threads cannot reach the database', async () => {
    const unreachable = serviceWith({
      databaseUrl: 'postgres://postgres@127.0.0.1:1/nowhere',
      workers: 2,
      minEvents: 1,
    });
    await unreachable.open();
    await expect(unreachable.verify(organizationId)).rejects.toThrow(
      /^audit verification worker failed: Failed query/,
    );
  });

  it('agrees with the reference at the joins of the parallel verification', async () => {
    // The threads split the chain by seq into WORKERS equal spans: the first event of each span
    // but the first is checked against the last hash of the span before.
    const head = chain.at(-1)!.seq;
    const joins = Array.from({ length: WORKERS - 1 }, (_, i) =>
      chain.findIndex((e) => e.seq > Math.round((head * (i + 1)) / WORKERS)),
    );
    expect(joins.every((index) => index > 0)).toBe(true);
    const [second, third] = joins as [number, number];
    const deleted = await tampered(
      () => database.db.delete(auditEvents).where(eq(auditEvents.id, at(second).id)),
      () => database.db.insert(auditEvents).overridingSystemValue().values(at(second)),
    );
    expect(deleted).toMatchObject({ checked: second + 1, firstInvalidId: at(second + 1).id });
    const lastOfSpan = await tampered(
      () => setEvent(second - 1, { targetId: 'changed' }),
      () => setEvent(second - 1, { targetId: at(second - 1).targetId }),
    );
    expect(lastOfSpan).toMatchObject({ checked: second, problem: 'this event was modified' });
    const relinked = await tampered(
      () => setEvent(third, { prevHash: at(third - 2).hash }),
      () => setEvent(third, { prevHash: at(third).prevHash }),
    );
    expect(relinked).toMatchObject({
      checked: third + 1,
      firstInvalidId: at(third).id,
      problem: 'an event before this one was removed or altered',
    });
  }, 120_000);

  it('agrees with the reference on edited jsonb, timestamps and links', async () => {
    // The exotic event is the one recorded just before the seeded chain.
    const exotic = chain.length - 11_001;
    const cases: [
      number,
      PgUpdateSetSource<typeof auditEvents>,
      keyof typeof auditEvents.$inferSelect,
    ][] = [
      [exotic, { changes: sql`${auditEvents.changes} || '{"9": 2}'::jsonb` }, 'changes'],
      [PAGE - 1, { occurredAt: new Date(at(PAGE - 1).occurredAt.getTime() + 1) }, 'occurredAt'],
      [PAGE, { prevHash: at(PAGE - 2).hash }, 'prevHash'],
      [PAGE + 1, { hash: null }, 'hash'],
    ];
    for (const [index, values, column] of cases) {
      const result = await tampered(
        () => setEvent(index, values),
        () => setEvent(index, { [column]: at(index)[column] }),
      );
      expect(result).toMatchObject({ valid: false, firstInvalidId: at(index).id });
    }
    expect(await verify()).toEqual({ valid: true, checked: chain.length });
  }, 120_000);
});
