import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redisForTests } from '../../test-support/redis.ts';
import {
  LoginThrottle,
  MemoryThrottleStore,
  RedisThrottleStore,
  type ThrottlePolicy,
  type ThrottleStore,
} from './login-throttle.ts';

const { prefix, redis, connect, keysUnder } = redisForTests('thr');

const MINUTE = 60_000;
const policy: ThrottlePolicy = {
  freeFailures: 2,
  baseDelayMs: 1_000,
  maxDelayMs: 8_000,
  windowMs: 10 * MINUTE,
};

/** Each driver makes one store, or several sharing state as several API instances would. */
const drivers: { name: string; create: (instances?: number) => ThrottleStore[] }[] = [
  {
    name: 'MemoryThrottleStore',
    create: (instances = 1) => Array(instances).fill(new MemoryThrottleStore()),
  },
  {
    name: 'RedisThrottleStore',
    create: (instances = 1) => {
      const keyPrefix = `${prefix}${randomUUID()}:`;
      return Array.from(
        { length: instances },
        (_, i) => new RedisThrottleStore(i === 0 ? redis : connect(), keyPrefix),
      );
    },
  },
];

describe.each(drivers)('$name', ({ create }) => {
  const one = () => create()[0]!;
  const t0 = Date.UTC(2025, 0, 6, 9);

  it('allows an unknown key', async () => {
    expect(await one().retryAfterMs('ip:unknown', t0)).toBe(0);
  });

  it('grows the wait from each failure, then caps it', async () => {
    const store = one();
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      await store.recordFailure('k', policy, t0);
      waits.push(await store.retryAfterMs('k', t0));
    }
    expect(waits).toEqual([0, 0, 1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(await store.retryAfterMs('k', t0 + 3_000)).toBe(5_000);
    expect(await store.retryAfterMs('k', t0 + 8_000)).toBe(0);
  });

  it('counts the wait from the failure that caused it', async () => {
    const store = one();
    await store.recordFailure('k', policy, t0);
    await store.recordFailure('k', policy, t0 + 10);
    await store.recordFailure('k', policy, t0 + 500);
    expect(await store.retryAfterMs('k', t0 + 500)).toBe(1_000);
    expect(await store.retryAfterMs('k', t0 + 1_200)).toBe(300);
  });

  it('forgets the counter a window after the last failure', async () => {
    const store = one();
    for (let i = 0; i < 4; i++) await store.recordFailure('k', policy, t0);
    await store.recordFailure('k', policy, t0 + 9 * MINUTE);
    // The 5th failure, still inside the window opened again by the 4th.
    expect(await store.retryAfterMs('k', t0 + 9 * MINUTE)).toBe(4_000);
    expect(await store.retryAfterMs('k', t0 + 19 * MINUTE)).toBe(0);
    await store.recordFailure('k', policy, t0 + 19 * MINUTE);
    await store.recordFailure('k', policy, t0 + 19 * MINUTE);
    expect(await store.retryAfterMs('k', t0 + 19 * MINUTE)).toBe(0);
  });

  it('keeps a wait longer than the window until it ends', async () => {
    const store = one();
    const long = {
      freeFailures: 0,
      baseDelayMs: 30 * MINUTE,
      maxDelayMs: 30 * MINUTE,
      windowMs: MINUTE,
    };
    await store.recordFailure('k', long, t0);
    expect(await store.retryAfterMs('k', t0 + 20 * MINUTE)).toBe(10 * MINUTE);
  });

  it('reset forgets one key only', async () => {
    const store = one();
    for (let i = 0; i < 3; i++) {
      await store.recordFailure('a', policy, t0);
      await store.recordFailure('b', policy, t0);
    }
    await store.reset('a');
    await store.reset('never-seen');
    expect(await store.retryAfterMs('a', t0)).toBe(0);
    expect(await store.retryAfterMs('b', t0)).toBe(1_000);
    await store.recordFailure('a', policy, t0);
    expect(await store.retryAfterMs('a', t0)).toBe(0);
  });

  it('counts 20 concurrent failures on one key as 20', async () => {
    const stores = create(4);
    const unthrottled = {
      freeFailures: 0,
      baseDelayMs: 1,
      maxDelayMs: 10 * MINUTE,
      windowMs: MINUTE,
    };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        stores[i % stores.length]!.recordFailure('k', unthrottled, t0),
      ),
    );
    // The 20th failure, none free: 1 ms × 2^19.
    expect(await stores[0]!.retryAfterMs('k', t0)).toBe(2 ** 19);
  });
});

describe('RedisThrottleStore in Redis', () => {
  it('lets Redis forget a counter: its key lives as long as the window', async () => {
    const keyPrefix = `${prefix}${randomUUID()}:`;
    const store = new RedisThrottleStore(redis, keyPrefix);
    await store.recordFailure('k', policy, Date.now());
    const ttl = await redis.pttl(`${keyPrefix}k`);
    expect(ttl).toBeGreaterThan(policy.windowMs - 5_000);
    expect(ttl).toBeLessThanOrEqual(policy.windowMs);
  });

  it('shows a failure recorded by one instance to another at once', async () => {
    const keyPrefix = `${prefix}${randomUUID()}:`;
    const first = new RedisThrottleStore(redis, keyPrefix);
    const second = new RedisThrottleStore(connect(), keyPrefix);
    const now = Date.now();
    for (let i = 0; i < 3; i++) await first.recordFailure('k', policy, now);
    expect(await second.retryAfterMs('k', now)).toBe(1_000);
    await second.reset('k');
    expect(await first.retryAfterMs('k', now)).toBe(0);
  });

  it('stores no email nor address in its keys', async () => {
    const keyPrefix = `${prefix}${randomUUID()}:`;
    const throttle = new LoginThrottle(new RedisThrottleStore(redis, keyPrefix));
    await throttle.recordFailure({ email: 'Victime.Ciblee@Cabinet-Dupont.fr', ip: '203.0.113.7' });
    const keys = await keysUnder(keyPrefix);
    expect(keys).toHaveLength(3);
    for (const key of keys) {
      expect(key.slice(keyPrefix.length)).toMatch(/^[a-z]+:[0-9a-f]{32}$/);
      expect(key.toLowerCase()).not.toContain('victime');
      expect(key).not.toContain('203.0.113');
    }
  });
});
