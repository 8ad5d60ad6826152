import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOGIN_POLICIES,
  failureDelayMs,
  LoginThrottle,
  MemoryThrottleStore,
  type LoginThrottlePolicies,
  type ThrottlePolicy,
} from './login-throttle.ts';

const SECOND = 1_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;

function fakeClock(start = Date.UTC(2025, 0, 6, 9)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

/** Small, distinct numbers per scope, so a wait tells which scope imposed it. */
const POLICIES: LoginThrottlePolicies = {
  accountIp: { freeFailures: 1, baseDelayMs: 10, maxDelayMs: 1_000, windowMs: MINUTE },
  account: { freeFailures: 3, baseDelayMs: 200, maxDelayMs: 5_000, windowMs: MINUTE },
  ip: { freeFailures: 5, baseDelayMs: 3_000, maxDelayMs: 30_000, windowMs: MINUTE },
};

describe('failureDelayMs', () => {
  const policy: ThrottlePolicy = {
    freeFailures: 2,
    baseDelayMs: 1_000,
    maxDelayMs: 5_000,
    windowMs: HOUR,
  };

  it('lets the free failures through, then doubles from the base delay up to the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((f) => failureDelayMs(f, policy));
    expect(delays).toEqual([0, 0, 1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('stays at the cap for counts whose power of two overflows', () => {
    expect(failureDelayMs(5_000, policy)).toBe(5_000);
  });
});

describe('DEFAULT_LOGIN_POLICIES', () => {
  it('caps every wait, the account one low, and forgets counters after an hour', () => {
    const { account, ip, accountIp } = DEFAULT_LOGIN_POLICIES;
    expect(accountIp).toEqual({
      freeFailures: 5,
      baseDelayMs: SECOND,
      maxDelayMs: 15 * MINUTE,
      windowMs: HOUR,
    });
    expect(account).toEqual({
      freeFailures: 10,
      baseDelayMs: SECOND,
      maxDelayMs: 30 * SECOND,
      windowMs: HOUR,
    });
    expect(ip).toEqual({
      freeFailures: 50,
      baseDelayMs: SECOND,
      maxDelayMs: 15 * MINUTE,
      windowMs: HOUR,
    });
  });
});

describe('LoginThrottle', () => {
  const alice = { email: 'alice@cabinet-dupont.fr', ip: '203.0.113.7' };

  function setUp(policies = POLICIES) {
    const clock = fakeClock();
    const store = new MemoryThrottleStore();
    return { clock, store, throttle: new LoginThrottle(store, policies, clock.now) };
  }

  async function fail(throttle: LoginThrottle, attempt: { email: string; ip: string }, times = 1) {
    for (let i = 0; i < times; i++) await throttle.recordFailure(attempt);
  }

  it('allows a first attempt', async () => {
    expect(await setUp().throttle.retryAfterMs(alice)).toBe(0);
  });

  it('applies the default policies: 5 free failures per account and address, then 1 s, 2 s, …', async () => {
    const { clock, throttle } = setUp(DEFAULT_LOGIN_POLICIES);
    await fail(throttle, alice, 5);
    expect(await throttle.retryAfterMs(alice)).toBe(0);
    await fail(throttle, alice);
    expect(await throttle.retryAfterMs(alice)).toBe(SECOND);
    clock.advance(400);
    expect(await throttle.retryAfterMs(alice)).toBe(600);
    clock.advance(600);
    expect(await throttle.retryAfterMs(alice)).toBe(0);
    await fail(throttle, alice);
    expect(await throttle.retryAfterMs(alice)).toBe(2 * SECOND);
  });

  it('never locks out: with the defaults, an account attacked from everywhere waits at most 30 s', async () => {
    const { throttle } = setUp(DEFAULT_LOGIN_POLICIES);
    for (let i = 0; i < 40; i++) await throttle.recordFailure({ ...alice, ip: `198.51.100.${i}` });
    expect(await throttle.retryAfterMs({ ...alice, ip: '192.0.2.1' })).toBe(30 * SECOND);
  });

  it('returns the longest wait among the account, address and account+address scopes', async () => {
    const { throttle } = setUp();
    await fail(throttle, alice, 2);
    // accountIp: 2nd failure (1 free) → 10 ms; account and ip still free.
    expect(await throttle.retryAfterMs(alice)).toBe(10);

    await fail(throttle, alice, 2);
    // accountIp: 4th → 40 ms; account: 4th (3 free) → 200 ms.
    expect(await throttle.retryAfterMs(alice)).toBe(200);
    expect(await throttle.retryAfterMs({ ...alice, ip: '192.0.2.1' })).toBe(200);

    await fail(throttle, { email: 'bob@cabinet-dupont.fr', ip: alice.ip }, 2);
    // ip: 6th failure from this address (5 free) → 3 s, for any account.
    expect(await throttle.retryAfterMs(alice)).toBe(3_000);
    expect(await throttle.retryAfterMs({ email: 'carol@example.fr', ip: alice.ip })).toBe(3_000);
    expect(await throttle.retryAfterMs({ email: 'carol@example.fr', ip: '192.0.2.1' })).toBe(0);
  });

  it('on success clears only the account+address counter', async () => {
    const { throttle } = setUp();
    await fail(throttle, alice, 6);
    // Every scope is beyond its free failures: accountIp 160 ms, account 800 ms, ip 3 s.
    expect(await throttle.retryAfterMs(alice)).toBe(3_000);

    await throttle.recordSuccess(alice);
    expect(await throttle.retryAfterMs(alice)).toBe(3_000);
    expect(await throttle.retryAfterMs({ ...alice, ip: '192.0.2.1' })).toBe(800);
    expect(await throttle.retryAfterMs({ email: 'bob@cabinet-dupont.fr', ip: alice.ip })).toBe(
      3_000,
    );
  });

  it('on success frees the owner after account+address back-off', async () => {
    const { throttle } = setUp({
      ...POLICIES,
      account: { ...POLICIES.account, freeFailures: 100 },
      ip: { ...POLICIES.ip, freeFailures: 100 },
    });
    await fail(throttle, alice, 5);
    expect(await throttle.retryAfterMs(alice)).toBe(80);
    await throttle.recordSuccess(alice);
    expect(await throttle.retryAfterMs(alice)).toBe(0);
    await fail(throttle, alice);
    expect(await throttle.retryAfterMs(alice)).toBe(0);
  });

  it('treats emails case-insensitively (and ignores surrounding spaces)', async () => {
    const { throttle } = setUp();
    await fail(throttle, { ...alice, email: 'Alice@Cabinet-Dupont.FR' }, 2);
    await fail(throttle, { ...alice, email: ' ALICE@cabinet-dupont.fr ' }, 2);
    expect(await throttle.retryAfterMs(alice)).toBe(200);
  });

  it('forgets counters a window after the last failure', async () => {
    const { clock, throttle } = setUp();
    await fail(throttle, alice, 4);
    clock.advance(MINUTE - 1);
    await fail(throttle, alice);
    // Still inside the window: the 5th failure of the pair → 80 ms, the account's → 400 ms.
    expect(await throttle.retryAfterMs(alice)).toBe(400);
    clock.advance(MINUTE);
    expect(await throttle.retryAfterMs(alice)).toBe(0);
    await fail(throttle, alice);
    expect(await throttle.retryAfterMs(alice)).toBe(0);
  });

  it('hands the store hashed keys, neither the email nor the address', async () => {
    const keys: string[] = [];
    class RecordingStore extends MemoryThrottleStore {
      override async retryAfterMs(key: string, now: number) {
        keys.push(key);
        return super.retryAfterMs(key, now);
      }
      override async recordFailure(key: string, policy: ThrottlePolicy, now: number) {
        keys.push(key);
        return super.recordFailure(key, policy, now);
      }
      override async reset(key: string) {
        keys.push(key);
        return super.reset(key);
      }
    }
    const throttle = new LoginThrottle(new RecordingStore(), POLICIES);
    await throttle.recordFailure(alice);
    await throttle.retryAfterMs(alice);
    await throttle.recordSuccess(alice);
    expect(keys).toHaveLength(7);
    expect(new Set(keys).size).toBe(3);
    for (const key of keys) {
      expect(key).toMatch(/^[a-z]+:[0-9a-f]{32}$/);
      expect(key).not.toContain('alice');
      expect(key).not.toContain('203.0.113');
    }
  });
});

describe('MemoryThrottleStore memory', () => {
  const policy: ThrottlePolicy = {
    freeFailures: 0,
    baseDelayMs: 1_000,
    maxDelayMs: 1_000,
    windowMs: MINUTE,
  };

  it('sweeps expired counters as new failures come in', async () => {
    const store = new MemoryThrottleStore();
    const start = Date.now();
    for (let i = 0; i < 100; i++) await store.recordFailure(`ip:${i}`, policy, start);
    expect(store.size).toBe(100);
    await store.recordFailure('ip:late', policy, start + 2 * MINUTE);
    expect(store.size).toBe(1);
  });

  it('drops the counters with the oldest last failure beyond its size limit', async () => {
    const store = new MemoryThrottleStore(3);
    const now = Date.now();
    for (const key of ['a', 'b', 'c']) await store.recordFailure(key, policy, now);
    await store.recordFailure('a', policy, now + 1);
    await store.recordFailure('d', policy, now + 2);
    expect(store.size).toBe(3);
    expect(await store.retryAfterMs('b', now + 2)).toBe(0);
    expect(await store.retryAfterMs('a', now + 2)).toBeGreaterThan(0);
    expect(await store.retryAfterMs('c', now + 2)).toBeGreaterThan(0);
  });

  it('forgets an expired counter when it is read', async () => {
    const store = new MemoryThrottleStore();
    const brief = { ...policy, windowMs: SECOND };
    await store.recordFailure('a', brief, 0);
    await store.recordFailure('b', brief, SECOND);
    expect(store.size).toBe(2);
    expect(await store.retryAfterMs('a', SECOND)).toBe(0);
    expect(store.size).toBe(1);
  });
});
