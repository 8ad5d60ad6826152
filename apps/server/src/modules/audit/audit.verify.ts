import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Database } from '../../db/client.ts';
import { storedEventHash, type ChainKey, type StoredChainEvent } from './audit.chain.ts';
import { chainEventsAfter, chainHeadEvent } from './audit.repository.ts';
import { workerEntry } from '../../platform/worker-entry.ts';

/**
 * Events per query of exports and verifications. Small enough that a page and the one read ahead
 * stay in V8's young generation (10,000 cost ~5 % more time in garbage collection).
 */
export const AUDIT_PAGE_SIZE = 2_000;

export const PROBLEM_UNLINKED = 'an event before this one was removed or altered';
export const PROBLEM_MODIFIED = 'this event was modified';

/**
 * How a chain's events are hashed: events up to `keyedAfterSeq` (its signed `rekey` checkpoint)
 * were written before the chains were keyed and keep their unkeyed SHA-256; the ones after it are
 * HMACs with the chain key (ADR 0013).
 */
export interface ChainKeying {
  /** None: every event is checked as unkeyed (the chains before their upgrade). */
  key: ChainKey | null;
  keyedAfterSeq: number;
}

/** What checking a stretch of a chain found (the whole chain, or one worker's part of it). */
export interface SegmentResult {
  checked: number;
  /** The first broken event of the stretch, in chain order. */
  failure?: { id: string; problem: string };
  /** Its first event: its id and the hash it links to (checked by whoever knows the one before). */
  first?: { id: string; prevHash: string | null };
  /** The hash of its last event. */
  lastHash: string | null;
  /** The hashes of the watched events (those signed checkpoints name), by seq. */
  hashes: [number, string][];
}

/**
 * A chain's events after `afterSeq` (up to `untilSeq`), in pages of AUDIT_PAGE_SIZE, each read
 * while the previous one is checked.
 */
export async function* chainPages(
  db: Database,
  organizationId: string | null,
  afterSeq: number,
  untilSeq?: number,
) {
  let next = chainEventsAfter(db, organizationId, afterSeq, AUDIT_PAGE_SIZE, untilSeq);
  for (;;) {
    const events = await next;
    const last = events.at(-1);
    if (events.length === AUDIT_PAGE_SIZE && last) {
      next = chainEventsAfter(db, organizationId, last.seq, AUDIT_PAGE_SIZE, untilSeq);
    }
    yield events;
    if (events.length < AUDIT_PAGE_SIZE) return;
  }
}

/**
 * Checks consecutive events of a chain: each must link to the hash of the one before and hash to
 * its stored hash. `prevHash` is the hash the first one must link to; undefined when the caller
 * checks that link itself (a stretch in the middle of the chain).
 */
export async function verifySegment(
  pages: AsyncIterable<(StoredChainEvent & { seq: number })[]>,
  prevHash: string | null | undefined,
  watched: ReadonlySet<number>,
  keying: ChainKeying,
): Promise<SegmentResult> {
  const { key, keyedAfterSeq } = keying;
  const result: SegmentResult = { checked: 0, lastHash: prevHash ?? null, hashes: [] };
  let prev = prevHash;
  for await (const events of pages) {
    for (const event of events) {
      result.checked++;
      if (!result.first) {
        result.first = { id: event.id, prevHash: event.prevHash };
        if (prev === undefined) prev = event.prevHash;
      }
      if (event.prevHash !== prev) {
        result.failure = { id: event.id, problem: PROBLEM_UNLINKED };
        return result;
      }
      if (event.hash !== storedEventHash(event, event.seq > keyedAfterSeq ? key : null)) {
        result.failure = { id: event.id, problem: PROBLEM_MODIFIED };
        return result;
      }
      prev = event.hash;
      result.lastHash = event.hash;
      if (watched.has(event.seq)) result.hashes.push([event.seq, event.hash ?? '']);
    }
  }
  return result;
}

/** One worker's share of a verification. */
export interface SegmentTask {
  databaseUrl: string;
  organizationId: string | null;
  afterSeq: number;
  /** Absent for the last stretch: up to the chain's head, however far it has grown. */
  untilSeq?: number;
  /** The hash the first event links to, for the first stretch; undefined for the others. */
  prevHash?: string | null;
  watched: number[];
  /** The chain key's bytes (a worker thread of this process: the key stays in it). */
  key: Uint8Array | null;
  keyedAfterSeq: number;
}

export interface ParallelVerification {
  /** PostgreSQL URL the workers connect to (each reads its own stretch). */
  databaseUrl: string;
  /** Threads; 1 or less keeps the verification in this thread. */
  workers?: number;
  /** Chains shorter than this (by seq span) are checked in this thread. */
  minEvents?: number;
}

function runSegment(task: SegmentTask): Promise<SegmentResult> {
  return new Promise((resolve, reject) => {
    const { entry, eval: isCode } = workerEntry(import.meta.url, './audit.verify-worker');
    const worker = new Worker(entry, { workerData: task, eval: isCode });
    worker.once('message', resolve);
    worker.once('error', (error) => {
      reject(new Error(`audit verification worker failed: ${error.message}`, { cause: error }));
    });
    worker.once('exit', (code) => {
      reject(new Error(`audit verification worker exited with code ${code}`));
    });
  });
}

/**
 * Checks a chain in stretches, one per worker thread, each reading its own events from
 * PostgreSQL, then joins them: each stretch's first event must link to the last hash of the one
 * before. The verdict, `checked` and the event named are those of a check in one pass. Returns
 * undefined when the chain is too short to be worth the threads.
 */
export async function verifyInParallel(
  db: Database,
  organizationId: string | null,
  start: { afterSeq: number; prevHash: string | null },
  watched: ReadonlySet<number>,
  keying: ChainKeying,
  options: ParallelVerification,
): Promise<SegmentResult | undefined> {
  const workers = options.workers ?? Math.min(availableParallelism(), 4);
  if (workers < 2) return undefined;
  const head = await chainHeadEvent(db, organizationId);
  const span = (head?.seq ?? 0) - start.afterSeq;
  if (span < (options.minEvents ?? 100_000)) return undefined;
  const bounds = Array.from({ length: workers + 1 }, (_, i) =>
    Math.round(start.afterSeq + (span * i) / workers),
  );
  const results = await Promise.all(
    bounds.slice(0, -1).map((afterSeq, i) =>
      runSegment({
        databaseUrl: options.databaseUrl,
        organizationId,
        afterSeq,
        ...(i < workers - 1 ? { untilSeq: bounds[i + 1] } : {}),
        ...(i === 0 ? { prevHash: start.prevHash } : {}),
        watched: [...watched],
        key: keying.key?.bytes ?? null,
        keyedAfterSeq: keying.keyedAfterSeq,
      }),
    ),
  );
  const joined: SegmentResult = { checked: 0, lastHash: start.prevHash, hashes: [] };
  for (const part of results) {
    if (!part.first) continue;
    joined.first ??= part.first;
    if (part.first.prevHash !== joined.lastHash) {
      joined.checked++;
      joined.failure = { id: part.first.id, problem: PROBLEM_UNLINKED };
      return joined;
    }
    joined.checked += part.checked;
    joined.hashes.push(...part.hashes);
    if (part.failure) {
      joined.failure = part.failure;
      return joined;
    }
    joined.lastHash = part.lastHash;
  }
  return joined;
}
