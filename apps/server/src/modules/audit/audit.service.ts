import type { Database } from '../../db/client.ts';
import type { ActorContext } from '../../platform/request-context.ts';
import { checkpointPayload } from './audit.chain.ts';
import {
  AUDIT_PAGE_SIZE,
  chainPages,
  verifyInParallel,
  verifySegment,
  type ParallelVerification,
} from './audit.verify.ts';
import {
  appendAuditEvent,
  chainHeadEvent,
  auditEventsAfter,
  deleteEventsUpTo,
  findEventAtSeq,
  insertCheckpoint,
  lastEventBefore,
  latestCheckpoint,
  listAuditEvents,
  listCheckpoints,
  listChains,
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

export type CheckpointReason = 'verified' | 'periodic' | 'purge';

export interface VerifyResult {
  valid: boolean;
  checked: number;
  firstInvalidId?: string;
  /** Why the chain is broken, for the operator. */
  problem?: string;
}

/** The audit log: listing, export, tamper-evidence checks, signed checkpoints and retention. */
export class AuditService {
  constructor(
    private readonly db: Database,
    private readonly signer: Signer,
    /** On PostgreSQL, long chains are verified by several threads (see verifyInParallel). */
    private readonly parallel?: ParallelVerification,
  ) {}

  /** The verifications in progress, by chain. */
  private readonly verifying = new Map<string, Promise<VerifyResult>>();

  /** Every chain: the cabinets with events or checkpoints, and the platform's (null). */
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
   * one and hash to its stored hash; every signed checkpoint must be genuine and still match the
   * event it names (so deleting the newest events shows too).
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

  private async verifyChain(organizationId: string | null): Promise<VerifyResult> {
    const purge = await latestCheckpoint(this.db, organizationId, 'purge');
    const start = { afterSeq: purge?.lastSeq ?? 0, prevHash: purge?.lastHash ?? null };
    const checkpoints = await listCheckpoints(this.db, organizationId);
    const watched = new Set(checkpoints.map((c) => c.lastSeq));
    const chain =
      (this.parallel &&
        (await verifyInParallel(this.db, organizationId, start, watched, this.parallel))) ??
      (await verifySegment(
        chainPages(this.db, organizationId, start.afterSeq),
        start.prevHash,
        watched,
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
    return { valid: true, checked };
  }

  /**
   * Signs the chain's current head so that later truncation or rewriting is detectable:
   * `verified` after a verification, `periodic` on the server's schedule (like CloudTrail's hourly
   * digests), `purge` at a retention cut.
   */
  async checkpoint(
    organizationId: string | null,
    reason: CheckpointReason,
    head?: { seq: number; hash: string },
  ) {
    const last = head ?? (await this.head(organizationId));
    if (!last) return undefined;
    const row = { organizationId, lastSeq: last.seq, lastHash: last.hash, reason };
    const { kid, signature } = await this.signer.signDetached(checkpointPayload(row));
    await insertCheckpoint(this.db, { ...row, kid, signature });
    return row;
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
      const deleted = await this.db.transaction(async (tx) => {
        const signed = await this.signer.signDetached(
          checkpointPayload({
            organizationId,
            lastSeq: last.seq,
            lastHash: last.hash ?? '',
            reason: 'purge',
          }),
        );
        await insertCheckpoint(tx, {
          organizationId,
          lastSeq: last.seq,
          lastHash: last.hash ?? '',
          reason: 'purge',
          ...signed,
        });
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
      results.push({ organizationId, deleted });
    }
    return results;
  }

  private async head(organizationId: string | null) {
    const last = await chainHeadEvent(this.db, organizationId);
    return last?.hash ? { seq: last.seq, hash: last.hash } : undefined;
  }
}

/**
 * Signs every grown chain's head every `everyMs` (see checkpointHeads), one pass at a time; returns
 * the function that stops it. The timer does not keep the process alive.
 */
export function scheduleCheckpoints(
  audit: AuditService,
  everyMs: number,
  report: {
    signed(chains: { organizationId: string | null; lastSeq: number }[]): void;
    failed(error: unknown): void;
  },
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    audit
      .checkpointHeads()
      .then((chains) => {
        if (chains.length > 0) report.signed(chains);
      }, report.failed)
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export { findEventAtSeq };
