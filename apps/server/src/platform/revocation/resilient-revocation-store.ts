import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { RedisCircuit } from '../redis.ts';
import type { AccessClaims, RedisRevocationStore, RevocationStore } from './revocation-store.ts';

/**
 * The database's record of revocations (sessions' `revoked_at`, users' `tokens_valid_after` and
 * `active`): the source of truth, asked whenever Redis cannot be believed.
 */
export interface RevocationRecord {
  isRevoked(claims: AccessClaims): Promise<boolean>;
  userValidAfter(userId: string): Promise<number | undefined>;
  /** Writes into `target` every revocation that may still deny a live access token. */
  replay(target: RevocationStore): Promise<void>;
}

/** Where the store's answers come from now; reported on each change (logs). */
export type RevocationSource = 'redis' | 'database';

export interface ResilientRevocationOptions {
  onSourceChange?: (source: RevocationSource) => void;
  clock?: () => number;
}

/** At most one fill attempt per this interval while Redis cannot be believed. */
const REFILL_INTERVAL_MS = 1_000;

/**
 * Redis revocations that survive Redis losing its data or going away (ADR 0012). Redis is
 * believed only once this instance has filled it from the database — at start-up, after every
 * reconnection, after one of its own writes failed — and only while the fill marker is there
 * (read in the same MGET as the token's keys, so a flush or restart is seen at the next request).
 * Otherwise every answer comes from the database, and a fill is attempted in the background.
 */
export class ResilientRevocationStore implements RevocationStore {
  private trusted = false;
  /**
   * Bumped when something may have escaped the fill under way (a failed write, a dropped
   * connection): a fill begun before it cannot restore trust.
   */
  private generation = 0;
  private filling: Promise<boolean> | undefined;
  private lastFillAt = -Infinity;
  private retry: NodeJS.Timeout | undefined;
  private readonly clock: () => number;

  constructor(
    private readonly redis: RedisRevocationStore,
    private readonly circuit: RedisCircuit,
    private readonly record: RevocationRecord,
    private readonly options: ResilientRevocationOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    // A reconnection may follow a restart, even one from an older snapshot still carrying the
    // fill marker: refill before believing it again.
    circuit.redis.on('close', () => this.invalidate());
    circuit.redis.on('ready', () => {
      this.invalidate();
      void this.fill();
    });
  }

  /** Whether answers currently come from Redis (for tests and logs). */
  get source(): RevocationSource {
    return this.trusted ? 'redis' : 'database';
  }

  /** Start-up: waits briefly for the connection, then fills Redis; never throws (the database answers meanwhile). */
  async warm(connectWaitMs = 2_000): Promise<void> {
    const { redis } = this.circuit;
    if (redis.status !== 'ready') {
      const timeout = AbortSignal.timeout(connectWaitMs);
      await once(redis, 'ready', { signal: timeout }).catch(() => undefined);
    }
    await this.fill();
  }

  async revokeToken(jti: string, expiresAtSec: number): Promise<void> {
    await this.write(() => this.redis.revokeToken(jti, expiresAtSec));
  }

  async revokeSession(sessionId: string, untilSec: number): Promise<void> {
    await this.write(() => this.redis.revokeSession(sessionId, untilSec));
  }

  async setUserValidAfter(userId: string, validAfterSec: number, untilSec: number): Promise<void> {
    await this.write(() => this.redis.setUserValidAfter(userId, validAfterSec, untilSec));
  }

  async userValidAfter(userId: string): Promise<number | undefined> {
    if (this.trusted && this.circuit.available) {
      try {
        return await this.redis.userValidAfter(userId);
      } catch {
        this.failed();
      }
    }
    this.refill();
    return this.record.userValidAfter(userId);
  }

  async isRevoked(claims: AccessClaims): Promise<boolean> {
    if (this.trusted && this.circuit.available) {
      try {
        const answer = await this.redis.check(claims);
        // A denial Redis holds is real whatever else it lost.
        if (answer.revoked) return true;
        if (answer.filled) return false;
        this.distrust();
      } catch {
        this.failed();
      }
    }
    this.refill();
    return this.record.isRevoked(claims);
  }

  /**
   * The revocation is already committed to the database (callers write here after their
   * transaction): when Redis cannot take it, this instance stops believing Redis until a fill has
   * copied it there.
   */
  private async write(command: () => Promise<void>): Promise<void> {
    if (this.circuit.available) {
      try {
        await command();
        return;
      } catch {
        this.failed();
      }
    }
    this.invalidate();
    this.refill();
  }

  private failed(): void {
    this.circuit.recordFailure();
    this.invalidate();
  }

  /** Redis may lack something the database has, even after the fill under way. */
  private invalidate(): void {
    this.generation += 1;
    this.distrust();
  }

  private distrust(): void {
    if (this.trusted) {
      this.trusted = false;
      this.options.onSourceChange?.('database');
    }
  }

  /** A background fill, at most once a second, while Redis is not believed. */
  private refill(): void {
    if (this.filling) return;
    if (this.clock() - this.lastFillAt < REFILL_INTERVAL_MS) this.retryLater();
    else void this.fill();
  }

  /**
   * One fill at a time per instance; resolves true when Redis may be believed again. A fill that
   * did not restore trust is retried while connected (a reconnection starts one of its own), so
   * that trust comes back without waiting for traffic.
   */
  private fill(): Promise<boolean> {
    this.filling ??= this.fillOnce()
      .catch(() => {
        this.circuit.recordFailure();
        return false;
      })
      .then((filled) => {
        this.filling = undefined;
        if (!this.trusted) this.retryLater();
        return filled;
      });
    return this.filling;
  }

  private retryLater(): void {
    if (this.retry || this.circuit.redis.status !== 'ready') return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.trusted) void this.fill();
    }, REFILL_INTERVAL_MS);
    // Never what keeps a process alive.
    this.retry.unref();
  }

  private async fillOnce(): Promise<boolean> {
    this.lastFillAt = this.clock();
    if (this.circuit.redis.status !== 'ready') return false;
    const generation = this.generation;
    const fillId = randomUUID();
    await this.redis.beginFill(fillId);
    await this.record.replay(this.redis);
    if (!(await this.redis.completeFill(fillId))) return false;
    // Something failed while filling (a write, the connection): that needs a fill of its own.
    if (generation !== this.generation) return false;
    if (!this.trusted) {
      this.trusted = true;
      this.options.onSourceChange?.('redis');
    }
    return true;
  }
}
