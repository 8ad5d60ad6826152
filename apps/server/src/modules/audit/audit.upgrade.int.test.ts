// The upgrade of chains written before ADR 0013 (unkeyed SHA-256) to keyed chains: a signed
// `rekey` cut at each chain's head, run when the services start (serve, migrate, every command).
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import {
  auditChainKeys,
  auditCheckpoints,
  auditEvents,
  organizations,
} from '../../db/schema/index.ts';
import { DecryptionError } from '../../platform/crypto/index.ts';
import { createTestApp, TEST_MASTER_KEY } from '../../test-support/app.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { listAnchors } from './audit.anchors.ts';
import { chainHash } from './audit.chain.ts';
import { AuditChainKeyMissingError } from './audit.keys.ts';
import { AuditService, CLI_CONTEXT, recordAudit } from './audit.service.ts';

type EventRow = typeof auditEvents.$inferSelect;

/** A database as the previous version left it: a cabinet with an unkeyed chain of `n` events. */
async function oldDatabase(n: number) {
  const database = await createTestDatabase();
  const [cabinet] = await database.db
    .insert(organizations)
    .values({ name: 'Cabinet d’avant' })
    .returning();
  const organizationId = cabinet!.id;
  let prev: string | null = null;
  const rows: EventRow[] = [];
  for (let i = 0; i < n; i++) {
    const row = {
      id: randomUUID(),
      organizationId,
      actorId: null,
      actorIp: '10.0.0.1',
      userAgent: 'Mozilla/5.0',
      action: 'client.updated',
      targetType: 'client',
      targetId: `c${i}`,
      changes: { notes: { before: null, after: `n${i}` } },
      requestId: randomUUID(),
      traceId: null,
      occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 1_000),
    };
    const hash = chainHash(null, prev, row);
    const [stored] = await database.db
      .insert(auditEvents)
      .values({ ...row, prevHash: prev, hash })
      .returning();
    rows.push(stored!);
    prev = hash;
  }
  return { database, organizationId, events: rows };
}

const rekeyCuts = (database: DatabaseHandle, organizationId: string) =>
  database.db
    .select()
    .from(auditCheckpoints)
    .where(
      and(
        eq(auditCheckpoints.organizationId, organizationId),
        eq(auditCheckpoints.reason, 'rekey'),
      ),
    );

