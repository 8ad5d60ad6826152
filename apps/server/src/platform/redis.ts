import { Redis } from 'ioredis';

/** How long one Redis command may take before its caller falls back (the database, local memory). */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
/** After a failed command, Redis is left alone this long: a stalled server costs one timeout, not one per request. */
const REDIS_COOLDOWN_MS = 2_000;

/**
 * One Redis connection for the process's shared state (rate limits, revocations). Every user of
 * it has a fallback (ADR 0012), so a command fails at once rather than waiting for Redis: no
 * offline queue, a short command timeout; reconnection goes on in the background for ever.
 */
export function connectRedis(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    // Requests do not wait for a connection (no offline queue): a slow connect costs nothing.
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
  // Connection errors are reported by the commands that fail and by /health/ready.
  redis.on('error', () => undefined);
  return redis;
}

/**
 * Decides whether to ask Redis at all: not while it is disconnected, nor for a short while after a
 * command failed (a stalled server would otherwise cost every request a timeout). One per
 * connection, shared by every store using it.
 */
export class RedisCircuit {
  private failedAt = -Infinity;

  constructor(
    readonly redis: Redis,
    private readonly clock: () => number = Date.now,
    private readonly cooldownMs = REDIS_COOLDOWN_MS,
  ) {
    // A fresh connection is worth a try at once.
    redis.on('ready', () => {
      this.failedAt = -Infinity;
    });
  }

  /** Whether a command may be sent now. */
  get available(): boolean {
    return this.redis.status === 'ready' && this.clock() - this.failedAt >= this.cooldownMs;
  }

  recordFailure(): void {
    this.failedAt = this.clock();
  }

  /** Runs `command` on Redis when it is available, else (or when it fails) `fallback`. */
  async run<T>(command: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    if (!this.available) return fallback();
    try {
      return await command();
    } catch {
      this.recordFailure();
      return fallback();
    }
  }
}

const circuits = new WeakMap<Redis, RedisCircuit>();

/** The circuit of a connection, shared by every store that uses it. */
export function circuitFor(redis: Redis): RedisCircuit {
  let circuit = circuits.get(redis);
  if (!circuit) {
    circuit = new RedisCircuit(redis);
    circuits.set(redis, circuit);
  }
  return circuit;
}
