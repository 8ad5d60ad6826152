import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface AccessClaims {
  jti: string;
  sid: string;
  sub: string;
  /** Issued at, in seconds. */
  iat: number;
}

/**
 * Access tokens are stateless JWTs: this store is what makes logout, session revocation and
 * "sign out everywhere" take effect before they expire. Entries live only as long as the tokens
 * they deny could, so the store stays small. Times are in seconds.
 */
export interface RevocationStore {
  /** Denies one access token until it would have expired anyway. */
  revokeToken(jti: string, expiresAtSec: number): Promise<void>;
  /** Denies every access token of one session (refresh-token family) until untilSec. */
  revokeSession(sessionId: string, untilSec: number): Promise<void>;
  /** Denies every access token of the user issued before validAfterSec (iat < validAfterSec); the entry may be forgotten after untilSec. Never moves an existing validAfter backwards. */
  setUserValidAfter(userId: string, validAfterSec: number, untilSec: number): Promise<void>;
  userValidAfter(userId: string): Promise<number | undefined>;
  /** True when any of the three rules denies the token. Must be ONE round trip in Redis (MGET), cheap in memory: it runs on every authenticated request. */
  isRevoked(claims: AccessClaims): Promise<boolean>;
}

interface UserCutoff {
  validAfter: number;
  until: number;
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * One process's revocations (embedded mode). Memory is bounded by sweeping expired entries; live
 * ones are never evicted, since dropping one would accept a revoked token.
 */
export class MemoryRevocationStore implements RevocationStore {
  private readonly tokens = new Map<string, number>();
  private readonly sessions = new Map<string, number>();
  private readonly users = new Map<string, UserCutoff>();
  private nextSweepAt = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  /** Entries held, expired or not (for tests and metrics). */
  get size(): number {
    return this.tokens.size + this.sessions.size + this.users.size;
  }

  async revokeToken(jti: string, expiresAtSec: number): Promise<void> {
    this.denyUntil(this.tokens, jti, expiresAtSec);
  }

  async revokeSession(sessionId: string, untilSec: number): Promise<void> {
    this.denyUntil(this.sessions, sessionId, untilSec);
  }

  async setUserValidAfter(userId: string, validAfterSec: number, untilSec: number): Promise<void> {
    const now = this.nowSec();
    const current = this.liveUser(userId, now);
    const until = Math.max(Math.ceil(untilSec), current?.until ?? 0);
    if (until > now) {
      this.users.set(userId, {
        validAfter: Math.max(Math.ceil(validAfterSec), current?.validAfter ?? -Infinity),
        until,
      });
    }
    this.sweep();
  }

  async userValidAfter(userId: string): Promise<number | undefined> {
    return this.liveUser(userId, this.nowSec())?.validAfter;
  }

  async isRevoked(claims: AccessClaims): Promise<boolean> {
    const now = this.nowSec();
    if (live(this.tokens, claims.jti, now) || live(this.sessions, claims.sid, now)) return true;
    const cutoff = this.liveUser(claims.sub, now);
    return cutoff !== undefined && claims.iat < cutoff.validAfter;
  }

  private nowSec(): number {
    return this.clock() / 1000;
  }

  private denyUntil(entries: Map<string, number>, id: string, untilSec: number): void {
    const now = this.nowSec();
    const until = Math.max(
      Math.ceil(untilSec),
      live(entries, id, now) ? (entries.get(id) ?? 0) : 0,
    );
    if (until > now) entries.set(id, until);
    this.sweep();
  }

  private liveUser(userId: string, now: number): UserCutoff | undefined {
    const cutoff = this.users.get(userId);
    if (cutoff && cutoff.until <= now) {
      this.users.delete(userId);
      return undefined;
    }
    return cutoff;
  }