describe('a database with unkeyed chains', () => {
  let database: DatabaseHandle;
  let app: App;
  let organizationId: string;
  let events: EventRow[];

  beforeAll(async () => {
    ({ database, organizationId, events } = await oldDatabase(30));
    // Starting the services upgrades the chains.
    app = await createTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const service = (masterKey = TEST_MASTER_KEY) =>
    new AuditService({
      db: database.db,
      signer: app.services.keys,
      masterKey,
      anchors: app.services.objects,
    });

  it('upgrades: a signed rekey cut at the head, anchored; old events still verify', async () => {
    const head = events.at(-1)!;
    expect(await rekeyCuts(database, organizationId)).toMatchObject([
      { lastSeq: head.seq, lastHash: head.hash },
    ]);
    expect(await listAnchors(app.services.objects, organizationId)).toMatchObject([
      { lastSeq: head.seq, reason: 'rekey', lastHash: head.hash },
    ]);
    // The platform's chain is cut too, even empty: it marks the installation as keyed.
    expect(
      (await listAnchors(app.services.objects, null)).filter((a) => a.reason === 'rekey'),
    ).toHaveLength(1);
    expect(await app.services.audit.verify(organizationId)).toEqual({
      valid: true,
      checked: events.length,
    });
  });

  it('chains new events with the key after the cut, and verifies both stretches', async () => {
    await recordAudit(
      database.db,
      { ...CLI_CONTEXT, organizationId },
      { action: 'client.created', targetType: 'client', targetId: 'new' },
    );
    const [newest] = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.organizationId, organizationId))
      .orderBy(asc(auditEvents.seq))
      .offset(events.length);
    expect(newest!.prevHash).toBe(events.at(-1)!.hash);
    // Not the unkeyed hash any more.
    expect(newest!.hash).not.toBe(chainHash(null, newest!.prevHash, newest!, true));
    expect(await app.services.audit.verify(organizationId)).toEqual({
      valid: true,
      checked: events.length + 1,
    });
  });

  it('is idempotent: starting again cuts nothing more', async () => {
    await service().open();
    await service().open();
    expect(await rekeyCuts(database, organizationId)).toHaveLength(1);
    expect(await database.db.select().from(auditChainKeys)).toHaveLength(1);
  });

  it('the old stretch stays protected: rewritten with SHA-256 up to the cut, it is detected', async () => {
    const index = 10;
    const edited = { ...events[index]!, actorIp: '203.0.113.66' };
    let prev = events[index - 1]!.hash;
    for (const event of [edited, ...events.slice(index + 1)]) {
      const hash = chainHash(null, prev, event, true);
      await database.db
        .update(auditEvents)
        .set({ actorIp: event.actorIp, prevHash: prev, hash })
        .where(eq(auditEvents.id, event.id));
      prev = hash;
    }
    try {
      expect(await app.services.audit.verify(organizationId)).toMatchObject({ valid: false });
    } finally {
      for (const event of events.slice(index)) {
        await database.db
          .update(auditEvents)
          .set({ actorIp: event.actorIp, prevHash: event.prevHash, hash: event.hash })
          .where(eq(auditEvents.id, event.id));
      }
    }
    expect((await app.services.audit.verify(organizationId)).valid).toBe(true);
  });

  it('refuses to open with another master key, naming it', async () => {
    await expect(service(Buffer.alloc(32, 7)).open()).rejects.toThrow(DecryptionError);
    await expect(service(Buffer.alloc(32, 7)).open()).rejects.toThrow(/MASTER_KEY/);
  });

  it('keeps verifying after the master key is rotated (the chain key is re-sealed)', async () => {
    const newMasterKey = Buffer.alloc(32, 9);
    await database.db.transaction((tx) =>
      AuditService.resealAll(tx, TEST_MASTER_KEY, newMasterKey),
    );
    try {
      const rotated = service(newMasterKey);
      await rotated.open();
      expect(await rotated.verify(organizationId)).toMatchObject({ valid: true });
    } finally {
      await database.db.transaction((tx) =>
        AuditService.resealAll(tx, newMasterKey, TEST_MASTER_KEY),
      );
    }
  });

  it('refuses to start when the chain key was deleted, even with the rekey cuts gone too', async () => {
    const keys = await database.db.select().from(auditChainKeys);
    const cuts = await database.db
      .select()
      .from(auditCheckpoints)
      .where(eq(auditCheckpoints.reason, 'rekey'));
    await database.db.delete(auditChainKeys);
    try {
      await expect(service().open()).rejects.toThrow(AuditChainKeyMissingError);
      // Without the database's cuts, the anchored one still says the chains were keyed.
      await database.db.delete(auditCheckpoints).where(eq(auditCheckpoints.reason, 'rekey'));
      await expect(service().open()).rejects.toThrow(AuditChainKeyMissingError);
    } finally {
      await database.db.insert(auditChainKeys).values(keys);
      await database.db.insert(auditCheckpoints).values(cuts).onConflictDoNothing();
    }
    expect(await rekeyCuts(database, organizationId)).toHaveLength(1);
  });
});

describe('a tampered unkeyed chain', () => {
  let database: DatabaseHandle;
  let app: App;

  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('is not laundered by the upgrade: it stays reported broken, at the same event', async () => {
    const old = await oldDatabase(12);
    database = old.database;
    const victim = old.events[4]!;
    await database.db
      .update(auditEvents)
      .set({ targetId: 'changed' })
      .where(eq(auditEvents.id, victim.id));
    app = await createTestApp(database);
    expect(await rekeyCuts(database, old.organizationId)).toHaveLength(1);
    expect(await app.services.audit.verify(old.organizationId)).toEqual({
      valid: false,
      checked: 5,
      firstInvalidId: victim.id,
      problem: 'this event was modified',
    });
  });
});
