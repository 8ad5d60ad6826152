import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.ts';
import {
  auditChainKeys,
  auditCheckpoints,
  auditEvents,
  organizations,
} from '../../db/schema/index.ts';
import { chainHash, type StoredChainEvent } from './audit.chain.ts';
import { rememberedChainKey } from './audit.keys.ts';

export type AuditEventRow = typeof auditEvents.$inferSelect;
export type AuditCheckpointRow = typeof auditCheckpoints.$inferSelect;
export type AuditEventInsert = Omit<
  typeof auditEvents.$inferInsert,
  'id' | 'seq' | 'occurredAt' | 'prevHash' | 'hash'
>;

/** Key of the advisory lock serialising the appends of one chain. */
const CHAIN_LOCK_CLASS = 4_242_003;
/** Key of the advisory lock serialising the making of the chain key (instances starting at once). */
const CHAIN_KEY_LOCK = 4_242_004;

const sameChain = (organizationId: string | null): SQL =>
  organizationId === null
    ? isNull(auditEvents.organizationId)
    : eq(auditEvents.organizationId, organizationId);
const sameCheckpointChain = (organizationId: string | null): SQL =>
  organizationId === null
    ? isNull(auditCheckpoints.organizationId)
    : eq(auditCheckpoints.organizationId, organizationId);

/** The hash the next event of a chain links to: its last event's, else its last purge's. */
async function chainHead(db: Database, organizationId: string | null): Promise<string | null> {
  const [last] = await db
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .where(sameChain(organizationId))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  if (last) return last.hash;
  const checkpoint = await latestCheckpoint(db, organizationId, 'purge');
  return checkpoint?.lastHash ?? null;
}

/**
 * Appends an event to its chain. The chain's advisory lock is held until the caller's transaction
 * ends, so appends are serialised and `seq` order is chain order.
 */
export async function appendAuditEvent(db: Database, event: AuditEventInsert): Promise<void> {
  await db.transaction(async (tx) => {
    const organizationId = event.organizationId ?? null;
    await tx.execute(
      sql`select pg_advisory_xact_lock(${CHAIN_LOCK_CLASS}, hashtext(${organizationId ?? 'platform'}))`,
    );
    const prevHash = await chainHead(tx, organizationId);
    const key = await currentChainKey(tx);
    if (!key) {
      throw new Error(
        'The audit chain key is not open in this process: start the services (AuditService.open) before recording audit events.',
      );
    }
    const row = {
      ...event,
      id: randomUUID(),
      organizationId,
      occurredAt: new Date(),
      actorId: event.actorId ?? null,
      actorIp: event.actorIp ?? null,
      userAgent: event.userAgent ?? null,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      changes: event.changes ?? null,
      requestId: event.requestId ?? null,
      traceId: event.traceId ?? null,
    };
    await tx.insert(auditEvents).values({ ...row, prevHash, hash: chainHash(key, prevHash, row) });
  });
}

/** The newest chain key's row (sealed). */
export async function chainKeyRow(db: Database) {
  const [row] = await db
    .select()
    .from(auditChainKeys)
    .orderBy(desc(auditChainKeys.version))
    .limit(1);
  return row;
}

/** The newest chain key, if this process opened it (AuditService.open). */
async function currentChainKey(db: Database) {
  const row = await chainKeyRow(db);
  return row ? rememberedChainKey(row.sealedKey) : undefined;
}

export async function allChainKeyRows(db: Database) {
  return db.select().from(auditChainKeys).orderBy(asc(auditChainKeys.version)).for('update');
}

export async function insertChainKey(db: Database, row: typeof auditChainKeys.$inferInsert) {
  await db.insert(auditChainKeys).values(row);
}

export async function updateChainKey(db: Database, version: number, sealedKey: string) {
  await db.update(auditChainKeys).set({ sealedKey }).where(eq(auditChainKeys.version, version));
}

