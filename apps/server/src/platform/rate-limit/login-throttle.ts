import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Exponential back-off after a number of free failures. Never a lockout: the delay is capped and
 * the counter is forgotten `windowMs` after the last failure.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  windowMs: number;
}

export interface ThrottleStore {
  /** ms to wait before this key may try again; 0 when allowed now. */
  retryAfterMs(key: string, now: number): Promise<number>;
  /** Counts a failure; the counter is forgotten windowMs after the last failure. */
  recordFailure(key: string, policy: ThrottlePolicy, now: number): Promise<void>;
  reset(key: string): Promise<void>;
}

/** The wait imposed after the `failures`-th failure of a window. */
export function failureDelayMs(failures: number, policy: ThrottlePolicy): number {
  if (failures <= policy.freeFailures) return 0;
  // 2 ** n overflows to Infinity for huge counts, which the cap absorbs.
  return Math.min(
    policy.baseDelayMs * 2 ** (failures - policy.freeFailures - 1),
    policy.maxDelayMs,
  );
}

interface ThrottleEntry {
  failures: number;
  nextAllowedAt: number;
  /** The counter is forgotten from then on: windowMs after the last failure, or the end of its wait. */
  expiresAt: number;
}

const SWEEP_INTERVAL_MS = 60_000;

/** One process's counters (embedded mode). */
export class MemoryThrottleStore implements ThrottleStore {
  private readonly entries = new Map<string, ThrottleEntry>();
  private nextSweepAt = 0;

  /**
   * @param maxEntries failed logins with random emails or addresses would otherwise grow the map
   *   for a whole window; past this size the entries with the oldest last failure are dropped.
   */
  constructor(private readonly maxEntries = 100_000) {}

  /** Live counters (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  async retryAfterMs(key: string, now: number): Promise<number> {
    const entry = this.live(key, now);
    return entry ? Math.max(0, entry.nextAllowedAt - now) : 0;
  }

  async recordFailure(key: string, policy: ThrottlePolicy, now: number): Promise<void> {
    const previous = this.live(key, now);
    const failures = (previous?.failures ?? 0) + 1;
    const nextAllowedAt = Math.max(
      previous?.nextAllowedAt ?? 0,
      now + failureDelayMs(failures, policy),
    );
    // Re-inserted so that the map's order is the order of last failures, oldest first.
    this.entries.delete(key);
    this.entries.set(key, {
      failures,
      nextAllowedAt,
      expiresAt: Math.max(now + policy.windowMs, nextAllowedAt),
    });
    this.sweep(now);
  }

  async reset(key: string): Promise<void> {
    this.entries.delete(key);
  }

  private live(key: string, now: number): ThrottleEntry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(now: number): void {
    if (now >= this.nextSweepAt) {
      this.nextSweepAt = now + SWEEP_INTERVAL_MS;
      for (const [key, entry] of this.entries) {
        if (entry.expiresAt <= now) this.entries.delete(key);
      }
    }
    // The oldest last failure first: the closest to being forgotten anyway.
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

/**
 * Reads and writes the counter in one step, so that concurrent failures on several instances are
 * all counted. Expiry is decided against the caller's clock (stored `exp`); the key's TTL only
 * lets Redis forget it.
 */
const RECORD_FAILURE = `
local now = tonumber(ARGV[1])
local free, base, cap, window = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local state = redis.call('HMGET', KEYS[1], 'n', 'next', 'exp')
local n, nextAt = 0, 0
if tonumber(state[3]) and tonumber(state[3]) > now then
  n, nextAt = tonumber(state[1]) or 0, tonumber(state[2]) or 0
end
n = n + 1
local delay = 0
if n > free then delay = math.min(base * 2 ^ (n - free - 1), cap) end
nextAt = math.max(nextAt, now + delay)
local exp = math.max(now + window, nextAt)
redis.call('HSET', KEYS[1], 'n', n, 'next', string.format('%.0f', nextAt), 'exp', string.format('%.0f', exp))
redis.call('PEXPIRE', KEYS[1], string.format('%.0f', math.max(1, exp - now)))
return n
`;
const RECORD_FAILURE_SHA = createHash('sha1').update(RECORD_FAILURE).digest('hex');

/** Counters shared by every API instance. */
export class RedisThrottleStore implements ThrottleStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'ma:thr:',
  ) {}

  async retryAfterMs(key: string, now: number): Promise<number> {
    const [nextAllowedAt, expiresAt] = await this.redis.hmget(this.prefix + key, 'next', 'exp');
    if (nextAllowedAt == null || expiresAt == null || Number(expiresAt) <= now) return 0;
    return Math.max(0, Number(nextAllowedAt) - now);
  }

  async recordFailure(key: string, policy: ThrottlePolicy, now: number): Promise<void> {
    const args = [
      this.prefix + key,
      now,
      policy.freeFailures,
      policy.baseDelayMs,
      policy.maxDelayMs,
      policy.windowMs,
    ];
    try {
      await this.redis.evalsha(RECORD_FAILURE_SHA, 1, ...args);
    } catch (error) {
      // Redis loses its script cache on restart or fail-over: send the script itself once.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      await this.redis.eval(RECORD_FAILURE, 1, ...args);
    }
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}

