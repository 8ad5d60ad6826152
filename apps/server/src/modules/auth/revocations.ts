import type { Redis } from 'ioredis';
import type { Database } from '../../db/client.ts';
import { circuitFor } from '../../platform/redis.ts';
import {
  ResilientRevocationStore,
  type RevocationRecord,
  type RevocationSource,
} from '../../platform/revocation/resilient-revocation-store.ts';
import {
  MemoryRevocationStore,
  RedisRevocationStore,
  type AccessClaims,
  type RevocationStore,
} from '../../platform/revocation/revocation-store.ts';
import { findUserById, listRecentTokenCutoffs } from '../users/index.ts';
import { findSession, listRecentlyRevokedSessions } from './sessions.repository.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The revocations the database holds (ADR 0004: it is the source of truth; the stores are caches). */
export class DatabaseRevocationRecord implements RevocationRecord {
  constructor(
    private readonly db: Database,
    private readonly accessTokenTtlSeconds: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Refuses what any store would (an ended session, a token older than the user's cut-off) and,
   * erring on the safe side, a token whose user is inactive or unknown or whose session is not
   * the user's.
   */
  async isRevoked(claims: AccessClaims): Promise<boolean> {
    if (!UUID.test(claims.sub) || !UUID.test(claims.sid)) return true;
    const [user, session] = await Promise.all([
      findUserById(this.db, claims.sub),
      findSession(this.db, claims.sid),
    ]);
    if (!user?.active || session?.userId !== user.id || session.revokedAt) return true;
    const validAfter = user.tokensValidAfter ? toSeconds(user.tokensValidAfter) : undefined;
    return validAfter !== undefined && claims.iat < validAfter;
  }

  async userValidAfter(userId: string): Promise<number | undefined> {
    if (!UUID.test(userId)) return undefined;
    const user = await findUserById(this.db, userId);
    return user?.tokensValidAfter ? toSeconds(user.tokensValidAfter) : undefined;
  }

  /** Revocations recent enough that access tokens they deny may still be alive. */
  async replay(target: RevocationStore): Promise<void> {
    const now = this.clock();
    const since = new Date(now - (this.accessTokenTtlSeconds + 60) * 1000);
    const until = Math.ceil(now / 1000) + this.accessTokenTtlSeconds + 60;
    for (const { id } of await listRecentlyRevokedSessions(this.db, since)) {
      await target.revokeSession(id, until);
    }
    for (const { id, tokensValidAfter } of await listRecentTokenCutoffs(this.db, since)) {
      await target.setUserValidAfter(id, toSeconds(tokensValidAfter), until);
    }
  }
}

const toSeconds = (at: Date) => Math.ceil(at.getTime() / 1000);

export interface RevocationsOptions {
  accessTokenTtlSeconds: number;
  /** Shared by every instance; absent in embedded mode (one process, memory). */
  redis?: Redis | undefined;
  onSourceChange?: (source: RevocationSource) => void;
}

/**
 * The revocation store of the process and how to warm it at start-up: memory filled from the
 * database (embedded), or Redis with the database behind it (ADR 0012).
 */
export function createRevocations(
  db: Database,
  options: RevocationsOptions,
): { store: RevocationStore; warm(): Promise<void> } {
  const record = new DatabaseRevocationRecord(db, options.accessTokenTtlSeconds);
  if (!options.redis) {
    const memory = new MemoryRevocationStore();
    return { store: memory, warm: () => record.replay(memory) };
  }
  const resilient = new ResilientRevocationStore(
    new RedisRevocationStore(options.redis),
    circuitFor(options.redis),
    record,
    options.onSourceChange ? { onSourceChange: options.onSourceChange } : {},
  );
  return { store: resilient, warm: () => resilient.warm() };
}