/** Holds, until the transaction ends, the lock under which the chain key is made. */
export async function lockChainKey(tx: Database, organizationIds: (string | null)[]) {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_KEY_LOCK})`);
  // And every chain's append lock: no event is appended while the chains are cut.
  for (const organizationId of organizationIds) {
    await tx.execute(
      sql`select pg_advisory_xact_lock(${CHAIN_LOCK_CLASS}, hashtext(${organizationId ?? 'platform'}))`,
    );
  }
}

/** Whether any chain was ever keyed (a `rekey` checkpoint exists in the database). */
export async function hasRekeyCheckpoint(db: Database): Promise<boolean> {
  const [row] = await db
    .select({ id: auditCheckpoints.id })
    .from(auditCheckpoints)
    .where(eq(auditCheckpoints.reason, 'rekey'))
    .limit(1);
  return row !== undefined;
}

export interface AuditFilter {
  organizationId: string | null;
  action?: string | undefined;
  actorId?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  q?: string | undefined;
}

function filtered(f: AuditFilter): SQL | undefined {
  const escaped = f.q?.replace(/[\\%_]/g, (c) => `\\${c}`);
  return and(
    sameChain(f.organizationId),
    f.action ? eq(auditEvents.action, f.action) : undefined,
    f.actorId ? eq(auditEvents.actorId, f.actorId) : undefined,
    f.targetType ? eq(auditEvents.targetType, f.targetType) : undefined,
    f.targetId ? eq(auditEvents.targetId, f.targetId) : undefined,
    f.from ? gte(auditEvents.occurredAt, f.from) : undefined,
    f.to ? lt(auditEvents.occurredAt, f.to) : undefined,
    escaped
      ? sql`(${auditEvents.action} ilike ${`%${escaped}%`} or ${auditEvents.targetId} ilike ${`%${escaped}%`} or ${auditEvents.actorIp} ilike ${`%${escaped}%`})`
      : undefined,
  );
}

const cursorRow = alias(auditEvents, 'cursor_row');

/**
 * Newest first: by time of occurrence, then by chain order. Pages continue after the event of seq
 * `beforeSeq` (the cursor names an event, whose time is read back, so cursors keep their form).
 * Ordering by time lets every filter, time windows included, read its page straight from an index
 * ending in (occurred_at, seq); seq order alone made a time window scan every newer event.
 */
export async function listAuditEvents(
  db: Database,
  f: AuditFilter,
  page: { limit: number; beforeSeq?: number | undefined },
) {
  const after =
    page.beforeSeq === undefined
      ? undefined
      : sql`(${auditEvents.occurredAt}, ${auditEvents.seq}) < (${db
          .select({ occurredAt: cursorRow.occurredAt, seq: cursorRow.seq })
          .from(cursorRow)
          .where(
            and(
              f.organizationId === null
                ? isNull(cursorRow.organizationId)
                : eq(cursorRow.organizationId, f.organizationId),
              eq(cursorRow.seq, page.beforeSeq),
            ),
          )})`;
  return db
    .select()
    .from(auditEvents)
    .where(and(filtered(f), after))
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.seq))
    .limit(page.limit);
}

/** Oldest first, from after `afterSeq`: for exports and verification, a page at a time. */
export async function auditEventsAfter(
  db: Database,
  f: AuditFilter,
  afterSeq: number,
  limit: number,
) {
  return db
    .select()
    .from(auditEvents)
    .where(and(filtered(f), gt(auditEvents.seq, afterSeq)))
    .orderBy(asc(auditEvents.seq))
    .limit(limit);
}

/** A chain's newest event (its position and hash), if it has one. */
export async function chainHeadEvent(
  db: Database,
  organizationId: string | null,
): Promise<{ seq: number; hash: string | null } | undefined> {
  const [last] = await db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(sameChain(organizationId))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return last;
}

/**
 * A chain's events after `afterSeq` (up to `untilSeq`), oldest first, as the verification hashes
 * them: plain driver rows, `changes` and `occurredAt` as text. The ORM's row mapping is skipped on
 * purpose: over a million events it costs more than reading them.
 */
export async function chainEventsAfter(
  db: Database,
  organizationId: string | null,
  afterSeq: number,
  limit: number,
  untilSeq?: number,
): Promise<(StoredChainEvent & { seq: number })[]> {
  const result = await db.execute(sql`
    select seq, id, organization_id as "organizationId", actor_id as "actorId",
      actor_ip as "actorIp", user_agent as "userAgent", action, target_type as "targetType",
      target_id as "targetId", changes::text as changes, request_id as "requestId",
      trace_id as "traceId", occurred_at::text as "occurredAt", prev_hash as "prevHash", hash
    from ${auditEvents}
    where ${and(
      sameChain(organizationId),
      gt(auditEvents.seq, afterSeq),
      untilSeq === undefined ? undefined : lte(auditEvents.seq, untilSeq),
    )}
    order by seq
    limit ${limit}`);
  const rows = (result as unknown as { rows: (StoredChainEvent & { seq: number | string })[] })
    .rows;
  // bigint comes back as a string from node-postgres.
  for (const row of rows) row.seq = Number(row.seq);
  return rows as (StoredChainEvent & { seq: number })[];
}

export async function latestCheckpoint(
  db: Database,
  organizationId: string | null,
  reason?: string,
) {
  const [row] = await db
    .select()
    .from(auditCheckpoints)
    .where(
      and(
        sameCheckpointChain(organizationId),
        reason ? eq(auditCheckpoints.reason, reason) : undefined,
      ),
    )
    .orderBy(desc(auditCheckpoints.lastSeq), desc(auditCheckpoints.createdAt))
    .limit(1);
  return row;
}

export async function listCheckpoints(
  db: Database,
  organizationId: string | null,
): Promise<AuditCheckpointRow[]> {
  return db
    .select()
    .from(auditCheckpoints)
    .where(sameCheckpointChain(organizationId))
    .orderBy(asc(auditCheckpoints.lastSeq));
}

export async function insertCheckpoint(
  db: Database,
  row: typeof auditCheckpoints.$inferInsert,
): Promise<void> {
  await db.insert(auditCheckpoints).values(row);
}

export async function findEventAtSeq(
  db: Database,
  seq: number,
): Promise<AuditEventRow | undefined> {
  const [row] = await db.select().from(auditEvents).where(eq(auditEvents.seq, seq));
  return row;
}

/**
 * The chains that exist: every cabinet (with events and checkpoints or not: a chain emptied by
 * hand must still be compared with its anchors) and the platform's.
 */
export async function listChains(db: Database): Promise<(string | null)[]> {
  const rows = await db.execute<{ organization_id: string | null }>(
    sql`select distinct organization_id from ${auditEvents} union select distinct organization_id from ${auditCheckpoints} union select id from ${organizations} union select null`,
  );
  return (rows as unknown as { rows: { organization_id: string | null }[] }).rows.map(
    (r) => r.organization_id,
  );
}

/** The newest event of a chain that happened before `before`. */
export async function lastEventBefore(db: Database, organizationId: string | null, before: Date) {
  const [row] = await db
    .select()
    .from(auditEvents)
    .where(and(sameChain(organizationId), lt(auditEvents.occurredAt, before)))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return row;
}

export async function deleteEventsUpTo(
  db: Database,
  organizationId: string | null,
  lastSeq: number,
): Promise<number> {
  const rows = await db
    .delete(auditEvents)
    .where(and(sameChain(organizationId), lte(auditEvents.seq, lastSeq)))
    .returning({ id: auditEvents.id });
  return rows.length;
}
