import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { auditEvents } from '../../db/schema/index.ts';
import { createTestApp } from '../../test-support/app.ts';
import { seedCabinet } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { chainHash } from './audit.chain.ts';
import { CLI_CONTEXT, recordAudit, type VerifyResult } from './audit.service.ts';

// One page of the verification is 10,000 events: the seeded chain spans two pages.
const PAGE = 10_000;

let database: DatabaseHandle;
let app: App;
let organizationId: string;
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
    if (event.hash !== chainHash(prev, event, true)) {
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
      const hash = chainHash(prev, row);
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

const verify = () => app.services.audit.verify(organizationId);

/** Applies a change to the chain, checks both verifications agree, then undoes it. */
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
  });
});
