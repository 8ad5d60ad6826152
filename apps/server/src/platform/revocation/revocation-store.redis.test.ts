import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { redisForTests } from '../../test-support/redis.ts';
import {
  MemoryRevocationStore,
  RedisRevocationStore,
  type AccessClaims,
  type RevocationStore,
} from './revocation-store.ts';

const { prefix, redis, connect, keysUnder } = redisForTests('rev');

/** Each driver makes one store, or several sharing state as several API instances would. */
const drivers: { name: string; create: (instances?: number) => RevocationStore[] }[] = [
  {
    name: 'MemoryRevocationStore',
    create: (instances = 1) => Array(instances).fill(new MemoryRevocationStore()),
  },
  {
    name: 'RedisRevocationStore',
    create: (instances = 1) => {
      const keyPrefix = `${prefix}${randomUUID()}:`;
      return Array.from(
        { length: instances },
        (_, i) => new RedisRevocationStore(i === 0 ? redis : connect(), keyPrefix),
      );
    },
  },
];

// Redis expires keys by its own clock: these tests use real time, with ends far from now.
const nowSec = () => Math.floor(Date.now() / 1000);
const HOUR = 3_600;

const claims = (overrides: Partial<AccessClaims> = {}): AccessClaims => ({
  jti: 'jti-1',
  sid: 'session-1',
  sub: 'user-1',
  iat: nowSec(),
  ...overrides,
});

describe.each(drivers)('$name', ({ create }) => {
  const one = () => create()[0]!;

  it('denies nothing at first', async () => {
    const store = one();
    expect(await store.isRevoked(claims())).toBe(false);
    expect(await store.userValidAfter('user-1')).toBeUndefined();
  });

  it('denies one revoked token, not its siblings', async () => {
    const store = one();
    await store.revokeToken('jti-1', nowSec() + HOUR);
    expect(await store.isRevoked(claims())).toBe(true);
    expect(await store.isRevoked(claims({ jti: 'jti-2' }))).toBe(false);
  });

  it('denies every token of a revoked session, not those of other sessions', async () => {
    const store = one();
    await store.revokeSession('session-1', nowSec() + HOUR);
    expect(await store.isRevoked(claims({ jti: 'a' }))).toBe(true);
    expect(await store.isRevoked(claims({ jti: 'b', sub: 'user-2' }))).toBe(true);
    expect(await store.isRevoked(claims({ sid: 'session-2' }))).toBe(false);
  });

  it("denies the user's tokens issued before the cutoff, not from it on", async () => {
    const store = one();
    const cutoff = nowSec();
    await store.setUserValidAfter('user-1', cutoff, cutoff + HOUR);
    expect(await store.userValidAfter('user-1')).toBe(cutoff);
    expect(await store.isRevoked(claims({ iat: cutoff - 1 }))).toBe(true);
    expect(await store.isRevoked(claims({ iat: cutoff }))).toBe(false);
    expect(await store.isRevoked(claims({ sub: 'user-2', iat: cutoff - 1 }))).toBe(false);
  });

  it('never moves a cutoff backwards', async () => {
    const store = one();
    const cutoff = nowSec();
    await store.setUserValidAfter('user-1', cutoff, cutoff + HOUR);
    await store.setUserValidAfter('user-1', cutoff - 100, cutoff + HOUR);
    expect(await store.userValidAfter('user-1')).toBe(cutoff);
    await store.setUserValidAfter('user-1', cutoff + 5, cutoff + HOUR);
    expect(await store.userValidAfter('user-1')).toBe(cutoff + 5);
  });

  it('keeps the latest of concurrent cutoffs', async () => {
    const stores = create(4);
    const cutoff = nowSec();
    const offsets = Array.from({ length: 20 }, (_, i) => (i * 7) % 20);
    await Promise.all(
      offsets.map((offset, i) =>
        stores[i % stores.length]!.setUserValidAfter('user-1', cutoff + offset, cutoff + HOUR),
      ),
    );
    expect(await stores[0]!.userValidAfter('user-1')).toBe(cutoff + 19);
  });

  it('no longer denies, and forgets, entries whose end has passed', async () => {
    const store = one();
    const now = nowSec();
    await store.revokeToken('jti-1', now - 1);
    await store.revokeSession('session-1', now - 1);
    await store.setUserValidAfter('user-1', now + 10, now - 1);
    expect(await store.isRevoked(claims({ iat: now }))).toBe(false);
    expect(await store.userValidAfter('user-1')).toBeUndefined();
  });

  it('shows one instance’s revocations to another at once', async () => {
    const [first, second] = create(2) as [RevocationStore, RevocationStore];
    const now = nowSec();
    await first.revokeToken('jti-1', now + HOUR);
    expect(await second.isRevoked(claims())).toBe(true);
    await second.revokeSession('session-2', now + HOUR);
    expect(await first.isRevoked(claims({ jti: 'x', sid: 'session-2' }))).toBe(true);
    await first.setUserValidAfter('user-3', now, now + HOUR);
    expect(await second.userValidAfter('user-3')).toBe(now);
    expect(
      await second.isRevoked(claims({ jti: 'y', sid: 's', sub: 'user-3', iat: now - 1 })),
    ).toBe(true);
  });
});