/**
 * Redis counters, or this process's own while Redis cannot answer (ADR 0012): sign-in stays open
 * and throttled during an outage, each instance counting alone, and counts in Redis again once it
 * is back. Failures counted locally are not carried over: the window is short and the account cap
 * low.
 */
export class FallbackThrottleStore implements ThrottleStore {
  constructor(
    private readonly primary: ThrottleStore,
    private readonly circuit: {
      run<T>(command: () => Promise<T>, fallback: () => Promise<T>): Promise<T>;
    },
    private readonly local: ThrottleStore = new MemoryThrottleStore(),
  ) {}

  retryAfterMs(key: string, now: number): Promise<number> {
    return this.circuit.run(
      () => this.primary.retryAfterMs(key, now),
      () => this.local.retryAfterMs(key, now),
    );
  }

  recordFailure(key: string, policy: ThrottlePolicy, now: number): Promise<void> {
    return this.circuit.run(
      () => this.primary.recordFailure(key, policy, now),
      () => this.local.recordFailure(key, policy, now),
    );
  }

  reset(key: string): Promise<void> {
    return this.circuit.run(
      () => this.primary.reset(key),
      () => this.local.reset(key),
    );
  }
}

export interface LoginThrottlePolicies {
  /** Guesses against one account from anywhere; a low cap so an attacker cannot lock its owner out for long. */
  account: ThrottlePolicy;
  /** Guesses from one address against any account (credential stuffing). */
  ip: ThrottlePolicy;
  /** Guesses against one account from one address: the owner mistyping, or a targeted attack. */
  accountIp: ThrottlePolicy;
}

const HOUR_MS = 3_600_000;

export const DEFAULT_LOGIN_POLICIES: LoginThrottlePolicies = {
  accountIp: { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, windowMs: HOUR_MS },
  account: { freeFailures: 10, baseDelayMs: 1_000, maxDelayMs: 30_000, windowMs: HOUR_MS },
  ip: { freeFailures: 50, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, windowMs: HOUR_MS },
};

export interface LoginAttempt {
  email: string;
  ip: string;
}

/** Slows down password guessing per account, per address and per both, without locking anyone out. */
export class LoginThrottle {
  constructor(
    private readonly store: ThrottleStore,
    private readonly policies: LoginThrottlePolicies = DEFAULT_LOGIN_POLICIES,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The longest wait among the three scopes (account = lower-cased email, ip, account+ip); 0 = allowed. */
  async retryAfterMs(attempt: LoginAttempt): Promise<number> {
    const keys = scopeKeys(attempt);
    const now = this.clock();
    const waits = await Promise.all([
      this.store.retryAfterMs(keys.account, now),
      this.store.retryAfterMs(keys.ip, now),
      this.store.retryAfterMs(keys.accountIp, now),
    ]);
    return Math.max(...waits);
  }

  async recordFailure(attempt: LoginAttempt): Promise<void> {
    const keys = scopeKeys(attempt);
    const now = this.clock();
    await Promise.all([
      this.store.recordFailure(keys.account, this.policies.account, now),
      this.store.recordFailure(keys.ip, this.policies.ip, now),
      this.store.recordFailure(keys.accountIp, this.policies.accountIp, now),
    ]);
  }

  /**
   * A successful login clears the account+ip counter only: the owner's own address is freed, while
   * an attacker elsewhere stays slowed down on the account, and an address spraying many accounts
   * does not get a fresh budget by logging into one of its own.
   */
  async recordSuccess(attempt: LoginAttempt): Promise<void> {
    await this.store.reset(scopeKeys(attempt).accountIp);
  }
}

/** Hashed, so that store keys (Redis dumps, logs of keys) do not tell whose account is attacked. */
function scopeKeys(attempt: LoginAttempt): Record<keyof LoginThrottlePolicies, string> {
  const email = attempt.email.trim().toLowerCase();
  return {
    account: `acct:${digest(email)}`,
    ip: `ip:${digest(attempt.ip)}`,
    accountIp: `acip:${digest(`${email}\n${attempt.ip}`)}`,
  };
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}