  private sweep(): void {
    const nowMs = this.clock();
    if (nowMs < this.nextSweepAt) return;
    this.nextSweepAt = nowMs + SWEEP_INTERVAL_MS;
    const now = nowMs / 1000;
    for (const entries of [this.tokens, this.sessions]) {
      for (const [id, until] of entries) if (until <= now) entries.delete(id);
    }
    for (const [id, cutoff] of this.users) if (cutoff.until <= now) this.users.delete(id);
  }
}

/** Whether `id` is denied at `now`; an expired entry is removed on the way. */
function live(entries: Map<string, number>, id: string, now: number): boolean {
  const until = entries.get(id);
  if (until === undefined) return false;
  if (until > now) return true;
  entries.delete(id);
  return false;
}

/** Extends, never shortens, a denial: a late call with an earlier end must not cut an earlier one short. */
const DENY_UNTIL = `
local untilSec = tonumber(ARGV[1])
local current = redis.call('EXPIRETIME', KEYS[1])
if current == -1 or current >= untilSec then return 0 end
redis.call('SET', KEYS[1], '1', 'EXAT', untilSec)
return 1
`;

/** Keeps the later cutoff and the later end, so concurrent "sign out everywhere" calls compose. */
const RAISE_VALID_AFTER = `
local validAfter, untilSec = tonumber(ARGV[1]), tonumber(ARGV[2])
local current = tonumber(redis.call('GET', KEYS[1]))
if current and current > validAfter then validAfter = current end
local expiry = redis.call('EXPIRETIME', KEYS[1])
if expiry > untilSec then untilSec = expiry end
redis.call('SET', KEYS[1], string.format('%d', validAfter), 'EXAT', untilSec)
return validAfter
`;

/** Marks a fill complete only if its sentinel survived it: a Redis restart in between erased both. */
const COMPLETE_FILL = `
if redis.call('DEL', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
return 1
`;

const sha1 = (lua: string) => createHash('sha1').update(lua).digest('hex');
const SCRIPTS = {
  denyUntil: { lua: DENY_UNTIL, sha: sha1(DENY_UNTIL) },
  raiseValidAfter: { lua: RAISE_VALID_AFTER, sha: sha1(RAISE_VALID_AFTER) },
  completeFill: { lua: COMPLETE_FILL, sha: sha1(COMPLETE_FILL) },
};

/** What Redis says of one token, and whether what it holds can be believed. */
export interface RedisRevocationAnswer {
  revoked: boolean;
  /** False when the fill marker is missing: Redis lost its data (restart, flush) since it was last filled from the database. */
  filled: boolean;
}

/**
 * Revocations shared by every API instance. Keys expire at their end time (EXAT), so Redis forgets
 * them on its own; expiry follows the Redis server's clock.
 */
export class RedisRevocationStore implements RevocationStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'ma:rev:',
  ) {}

  async revokeToken(jti: string, expiresAtSec: number): Promise<void> {
    await this.denyUntil(this.tokenKey(jti), expiresAtSec);
  }

  async revokeSession(sessionId: string, untilSec: number): Promise<void> {
    await this.denyUntil(this.sessionKey(sessionId), untilSec);
  }

  async setUserValidAfter(userId: string, validAfterSec: number, untilSec: number): Promise<void> {
    const until = Math.ceil(untilSec);
    // EXAT refuses 0 and below; such an entry would have nothing left to deny.
    if (until <= 0) return;
    await this.run(SCRIPTS.raiseValidAfter, this.userKey(userId), Math.ceil(validAfterSec), until);
  }

  async userValidAfter(userId: string): Promise<number | undefined> {
    const value = await this.redis.get(this.userKey(userId));
    return value == null ? undefined : Number(value);
  }

  async isRevoked(claims: AccessClaims): Promise<boolean> {
    return (await this.check(claims)).revoked;
  }

  /** The token's answer and the fill marker, in the same round trip (MGET). */
  async check(claims: AccessClaims): Promise<RedisRevocationAnswer> {
    const [token, session, validAfter, filled] = await this.redis.mget(
      this.tokenKey(claims.jti),
      this.sessionKey(claims.sid),
      this.userKey(claims.sub),
      this.filledKey(),
    );
    return {
      revoked:
        token != null || session != null || (validAfter != null && claims.iat < Number(validAfter)),
      filled: filled != null,
    };
  }

  /** Whether Redis still holds the marker of a complete fill from the database. */
  async isFilled(): Promise<boolean> {
    return (await this.redis.exists(this.filledKey())) === 1;
  }

  /**
   * Starts a fill from the database: a sentinel written BEFORE the database is read, so that a
   * Redis restart during the fill (which erases it) is seen when the fill completes.
   */
  async beginFill(fillId: string): Promise<void> {
    await this.redis.set(this.fillingKey(fillId), '1', 'EX', 3_600);
  }

  /** Marks Redis filled; false when its sentinel was lost, i.e. Redis restarted during the fill. */
  async completeFill(fillId: string): Promise<boolean> {
    const keys = [this.fillingKey(fillId), this.filledKey()];
    const args = [2, ...keys, fillId] as const;
    let done: unknown;
    try {
      done = await this.redis.evalsha(SCRIPTS.completeFill.sha, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      done = await this.redis.eval(SCRIPTS.completeFill.lua, ...args);
    }
    return done === 1;
  }

  private async denyUntil(key: string, untilSec: number): Promise<void> {
    const until = Math.ceil(untilSec);
    if (until <= 0) return;
    await this.run(SCRIPTS.denyUntil, key, until);
  }

  private async run(script: { lua: string; sha: string }, key: string, ...args: number[]) {
    try {
      await this.redis.evalsha(script.sha, 1, key, ...args);
    } catch (error) {
      // Redis loses its script cache on restart or fail-over: send the script itself once.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      await this.redis.eval(script.lua, 1, key, ...args);
    }
  }

  private tokenKey(jti: string): string {
    return `${this.prefix}jti:${jti}`;
  }

  private sessionKey(sessionId: string): string {
    return `${this.prefix}sid:${sessionId}`;
  }

  private userKey(userId: string): string {
    return `${this.prefix}user:${userId}`;
  }

  private filledKey(): string {
    return `${this.prefix}filled`;
  }

  private fillingKey(fillId: string): string {
    return `${this.prefix}filling:${fillId}`;
  }
}
