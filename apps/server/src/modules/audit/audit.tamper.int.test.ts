// Rewrites by someone with write access to the database, but neither MASTER_KEY nor the object
// store (issue 13, finding 4): each verified as intact when the chain was unkeyed SHA-256 and the
// checkpoints lived only in the database.
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { auditCheckpoints, auditEvents } from '../../db/schema/index.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer, login, seedCabinet, type Tokens } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { listAnchors } from './audit.anchors.ts';
import { chainHash, type ChainKey } from './audit.chain.ts';
import { newChainKey } from './audit.keys.ts';
import { CLI_CONTEXT, recordAudit } from './audit.service.ts';

type EventRow = typeof auditEvents.$inferSelect;
type CheckpointRow = typeof auditCheckpoints.$inferSelect;

let database: DatabaseHandle;
let app: App;
let organizationId: string;
let adminTokens: Tokens;
/** The cabinet's events and checkpoints as seeded: each test starts from them. */
let events: EventRow[];
let checkpoints: CheckpointRow[];
/** The seqs of the periodic checkpoints signed (and anchored): after 5 events, then at the head. */
let firstAnchor: number;
let headAnchor: number;

async function grow(n: number) {
  for (let i = 0; i < n; i++) {
    await recordAudit(
      database.db,
      { ...CLI_CONTEXT, organizationId },
      { action: 'client.updated', targetType: 'client', targetId: `c${i}` },
    );
  }
}

const chainOf = () =>
  database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.organizationId, organizationId))
    .orderBy(asc(auditEvents.seq));

const checkpointsOf = () =>
  database.db
    .select()
    .from(auditCheckpoints)
    .where(eq(auditCheckpoints.organizationId, organizationId));

/** What the attacker does to follow an edit: every later hash recomputed, with `key` or none. */
async function rewriteFrom(chain: EventRow[], index: number, key: ChainKey | null) {
  let prev = chain[index - 1]?.hash ?? null;
  for (const event of chain.slice(index)) {
    const hash = chainHash(key, prev, event, true);
    await database.db
      .update(auditEvents)
      .set({ prevHash: prev, hash })
      .where(eq(auditEvents.id, event.id));
    prev = hash;
  }
}

const verify = () => app.services.audit.verify(organizationId);

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const cabinet = await seedCabinet(app);
  organizationId = cabinet.organization.id;
  adminTokens = await login(app, cabinet.admin.email);
  const periodic = async () =>
    (await app.services.audit.checkpointHeads()).find((c) => c.organizationId === organizationId)!
      .lastSeq;
  await grow(5);
  firstAnchor = await periodic();
  await grow(8);
  headAnchor = await periodic();
  events = await chainOf();
  expect(events.at(-1)!.seq).toBe(headAnchor);
  checkpoints = await checkpointsOf();
  expect(await verify()).toEqual({ valid: true, checked: events.length });
});

beforeEach(async () => {
  // Back to the seeded chain and checkpoints.
  await database.db.delete(auditEvents).where(eq(auditEvents.organizationId, organizationId));
  await database.db
    .delete(auditCheckpoints)
    .where(eq(auditCheckpoints.organizationId, organizationId));
  await database.db.insert(auditEvents).overridingSystemValue().values(events);
  await database.db.insert(auditCheckpoints).values(checkpoints);
});

afterAll(async () => {
  await app.close();
  await database.close();
});

