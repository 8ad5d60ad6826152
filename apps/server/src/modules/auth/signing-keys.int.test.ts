import { generateKeyPairSync } from 'node:crypto';
import { isNull } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { signingKeys } from '../../db/schema/index.ts';
import { MemoryRevocationStore } from '../../platform/revocation/revocation-store.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { AccessTokens, TOKEN_AUDIENCE, TOKEN_ISSUER } from './access-tokens.ts';
import { SigningKeyRing } from './signing-keys.ts';

const MASTER = Buffer.alloc(32, 1);
let database: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const claims = { userId: 'u1', organizationId: 'o1', role: 'viewer' as const, sessionId: 's1' };

describe('SigningKeyRing', () => {
  it('creates one active key, idempotently, with the private key sealed', async () => {
    const ring = new SigningKeyRing(database.db, MASTER, 60_000);
    const kid = await ring.ensureActiveKey();
    expect(await ring.ensureActiveKey()).toBe(kid);
    const rows = await database.db.select().from(signingKeys).where(isNull(signingKeys.retiredAt));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.privateKeySealed).toMatch(/^v1\./);
    expect(rows[0]!.privateKeySealed).not.toContain('PRIVATE KEY');
  });

  it('refuses to unseal a key with another master key', async () => {
    const ring = new SigningKeyRing(database.db, Buffer.alloc(32, 2), 60_000);
    await expect(ring.activeKey()).rejects.toThrow();
  });

  it('another instance verifies tokens signed with a key rotated elsewhere', async () => {
    const revocations = new MemoryRevocationStore();
    const a = new SigningKeyRing(database.db, MASTER, 60_000);
    const b = new SigningKeyRing(database.db, MASTER, 60_000);
    const onA = new AccessTokens(a, revocations, 600);
    const onB = new AccessTokens(b, revocations, 600);
    const before = await onA.issue(claims);
    await expect(onB.verify(before.token)).resolves.toMatchObject({ sub: 'u1' });
    await a.rotate();
    const after = await onA.issue(claims);
    await expect(onB.verify(after.token)).resolves.toMatchObject({ sub: 'u1' });
    await expect(onB.verify(before.token)).resolves.toMatchObject({ sub: 'u1' });
  });

  it('drops a retired key from the JWKS and from verification after its retention', async () => {
    let now = Date.now();
    const ring = new SigningKeyRing(database.db, MASTER, 60_000, () => now);
    const tokens = new AccessTokens(ring, new MemoryRevocationStore(), 600, () => now);
    const old = (await ring.jwks()).keys.map((k) => k.kid);
    const { token } = await tokens.issue(claims);
    const { kid } = await ring.rotate();
    expect((await ring.jwks()).keys.map((k) => k.kid)).toEqual(
      expect.arrayContaining([...old, kid]),
    );
    now += 61_000;
    const later = new SigningKeyRing(database.db, MASTER, 60_000, () => now);
    expect((await later.jwks()).keys.map((k) => k.kid)).toEqual([kid]);
    const verifier = new AccessTokens(later, new MemoryRevocationStore(), 600, () => now - 61_000);
    await expect(verifier.verify(token)).rejects.toThrow(/clé inconnue/);
  });

  it('refuses a token signed by a key that is not ours, even with a known kid', async () => {
    const ring = new SigningKeyRing(database.db, MASTER, 60_000);
    const { kid } = await ring.activeKey();
    const { privateKey } = generateKeyPairSync('ed25519');
    const forged = await new SignJWT({ org: 'o1', role: 'admin', sid: 's1' })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject('u1')
      .setJti('j1')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    const tokens = new AccessTokens(ring, new MemoryRevocationStore(), 600);
    await expect(tokens.verify(forged)).rejects.toThrow(/invalide/);
  });
});