describe('RedisRevocationStore in Redis', () => {
  function store(connection = redis) {
    const keyPrefix = `${prefix}${randomUUID()}:`;
    return { keyPrefix, store: new RedisRevocationStore(connection, keyPrefix) };
  }

  it('sees revocations made through another connection (two API instances)', async () => {
    const keyPrefix = `${prefix}${randomUUID()}:`;
    const instanceA = new RedisRevocationStore(connect(), keyPrefix);
    const instanceB = new RedisRevocationStore(connect(), keyPrefix);
    const now = nowSec();
    await instanceA.revokeSession('session-1', now + HOUR);
    expect(await instanceB.isRevoked(claims({ jti: 'other' }))).toBe(true);
    await instanceB.revokeToken('jti-9', now + HOUR);
    expect(await instanceA.isRevoked(claims({ jti: 'jti-9', sid: 'session-9' }))).toBe(true);
  });

  it('lets Redis forget every entry at its end (EXAT)', async () => {
    const { keyPrefix, store: revocations } = store();
    const now = nowSec();
    await revocations.revokeToken('jti-1', now + 900);
    await revocations.revokeSession('session-1', now + 1_800);
    await revocations.setUserValidAfter('user-1', now, now + 2_700);
    const keys = (await keysUnder(keyPrefix)).sort();
    expect(keys).toHaveLength(3);
    const ends = await Promise.all(keys.map((key) => redis.call('EXPIRETIME', key)));
    expect(
      Object.fromEntries(keys.map((key, i) => [key.slice(keyPrefix.length), ends[i]])),
    ).toEqual({ 'jti:jti-1': now + 900, 'sid:session-1': now + 1_800, 'user:user-1': now + 2_700 });
  });

  it('extends an end, never shortens it', async () => {
    const { keyPrefix, store: revocations } = store();
    const now = nowSec();
    await revocations.revokeSession('session-1', now + 1_800);
    await revocations.revokeSession('session-1', now + 900);
    expect(await redis.call('EXPIRETIME', `${keyPrefix}sid:session-1`)).toBe(now + 1_800);
    await revocations.revokeSession('session-1', now + 2_700);
    expect(await redis.call('EXPIRETIME', `${keyPrefix}sid:session-1`)).toBe(now + 2_700);
    await revocations.setUserValidAfter('user-1', now + 10, now + 1_800);
    await revocations.setUserValidAfter('user-1', now + 20, now + 900);
    expect(await redis.call('EXPIRETIME', `${keyPrefix}user:user-1`)).toBe(now + 1_800);
    expect(await revocations.userValidAfter('user-1')).toBe(now + 20);
  });

  it('really expires an entry at its end', async () => {
    const { store: revocations } = store();
    // The next second boundary: at most a second of waiting.
    const end = nowSec() + 1;
    await revocations.revokeToken('jti-1', end);
    expect(await revocations.isRevoked(claims())).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, end * 1000 - Date.now() + 50));
    expect(await revocations.isRevoked(claims())).toBe(false);
  });

  it('checks a token in one round trip (MGET)', async () => {
    const connection = connect();
    const { store: revocations } = store(connection);
    await connection.ping();
    const sent = vi.spyOn(connection, 'sendCommand');
    await revocations.isRevoked(claims());
    expect(sent.mock.calls.map(([command]) => command.name)).toEqual(['mget']);
  });

  it('reads the fill marker in the same round trip as the token (MGET)', async () => {
    const connection = connect();
    const { store: revocations } = store(connection);
    await connection.ping();
    const sent = vi.spyOn(connection, 'sendCommand');
    expect(await revocations.check(claims())).toEqual({ revoked: false, filled: false });
    expect(sent.mock.calls.map(([command]) => command.name)).toEqual(['mget']);
  });

  it('is filled once a fill completes, and no longer after a flush of its keys', async () => {
    const { keyPrefix, store: revocations } = store();
    await revocations.beginFill('fill-1');
    expect(await revocations.isFilled()).toBe(false);
    expect(await revocations.completeFill('fill-1')).toBe(true);
    expect(await revocations.isFilled()).toBe(true);
    expect((await revocations.check(claims())).filled).toBe(true);
    await redis.del(...(await keysUnder(keyPrefix)));
    expect((await revocations.check(claims())).filled).toBe(false);
  });

  it('refuses to mark a fill complete when Redis lost its sentinel meanwhile (a restart)', async () => {
    const { keyPrefix, store: revocations } = store();
    await revocations.beginFill('fill-2');
    await redis.del(...(await keysUnder(keyPrefix)));
    expect(await revocations.completeFill('fill-2')).toBe(false);
    expect(await revocations.isFilled()).toBe(false);
  });

  it('ignores ends at or before the epoch, which Redis would refuse', async () => {
    const { keyPrefix, store: revocations } = store();
    await revocations.revokeToken('jti-1', 0);
    await revocations.setUserValidAfter('user-1', 10, -5);
    expect(await keysUnder(keyPrefix)).toEqual([]);
  });
});