describe('tamper evidence against database write access', () => {
  it('anchors each signed checkpoint in the object store, named by position, reason and hash', async () => {
    const anchors = await listAnchors(app.services.objects, organizationId);
    for (const seq of [firstAnchor, headAnchor]) {
      const anchored = events.find((e) => e.seq === seq)!;
      expect(anchors).toContainEqual(
        expect.objectContaining({ lastSeq: seq, reason: 'periodic', lastHash: anchored.hash }),
      );
    }
    const body = JSON.parse(
      (await app.services.objects.get(anchors.at(-1)!.key)).toString('utf8'),
    ) as { payload: string; kid: string; signature: string };
    expect(await app.services.keys.verifyDetached(body.kid, body.payload, body.signature)).toBe(
      true,
    );
  });

  it('(a) deleting the newest 5 events and the checkpoint naming them is detected', async () => {
    const survivors = events.slice(0, -5);
    const deleted = events.slice(-5);
    await database.db.delete(auditEvents).where(
      inArray(
        auditEvents.id,
        deleted.map((e) => e.id),
      ),
    );
    // The attacker removes every checkpoint beyond the new head: the chain alone looks whole.
    await database.db
      .delete(auditCheckpoints)
      .where(
        and(
          eq(auditCheckpoints.organizationId, organizationId),
          gt(auditCheckpoints.lastSeq, survivors.at(-1)!.seq),
        ),
      );
    expect(await verify()).toEqual({
      valid: false,
      checked: survivors.length,
      problem: `the signed checkpoint of #${headAnchor} (periodic) anchored outside the database is missing from it`,
    });
  });

  it.each([
    ['plain SHA-256', null],
    ['a key of its own', newChainKey()],
  ])(
    '(b) editing an event and recomputing the following hashes with %s is detected',
    async (_, key) => {
      // An event after the first checkpoint; the one at the head, which would show the rewrite,
      // is deleted: no signature covers the event any more, only the chain key.
      await database.db
        .delete(auditCheckpoints)
        .where(
          and(
            eq(auditCheckpoints.organizationId, organizationId),
            gt(auditCheckpoints.lastSeq, firstAnchor),
          ),
        );
      const index = events.findIndex((e) => e.seq > firstAnchor) + 2;
      const edited = { ...events[index]!, actorIp: '203.0.113.66' };
      await database.db
        .update(auditEvents)
        .set({ actorIp: edited.actorIp })
        .where(eq(auditEvents.id, edited.id));
      await rewriteFrom(
        [...events.slice(0, index), edited, ...events.slice(index + 1)],
        index,
        key,
      );
      expect(await verify()).toEqual({
        valid: false,
        checked: index + 1,
        firstInvalidId: edited.id,
        problem: 'this event was modified',
      });
    },
  );

  it('(c) deleting the checkpoints and rewriting the chain is detected', async () => {
    await database.db
      .delete(auditCheckpoints)
      .where(eq(auditCheckpoints.organizationId, organizationId));
    const index = 3;
    const edited = { ...events[index]!, action: 'auth.login' };
    await database.db
      .update(auditEvents)
      .set({ action: edited.action })
      .where(eq(auditEvents.id, edited.id));
    await rewriteFrom([...events.slice(0, index), edited, ...events.slice(index + 1)], index, null);
    const res = await app.inject({
      url: '/api/v1/audit-events/verify',
      headers: bearer(adminTokens),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ valid: false, firstInvalidId: edited.id });
  });

  it('(c) deleting the checkpoints alone is detected, and restoring them makes the chain whole', async () => {
    await database.db
      .delete(auditCheckpoints)
      .where(eq(auditCheckpoints.organizationId, organizationId));
    expect(await verify()).toMatchObject({
      valid: false,
      problem: expect.stringMatching(/anchored outside the database is missing from it$/),
    });
    await database.db.insert(auditCheckpoints).values(checkpoints);
    expect(await verify()).toEqual({ valid: true, checked: events.length });
  });

  it('writes each signed checkpoint to the log stream', async () => {
    const lines: { fields: object; message: string }[] = [];
    const { AuditService } = await import('./audit.service.ts');
    const logged = new AuditService({
      db: database.db,
      signer: app.services.keys,
      masterKey: (await import('../../test-support/app.ts')).TEST_MASTER_KEY,
      anchors: app.services.objects,
      log: {
        info: (fields, message) => lines.push({ fields, message }),
        warn: (fields, message) => lines.push({ fields, message }),
      },
    });
    await logged.open();
    const head = events.at(-1)!;
    await logged.checkpoint(organizationId, 'verified');
    expect(lines).toContainEqual({
      message: 'audit checkpoint signed',
      fields: {
        auditCheckpoint: expect.objectContaining({
          organizationId,
          lastSeq: head.seq,
          lastHash: head.hash,
          reason: 'verified',
          signature: expect.any(String),
        }),
      },
    });
  });
});
