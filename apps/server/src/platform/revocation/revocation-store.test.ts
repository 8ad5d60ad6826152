import { describe, expect, it } from 'vitest';
import { MemoryRevocationStore, type AccessClaims } from './revocation-store.ts';

const T0 = 1_736_150_400; // seconds

function setUp() {
  let nowMs = T0 * 1000;
  const store = new MemoryRevocationStore(() => nowMs);
  return { store, advance: (seconds: number) => void (nowMs += seconds * 1000) };
}

const claims = (overrides: Partial<AccessClaims> = {}): AccessClaims => ({
  jti: 'jti-1',
  sid: 'session-1',
  sub: 'user-1',
  iat: T0,
  ...overrides,
});

describe('MemoryRevocationStore', () => {
  it('denies a revoked token until it expires, then forgets it', async () => {
    const { store, advance } = setUp();
    await store.revokeToken('jti-1', T0 + 900);
    expect(await store.isRevoked(claims())).toBe(true);
    expect(await store.isRevoked(claims({ jti: 'jti-2' }))).toBe(false);
    advance(899.9);
    expect(await store.isRevoked(claims())).toBe(true);
    advance(0.1);
    expect(await store.isRevoked(claims())).toBe(false);
    expect(store.size).toBe(0);
  });

  it('denies every token of a revoked session until its end', async () => {
    const { store, advance } = setUp();
    await store.revokeSession('session-1', T0 + 60);
    expect(await store.isRevoked(claims({ jti: 'a' }))).toBe(true);
    expect(await store.isRevoked(claims({ jti: 'b', iat: T0 + 30 }))).toBe(true);
    expect(await store.isRevoked(claims({ sid: 'session-2' }))).toBe(false);
    advance(60);
    expect(await store.isRevoked(claims())).toBe(false);
    expect(store.size).toBe(0);
  });

  it('never shortens a denial', async () => {
    const { store, advance } = setUp();
    await store.revokeSession('session-1', T0 + 120);
    await store.revokeSession('session-1', T0 + 60);
    advance(90);
    expect(await store.isRevoked(claims())).toBe(true);
  });

  it('records nothing whose end has passed', async () => {
    const { store } = setUp();
    await store.revokeToken('jti-1', T0);
    await store.revokeSession('session-1', T0 - 10);
    await store.setUserValidAfter('user-1', T0 + 10, T0 - 1);
    expect(await store.isRevoked(claims())).toBe(false);
    expect(await store.userValidAfter('user-1')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it("denies the user's tokens issued before the cutoff until the entry's end", async () => {
    const { store, advance } = setUp();
    await store.setUserValidAfter('user-1', T0 + 10, T0 + 900);
    expect(await store.userValidAfter('user-1')).toBe(T0 + 10);
    expect(await store.isRevoked(claims({ iat: T0 + 9 }))).toBe(true);
    expect(await store.isRevoked(claims({ iat: T0 + 10 }))).toBe(false);
    expect(await store.isRevoked(claims({ sub: 'user-2', iat: T0 }))).toBe(false);
    advance(900);
    expect(await store.isRevoked(claims({ iat: T0 }))).toBe(false);
    expect(await store.userValidAfter('user-1')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('never moves a cutoff backwards, nor its end earlier', async () => {
    const { store, advance } = setUp();
    await store.setUserValidAfter('user-1', T0 + 20, T0 + 600);
    await store.setUserValidAfter('user-1', T0 + 10, T0 + 300);
    expect(await store.userValidAfter('user-1')).toBe(T0 + 20);
    advance(400);
    expect(await store.userValidAfter('user-1')).toBe(T0 + 20);
    await store.setUserValidAfter('user-1', T0 + 30, T0 + 500);
    expect(await store.userValidAfter('user-1')).toBe(T0 + 30);
    advance(199);
    expect(await store.userValidAfter('user-1')).toBe(T0 + 30);
    advance(1);
    expect(await store.userValidAfter('user-1')).toBeUndefined();
  });

  it('sweeps expired entries as new ones come in, so memory follows live revocations', async () => {
    const { store, advance } = setUp();
    for (let i = 0; i < 50; i++) {
      await store.revokeToken(`jti-${i}`, T0 + 60);
      await store.revokeSession(`session-${i}`, T0 + 60);
      await store.setUserValidAfter(`user-${i}`, T0, T0 + 60);
    }
    expect(store.size).toBe(150);
    advance(61);
    await store.revokeToken('jti-late', T0 + 120);
    expect(store.size).toBe(1);
  });
});
