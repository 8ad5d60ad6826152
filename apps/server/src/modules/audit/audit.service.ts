import type { Database } from '../../db/client.ts';
import {
  StorageFullError,
  StorageUnavailableError,
  type ObjectStore,
} from '../../platform/storage/index.ts';
import type { ActorContext } from '../../platform/request-context.ts';
import { DecryptionError } from '../../platform/crypto/index.ts';
import { anchorKey, listAnchors, writeAnchor, type AnchoredCheckpoint } from './audit.anchors.ts';
import { checkpointPayload, type ChainKey } from './audit.chain.ts';
import {
  AuditChainKeyMissingError,
  newChainKey,
  openChainKey,
  resealChainKey,
  sealChainKey,
} from './audit.keys.ts';
import {
  AUDIT_PAGE_SIZE,
  chainPages,
  verifyInParallel,
  verifySegment,
  type ChainKeying,
  type ParallelVerification,
} from './audit.verify.ts';
import {
  allChainKeyRows,
  appendAuditEvent,
  chainHeadEvent,
  chainKeyRow,
  auditEventsAfter,
  deleteEventsUpTo,
  findEventAtSeq,
  hasRekeyCheckpoint,
  insertChainKey,
  insertCheckpoint,
  lastEventBefore,
  latestCheckpoint,
  listAuditEvents,
  listCheckpoints,
  listChains,
  lockChainKey,
  updateChainKey,
  type AuditEventRow,
  type AuditFilter,
} from './audit.repository.ts';

export type { ActorContext };

export interface AuditRecord {
  /** `<entity>.<past verb>`: auth.login, user.created, keys.rotated, … */
  action: string;
  targetType?: string;
  targetId?: string;
  /** Before/after of the changed fields; never secrets. */
  changes?: Record<string, unknown>;
  /** Overrides the context's cabinet (e.g. a failed login names the account's cabinet). */
  organizationId?: string | null;
  actorId?: string | null;
}

export const CLI_CONTEXT: ActorContext = {
  organizationId: null,
  actorId: null,
  ip: null,
  userAgent: 'monassurance-cli',
  requestId: null,
};

/**
 * Records one audit event, appended to its cabinet's hash chain. Call it with the transaction
 * that makes the change, so the change and its record commit or roll back together.
 */
export async function recordAudit(
  db: Database,
  context: ActorContext,
  record: AuditRecord,
): Promise<void> {
  await appendAuditEvent(db, {
    organizationId:
      record.organizationId !== undefined ? record.organizationId : context.organizationId,
    actorId: record.actorId !== undefined ? record.actorId : context.actorId,
    actorIp: context.ip,
    userAgent: context.userAgent?.slice(0, 512) ?? null,
    action: record.action,
    targetType: record.targetType ?? null,
    targetId: record.targetId ?? null,
    changes: record.changes ?? null,
    requestId: context.requestId,
    traceId: context.traceId ?? null,
  });
}

/** Signs and checks statements (the platform's Ed25519 signing keys). */
export interface Signer {
  signDetached(data: string): Promise<{ kid: string; signature: string }>;
  verifyDetached(kid: string, data: string, signature: string): Promise<boolean>;
}

/**
 * `rekey`: the cut at which a chain's events start being keyed (ADR 0013); the events up to it
 * keep their unkeyed hashes.
 */
export type CheckpointReason = 'verified' | 'periodic' | 'purge' | 'rekey';

/** Where each signed checkpoint is also written: the log stream (one info line per checkpoint). */
export interface CheckpointLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface VerifyResult {
  valid: boolean;
  checked: number;
  firstInvalidId?: string;
  /** Why the chain is broken, for the operator. */
  problem?: string;
}

export interface AuditServiceDependencies {
  db: Database;
  signer: Signer;
  /** Opens the chain key, which is kept sealed in the database. */
  masterKey: Buffer;
  /** Where signed checkpoints are anchored outside the database (audit-checkpoints/…). */
  anchors: ObjectStore;
  log?: CheckpointLog | undefined;
  /** On PostgreSQL, long chains are verified by several threads (see verifyInParallel). */
  parallel?: ParallelVerification | undefined;
}

