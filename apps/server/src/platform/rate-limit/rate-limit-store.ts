import { createRequire } from 'node:module';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { circuitFor, type RedisCircuit } from '../redis.ts';

type Incremented = { current: number; ttl: number };
type IncrCallback = (error: Error | null, result?: Incremented) => void;

/** The store contract of @fastify/rate-limit (its own stores are untyped CommonJS). */
interface CounterStore {
  incr(key: string, callback: IncrCallback, timeWindow: number, max: number): void;
  child(routeOptions: object): CounterStore;
}

interface StoreParams {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
  cache?: number;
}

const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean | undefined,
  exponentialBackoff: boolean | undefined,
  redis: Redis,
  key: string,
) => CounterStore;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (
  continueExceeding: boolean | undefined,
  exponentialBackoff: boolean | undefined,
  cache?: number,
) => CounterStore;

/** Counts in Redis; in this process's memory while Redis cannot answer. */
class FallbackCounterStore implements CounterStore {
  constructor(
    private readonly primary: CounterStore,
    private readonly local: CounterStore,
    private readonly circuit: RedisCircuit,
  ) {}

  incr(key: string, callback: IncrCallback, timeWindow: number, max: number): void {
    if (!this.circuit.available) {
      this.local.incr(key, callback, timeWindow, max);
      return;
    }
    this.primary.incr(
      key,
      (error, result) => {
        if (!error) return callback(null, result);
        this.circuit.recordFailure();
        this.local.incr(key, callback, timeWindow, max);
      },
      timeWindow,
      max,
    );
  }

  child(routeOptions: object): CounterStore {
    return new FallbackCounterStore(
      this.primary.child(routeOptions),
      this.local.child(routeOptions),
      this.circuit,
    );
  }
}

/**
 * The `store` option of @fastify/rate-limit: counters shared through Redis, falling back to
 * per-instance counters while Redis is down (ADR 0012) — the limits hold, each instance counting
 * alone, instead of every request failing.
 */
export function rateLimitStore(redis: Redis, nameSpace: string): FastifyRateLimitStoreCtor {
  const circuit = circuitFor(redis);
  return class extends FallbackCounterStore {
    constructor(params: StoreParams) {
      super(
        new RedisStore(params.continueExceeding, params.exponentialBackoff, redis, nameSpace),
        new LocalStore(params.continueExceeding, params.exponentialBackoff, params.cache),
        circuit,
      );
    }
  } as unknown as FastifyRateLimitStoreCtor;
}