const CHAIN_KEY_VERSION = 1;

/** The database row of a signed checkpoint. */
const checkpointRow = (c: AnchoredCheckpoint) => ({
  organizationId: c.organizationId,
  lastSeq: c.lastSeq,
  lastHash: c.lastHash,
  reason: c.reason,
  kid: c.kid,
  signature: c.signature,
});
/** Every event is checked as unkeyed: how the chains are reported before their upgrade. */
const UNKEYED: ChainKeying = { key: null, keyedAfterSeq: Number.MAX_SAFE_INTEGER };

/** The audit log: listing, export, tamper-evidence checks, signed checkpoints and retention. */
export class AuditService {
  private readonly db: Database;
  private readonly signer: Signer;

  constructor(private readonly deps: AuditServiceDependencies) {
    this.db = deps.db;
    this.signer = deps.signer;
  }

  /** The verifications in progress, by chain. */
  private readonly verifying = new Map<string, Promise<VerifyResult>>();
  private key: ChainKey | undefined;
  private opening: Promise<void> | undefined;

  /**
   * Opens the chain key, so that events can be recorded and chains verified; run at start-up
   * (`serve`, `migrate`, every CLI command). The first time on a database whose chains predate
   * keyed chains, it upgrades them (idempotent, see `upgradeChains`).
   */
  open(): Promise<void> {
    this.opening ??= this.openChainKey().catch((error: unknown) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  private async openChainKey(): Promise<void> {
    const row = await chainKeyRow(this.db);
    if (row) {
      this.key = openChainKey(this.deps.masterKey, row.version, row.sealedKey);
      try {
        await this.reanchorPlatformCut();
      } catch (error) {
        // An unreachable store must not keep the server down (readiness reports it); the cut
        // stays in the database and is anchored again at the next start.
        if (!(error instanceof StorageUnavailableError || error instanceof StorageFullError))
          throw error;
        this.deps.log?.warn({ err: error }, 'audit rekey cut not re-anchored: storage unavailable');
      }
      return;
    }
    await this.upgradeChains();
  }

  /**
   * Keys the chains of a database that has none yet. Old events keep their unkeyed SHA-256 hashes
   * and are still checked with it; a signed `rekey` checkpoint at each chain's head marks where
   * the HMACs start (the platform's chain always gets one: it marks the installation as keyed).
   * The cut vouches for nothing: a chain broken before stays reported broken after. Refused when
   * the chains were keyed before (a `rekey` checkpoint, in the database or in the store) — the key
   * was then deleted, and a new one would accept a rewritten chain.
   */
  private async upgradeChains(): Promise<void> {
    if (
      (await hasRekeyCheckpoint(this.db)) ||
      (await listAnchors(this.deps.anchors, null)).some((a) => a.reason === 'rekey')
    ) {
      throw new AuditChainKeyMissingError();
    }
    const chains = await listChains(this.db);
    // What the unkeyed chains are worth, said once in the log before they are cut.
    for (const organizationId of chains) {
      const result = await this.verifyChain(organizationId, UNKEYED);
      if (result.checked === 0 && result.valid) continue;
      this.deps.log?.[result.valid ? 'info' : 'warn'](
        { organizationId, ...result },
        result.valid
          ? 'audit chain verified before keying'
          : 'audit chain broken before keying: it stays reported broken',
      );
    }
    // Signed before the transaction (the signer reads its key from the database, which on PGlite
    // waits for the transaction); no event can be appended meanwhile: appends need the key.
    const cuts: AnchoredCheckpoint[] = [];
    for (const organizationId of chains) {
      const head = await chainHeadEvent(this.db, organizationId);
      if (!head && organizationId !== null) continue;
      const cut = head ? { seq: head.seq, hash: head.hash ?? 'none' } : { seq: 0, hash: 'genesis' };
      cuts.push(await this.signCheckpoint(organizationId, 'rekey', cut));
    }
    const key = newChainKey();
    const sealedKey = sealChainKey(this.deps.masterKey, CHAIN_KEY_VERSION, key);
    const keyed = await this.db.transaction(async (tx) => {
      await lockChainKey(tx, chains);
      // Another instance starting at the same time keyed them first.
      if (await chainKeyRow(tx)) return false;
      for (const cut of cuts) {
        const head = await chainHeadEvent(tx, cut.organizationId);
        if ((head?.seq ?? 0) !== cut.lastSeq) {
          throw new Error(
            'An audit chain grew while the chains were being keyed: an instance of an older version is still running. Stop it, then start again.',
          );
        }
      }
      await insertChainKey(tx, { version: CHAIN_KEY_VERSION, sealedKey });
      for (const cut of cuts) await insertCheckpoint(tx, checkpointRow(cut));
      return true;
    });
    if (!keyed) {
      await this.openChainKey();
      return;
    }
    this.key = openChainKey(this.deps.masterKey, CHAIN_KEY_VERSION, sealedKey);
    // The checkpoints signed before the upgrade are anchored too, then the cuts.
    for (const organizationId of chains) {
      for (const checkpoint of await listCheckpoints(this.db, organizationId)) {
        if (checkpoint.reason === 'rekey') continue;
        await writeAnchor(this.deps.anchors, {
          ...checkpoint,
          payload: checkpointPayload(checkpoint),
          createdAt: checkpoint.createdAt.toISOString(),
        });
      }
    }
    for (const cut of cuts) await this.anchor(cut);
  }

  /**
   * The platform's `rekey` cut is what tells a later start that the chains are keyed: written
   * again when a crash lost it between the upgrade's commit and its anchoring.
   */
  private async reanchorPlatformCut(): Promise<void> {
    const cut = (await listCheckpoints(this.db, null)).find((c) => c.reason === 'rekey');
    if (!cut || (await this.deps.anchors.exists(anchorKey(cut)))) return;
    await this.anchor({
      ...cut,
      payload: checkpointPayload(cut),
      createdAt: cut.createdAt.toISOString(),
    });
  }

  /**
   * Re-seals every chain key from one master key to another (rotate-master-key, in its
   * transaction); returns how many.
   */
  static async resealAll(db: Database, oldMasterKey: Buffer, newMasterKey: Buffer) {
    const rows = await allChainKeyRows(db);
    for (const row of rows) {
      await updateChainKey(
        db,
        row.version,
        resealChainKey(oldMasterKey, newMasterKey, row.version, row.sealedKey),
      );
    }
    return rows.length;
  }

  /** The chain keys that `masterKey` does not open (the start-up master-key check). */
  static async unopenedKeys(
    db: Database,
    masterKey: Buffer,
  ): Promise<{ checked: number; unopened: string[] }> {
    const rows = await allChainKeyRows(db);
    const unopened = rows.filter((row) => {
      try {
        openChainKey(masterKey, row.version, row.sealedKey);
        return false;
      } catch (error) {
        if (error instanceof DecryptionError) return true;
        throw error;
      }
    });
    return { checked: rows.length, unopened: unopened.map((r) => `audit chain key v${r.version}`) };
  }

  /** Every chain: the cabinets and the platform's (null). */
  chains() {
    return listChains(this.db);
  }

  list(filter: AuditFilter, page: { limit: number; beforeSeq?: number | undefined }) {
    return listAuditEvents(this.db, filter, page);
  }

  /** Every matching event, oldest first, a page at a time: exports run in constant memory. */
  async *stream(filter: AuditFilter & { afterSeq?: number }): AsyncGenerator<AuditEventRow> {
    // The next page is fetched while the caller works on this one (hashing, writing).
    const page = AUDIT_PAGE_SIZE;
    let next = auditEventsAfter(this.db, filter, filter.afterSeq ?? 0, page);
    for (;;) {
      const rows = await next;
      const last = rows.at(-1);
      if (rows.length === page && last) next = auditEventsAfter(this.db, filter, last.seq, page);
      yield* rows;
      if (rows.length < page) return;
    }
  }

  /**
   * Recomputes the chain of a cabinet (null: the platform's): each event must link to the previous
   * one and hash to its stored hash (an HMAC with the chain key after the chain's `rekey` cut);
   * every signed checkpoint must be genuine and still match the event it names (so deleting the
   * newest events shows too); every checkpoint anchored in the object store must still be in the
   * database (so deleting checkpoints, then rewriting or cutting the chain, shows too).
   */
  verify(organizationId: string | null): Promise<VerifyResult> {
    // Callers asking while the chain is being checked share that check: one verification per
    // chain at a time, however many auditors press the button.
    const key = organizationId ?? 'platform';
    let running = this.verifying.get(key);
    if (!running) {
      running = this.verifyChain(organizationId).finally(() => this.verifying.delete(key));
      this.verifying.set(key, running);
    }
    return running;
  }

  private async verifyChain(
    organizationId: string | null,
    keyingOverride?: ChainKeying,
  ): Promise<VerifyResult> {
    const purge = await latestCheckpoint(this.db, organizationId, 'purge');
    const start = { afterSeq: purge?.lastSeq ?? 0, prevHash: purge?.lastHash ?? null };
    const checkpoints = await listCheckpoints(this.db, organizationId);
    const keying = keyingOverride ?? this.keying(checkpoints);
    const watched = new Set(checkpoints.map((c) => c.lastSeq));
    const parallel = this.deps.parallel;
    const chain =
      (parallel &&
        (await verifyInParallel(this.db, organizationId, start, watched, keying, parallel))) ??
      (await verifySegment(
        chainPages(this.db, organizationId, start.afterSeq),
        start.prevHash,
        watched,
        keying,
      ));
    const { checked, failure } = chain;
    if (failure) {
      return { valid: false, checked, firstInvalidId: failure.id, problem: failure.problem };
    }
    const hashes = new Map(chain.hashes);
    for (const checkpoint of checkpoints) {
      const genuine = await this.signer.verifyDetached(
        checkpoint.kid,
        checkpointPayload(checkpoint),
        checkpoint.signature,
      );
      if (!genuine)
        return {
          valid: false,
          checked,
          problem: `checkpoint ${checkpoint.id} has a bad signature`,
        };
      if (
        checkpoint.lastSeq > start.afterSeq &&
        hashes.get(checkpoint.lastSeq) !== checkpoint.lastHash
      ) {
        return {
          valid: false,
          checked,
          problem: `events up to #${checkpoint.lastSeq} no longer match a signed checkpoint`,
        };
      }
    }
    const inDatabase = new Set(checkpoints.map(anchorKey));
    for (const anchored of await listAnchors(this.deps.anchors, organizationId)) {
      if (!inDatabase.has(anchored.key)) {
        return {
          valid: false,
          checked,
          problem: `the signed checkpoint of #${anchored.lastSeq} (${anchored.reason}) anchored outside the database is missing from it`,
        };
      }
    }
    return { valid: true, checked };
  }

  /** How the chain's events are hashed: keyed after its `rekey` cut (all of them without one). */
  private keying(checkpoints: { reason: string; lastSeq: number }[]): ChainKeying {
    if (!this.key) {
      throw new Error('The audit chain key is not open: call AuditService.open() first.');
    }
    const cuts = checkpoints.filter((c) => c.reason === 'rekey').map((c) => c.lastSeq);
    return { key: this.key, keyedAfterSeq: cuts.length > 0 ? Math.max(...cuts) : 0 };
  }

  /**
   * Signs the chain's current head so that later truncation or rewriting is detectable:
   * `verified` after a verification, `periodic` on the server's schedule (like CloudTrail's hourly
   * digests), `purge` at a retention cut. Written to the database, the object store and the log.
   */
  async checkpoint(
    organizationId: string | null,
    reason: CheckpointReason,
    head?: { seq: number; hash: string },
  ) {
    const last = head ?? (await this.head(organizationId));
    if (!last) return undefined;
    const signed = await this.signCheckpoint(organizationId, reason, last);
    await insertCheckpoint(this.db, checkpointRow(signed));
    await this.anchor(signed);
    return {
      organizationId,
      lastSeq: signed.lastSeq,
      lastHash: signed.lastHash,
      reason: signed.reason,
    };
  }

  /**
   * Signs a checkpoint; the caller stores it. Never inside a transaction: the signer reads its key
   * from the database, which on PGlite (one connection) waits for the transaction to end.
   */
  private async signCheckpoint(
    organizationId: string | null,
    reason: CheckpointReason,
    head: { seq: number; hash: string },
  ): Promise<AnchoredCheckpoint> {
    const row = { organizationId, lastSeq: head.seq, lastHash: head.hash, reason };
    const payload = checkpointPayload(row);
    const { kid, signature } = await this.signer.signDetached(payload);
    return { ...row, kid, signature, payload, createdAt: new Date().toISOString() };
  }

  /** Writes a signed checkpoint outside the database: the object store, and the log stream. */
  private async anchor(checkpoint: AnchoredCheckpoint): Promise<void> {
    // The log line first: it is the anchor that remains when the store is unreachable.
    this.deps.log?.info({ auditCheckpoint: checkpoint }, 'audit checkpoint signed');
    await writeAnchor(this.deps.anchors, checkpoint);
  }

  /**
   * Signs the head of every chain that grew since its last checkpoint. Signing needs no
   * verification: a checkpoint only pins what the chain held then, and events already broken stay
   * broken. Deleting the newest events after it is what it reveals.
   */
  async checkpointHeads(): Promise<{ organizationId: string | null; lastSeq: number }[]> {
    const signed = [];
    for (const organizationId of await listChains(this.db)) {
      const head = await this.head(organizationId);
      const latest = await latestCheckpoint(this.db, organizationId);
      if (!head || (latest && latest.lastSeq >= head.seq)) continue;
      await this.checkpoint(organizationId, 'periodic', head);
      signed.push({ organizationId, lastSeq: head.seq });
    }
    return signed;
  }

  /**
   * Verifies every chain; signs a checkpoint for each valid one, at the head it had when the
   * verification started (every event up to it was checked).
   */
  async verifyAll(options: {
    checkpoint: boolean;
  }): Promise<{ organizationId: string | null; result: VerifyResult }[]> {
    const results = [];
    for (const organizationId of await listChains(this.db)) {
      const head = await this.head(organizationId);
      const result = await this.verify(organizationId);
      if (result.valid && head && options.checkpoint) {
        await this.checkpoint(organizationId, 'verified', head);
      }
      results.push({ organizationId, result });
    }
    return results;
  }

  /**
   * Deletes the events older than `days`, chain by chain, keeping each chain verifiable: a signed
   * purge checkpoint keeps the hash at the cut, and the purge itself is recorded.
   */
  async purgeOlderThan(
    days: number,
    context: ActorContext,
    now = new Date(),
  ): Promise<{ organizationId: string | null; deleted: number }[]> {
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    const results = [];
    for (const organizationId of await listChains(this.db)) {
      const last = await lastEventBefore(this.db, organizationId, cutoff);
      if (!last?.hash) continue;
      const signed = await this.signCheckpoint(organizationId, 'purge', {
        seq: last.seq,
        hash: last.hash,
      });
      const deleted = await this.db.transaction(async (tx) => {
        await insertCheckpoint(tx, checkpointRow(signed));
        const count = await deleteEventsUpTo(tx, organizationId, last.seq);
        await recordAudit(
          tx,
          { ...context, organizationId },
          {
            action: 'audit.purged',
            targetType: 'audit_events',
            changes: { deleted: count, before: cutoff.toISOString(), days },
          },
        );
        return count;
      });
      // Anchored once committed: an anchor naming a rolled-back cut would read as a deleted one.
      await this.anchor(signed);
      results.push({ organizationId, deleted });
    }
    return results;
  }

  private async head(organizationId: string | null) {
    const last = await chainHeadEvent(this.db, organizationId);
    return last?.hash ? { seq: last.seq, hash: last.hash } : undefined;
  }
}

export { findEventAtSeq };
