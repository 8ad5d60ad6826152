import { and, eq, sql } from 'drizzle-orm';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { auditEvents, refreshTokens } from '../../db/schema/index.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer, login, PASSWORD, seedCabinet, type TestUser } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { AccessTokens } from './access-tokens.ts';

let database: DatabaseHandle;
let app: App;
let cabinet: Awaited<ReturnType<typeof seedCabinet>>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  cabinet = await seedCabinet(app);
});

afterAll(async () => {
  await app.close();
  await database.close();
});

const me = (token: string) => app.inject({ url: '/api/v1/me', headers: bearer(token) });
const refresh = (refreshToken: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
const actions = async (targetId: string) =>
  (
    await database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.targetId, targetId))
  ).map((r) => r.action);

describe('POST /api/v1/setup', () => {
  it('refuses a weak password naming the field, then 409 once a cabinet exists', async () => {
    const weak = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { organizationName: 'X', email: 'x@example.fr', password: 'short', fullName: 'X' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors).toEqual([
      expect.objectContaining({ path: '/password', in: 'body' }),
    ]);

    const done = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: {
        organizationName: 'Cabinet Bis',
        email: 'bis@example.fr',
        password: PASSWORD,
        fullName: 'Bis',
      },
    });
    expect(done.statusCode).toBe(409);
    expect(done.json().type).toBe('/problems/already-set-up');
  });

  it('400 names a malformed e-mail', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { organizationName: 'X', email: 'not-an-email', password: PASSWORD, fullName: 'X' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['/email']);
  });
});

describe('POST /api/v1/auth/login', () => {
  it('returns an EdDSA access token with kid and a refresh token, and records the login', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: cabinet.admin.email.toUpperCase(), password: PASSWORD },
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 600 });
    expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    const header = decodeProtectedHeader(body.accessToken);
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' });
    expect(header.kid).toBeTruthy();
    const logins = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.login'), eq(auditEvents.actorId, cabinet.admin.id)));
    expect(logins[0]).toMatchObject({
      organizationId: cabinet.organization.id,
      targetType: 'session',
    });
    const sessions = await app.inject({
      url: '/api/v1/auth/sessions',
      headers: bearer(body.accessToken),
    });
    expect(sessions.json().items.find((s: { current: boolean }) => s.current).deviceLabel).toBe(
      'Firefox sur Linux',
    );
  });

  it('answers an unknown e-mail exactly like a wrong password', async () => {
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: cabinet.admin.email, password: 'not the password at all' },
      remoteAddress: '10.9.0.1',
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@example.fr', password: 'not the password at all' },
      remoteAddress: '10.9.0.2',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
    const failed = await database.db
      .select({ changes: auditEvents.changes })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'auth.login_failed'));
    expect(failed.map((f) => f.changes?.reason)).toEqual(
      expect.arrayContaining(['wrong_password', 'unknown_account']),
    );
  });

  it('400 names a missing field', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a@b.fr' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('/password');
  });

  it('throttles repeated failures with 429 and Retry-After, per account and IP', async () => {
    const user = await cabinet.addUser('viewer');
    const attempt = (password: string, ip = '10.1.1.1') =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password },
        remoteAddress: ip,
      });
    for (let i = 0; i < 6; i++) expect((await attempt('wrong password here')).statusCode).toBe(401);
    const blocked = await attempt(PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(blocked.json().type).toBe('/problems/too-many-requests');
    // The same account from another address is not locked out.
    expect((await attempt(PASSWORD, '10.2.2.2')).statusCode).toBe(200);
  });

  it('refuses a deactivated user with the same 401', async () => {
    const user = await cabinet.addUser('broker');
    await database.db.execute(sql`update users set active = false where id = ${user.id}`);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: PASSWORD },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().type).toBe('/problems/invalid-credentials');
  });
});

describe('access tokens', () => {
  it('open GET /api/v1/me', async () => {
    const tokens = await login(app, cabinet.admin.email);
    const res = await me(tokens.accessToken);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      user: { id: cabinet.admin.id, role: 'admin', email: cabinet.admin.email },
      organization: { id: cabinet.organization.id },
    });
  });

  it.each([
    ['no header', undefined],
    ['not a bearer', 'Basic abc'],
    ['garbage', 'Bearer not.a.jwt'],
  ])('401 with WWW-Authenticate for %s', async (_label, authorization) => {
    const res = await app.inject({
      url: '/api/v1/me',
      headers: authorization ? { authorization } : {},
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('rejects a tampered token and an unsigned (alg none) one', async () => {
    const { accessToken } = await login(app, cabinet.admin.email);
    const [h, p, s] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = Buffer.from(
      JSON.stringify({ ...claims, role: 'admin', sub: 'someone-else' }),
    ).toString('base64url');
    expect((await me(`${h}.${forged}.${s}`)).statusCode).toBe(401);
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url');
    expect((await me(`${none}.${p}.`)).statusCode).toBe(401);
  });

  it('rejects an expired token with a distinct problem type', async () => {
    const past = new AccessTokens(
      app.services.keys,
      app.services.revocations,
      600,
      () => Date.now() - 20 * 60_000,
    );
    const { token } = await past.issue({
      userId: cabinet.admin.id,
      organizationId: cabinet.organization.id,
      role: 'admin',
      sessionId: '00000000-0000-4000-8000-000000000000',
    });
    const res = await me(token);
    expect(res.statusCode).toBe(401);
    expect(res.json().type).toBe('/problems/token-expired');
  });
});

describe('refresh-token rotation', () => {
  it('rotates on every use; a racing replay within the grace window gets the same successor', async () => {
    const first = await login(app, cabinet.admin.email);
    const a = await refresh(first.refreshToken);
    expect(a.statusCode).toBe(200);
    expect(a.json().refreshToken).not.toBe(first.refreshToken);
    const again = await refresh(first.refreshToken);
    expect(again.statusCode).toBe(200);
    expect(again.json().refreshToken).toBe(a.json().refreshToken);
    expect((await me(again.json().accessToken)).statusCode).toBe(200);
  });

  it('two concurrent refreshes of one token both succeed with the same successor', async () => {
    const first = await login(app, cabinet.admin.email);
    const [x, y] = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken)]);
    expect([x.statusCode, y.statusCode]).toEqual([200, 200]);
    expect(x.json().refreshToken).toBe(y.json().refreshToken);
  });

  it('a replay after the grace window kills the whole family and is audited', async () => {
    const first = await login(app, cabinet.admin.email);
    const second = (await refresh(first.refreshToken)).json();
    const sid = JSON.parse(
      Buffer.from(first.accessToken.split('.')[1]!, 'base64url').toString(),
    ).sid;
    await database.db
      .update(refreshTokens)
      .set({ rotatedAt: new Date(Date.now() - 30_000) })
      .where(and(eq(refreshTokens.sessionId, sid), sql`${refreshTokens.rotatedAt} is not null`));
    const replay = await refresh(first.refreshToken);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().type).toBe('/problems/refresh-token-reused');
    // The legitimate successor and its access token die with the family.
    expect((await refresh(second.refreshToken)).statusCode).toBe(401);
    expect((await me(second.accessToken)).statusCode).toBe(401);
    const reuse = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'auth.refresh_reuse_detected'));
    expect(reuse.length).toBeGreaterThan(0);
  });

  it('a replay of an older generation (not the immediate predecessor) is reuse even within the window', async () => {
    const t0 = await login(app, cabinet.admin.email);
    const t1 = (await refresh(t0.refreshToken)).json();
    const t2 = (await refresh(t1.refreshToken)).json();
    expect((await refresh(t0.refreshToken)).statusCode).toBe(401);
    expect((await refresh(t2.refreshToken)).statusCode).toBe(401);
  });

  it('401 for an unknown refresh token, 400 for a malformed body', async () => {
    expect((await refresh('x'.repeat(43))).statusCode).toBe(401);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: 42 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('/refreshToken');
  });

  it('carries the web app’s refresh token in an HttpOnly SameSite=Strict cookie', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: cabinet.admin.email, password: PASSWORD },
      headers: { 'x-token-transport': 'cookie' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().refreshToken).toBeUndefined();
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^ma_refresh=[A-Za-z0-9_-]+;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/api/v1/auth');
    const value = /^ma_refresh=([^;]+)/.exec(cookie)![1]!;
    const renewed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: {},
      headers: { 'x-token-transport': 'cookie', cookie: `ma_refresh=${value}` },
    });
    expect(renewed.statusCode).toBe(200);
    expect(String(renewed.headers['set-cookie'])).not.toContain(value);
  });
});

describe('logout, sessions and password change', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await cabinet.addUser('manager');
  });

  it('logout revokes the presented access token and its session at once', async () => {
    const tokens = await login(app, user.email);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: bearer(tokens),
      payload: {},
    });
    expect(res.statusCode).toBe(204);
    expect((await me(tokens.accessToken)).statusCode).toBe(401);
    expect((await refresh(tokens.refreshToken)).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/auth/logout', payload: {} })).statusCode,
    ).toBe(401);
  });

  it('lists sessions with the current one marked, and ends another one', async () => {
    const laptop = await login(app, user.email);
    const phone = await login(app, user.email);
    const list = await app.inject({ url: '/api/v1/auth/sessions', headers: bearer(laptop) });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; current: boolean }[];
    expect(items.filter((s) => s.current)).toHaveLength(1);
    const phoneSession = items.find((s) => !s.current)!;
    const phoneSid = JSON.parse(
      Buffer.from(phone.accessToken.split('.')[1]!, 'base64url').toString(),
    ).sid;
    const del = await app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${phoneSid}`,
      headers: bearer(laptop),
    });
    expect(del.statusCode).toBe(204);
    expect(phoneSession.id).toBeTruthy();
    expect((await me(phone.accessToken)).statusCode).toBe(401);
    expect((await me(laptop.accessToken)).statusCode).toBe(200);
    const again = await app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${phoneSid}`,
      headers: bearer(laptop),
    });
    expect(again.statusCode).toBe(404);
  });

  it('cannot end another user’s session (404)', async () => {
    const mine = await login(app, user.email);
    const theirs = await login(app, cabinet.admin.email);
    const sid = JSON.parse(
      Buffer.from(theirs.accessToken.split('.')[1]!, 'base64url').toString(),
    ).sid;
    const res = await app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${sid}`,
      headers: bearer(mine),
    });
    expect(res.statusCode).toBe(404);
    expect((await me(theirs.accessToken)).statusCode).toBe(200);
  });

  it('logout-all ends every session of the user', async () => {
    const a = await login(app, user.email);
    const b = await login(app, user.email);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout-all',
      headers: bearer(a),
    });
    expect(res.statusCode).toBe(204);
    for (const t of [a, b]) {
      expect((await me(t.accessToken)).statusCode).toBe(401);
      expect((await refresh(t.refreshToken)).statusCode).toBe(401);
    }
    // A new login right away works (same second as the cut-off).
    const fresh = await login(app, user.email);
    expect((await me(fresh.accessToken)).statusCode).toBe(200);
  });

  it('changing the password needs the current one, checks the new one, and ends the other sessions', async () => {
    const other = await cabinet.addUser('viewer');
    const current = await login(app, other.email);
    const elsewhere = await login(app, other.email);
    const change = (payload: object) =>
      app.inject({ method: 'POST', url: '/api/v1/me/password', headers: bearer(current), payload });
    const wrong = await change({
      currentPassword: 'wrong-password-123',
      newPassword: 'Une-Autre-Phrase-Secrète-7',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe('/currentPassword');
    const weak = await change({ currentPassword: PASSWORD, newPassword: 'password' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].path).toBe('/newPassword');
    expect(
      (await change({ currentPassword: PASSWORD, newPassword: 'Une-Autre-Phrase-Secrète-7' }))
        .statusCode,
    ).toBe(204);
    expect((await me(current.accessToken)).statusCode).toBe(200);
    expect((await me(elsewhere.accessToken)).statusCode).toBe(401);
    await expect(login(app, other.email)).rejects.toThrow(/401/);
    expect((await login(app, other.email, 'Une-Autre-Phrase-Secrète-7')).accessToken).toBeTruthy();
  });
});

describe('signing keys', () => {
  it('publishes the active key, rotates without logging anyone out, keeps the old key published', async () => {
    const before = (await app.inject({ url: '/.well-known/jwks.json' })).json();
    const oldKid = decodeProtectedHeader((await login(app, cabinet.admin.email)).accessToken).kid;
    expect(before.keys.map((k: { kid: string }) => k.kid)).toContain(oldKid);
    expect(before.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(before.keys[0].d).toBeUndefined();

    const tokens = await login(app, cabinet.admin.email);
    const rotated = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/keys/rotate',
      headers: bearer(tokens),
    });
    expect(rotated.statusCode).toBe(200);
    const newKid = rotated.json().kid;
    expect(newKid).not.toBe(oldKid);

    expect((await me(tokens.accessToken)).statusCode).toBe(200);
    const after = (await app.inject({ url: '/.well-known/jwks.json' })).json();
    expect(after.keys.map((k: { kid: string }) => k.kid)).toEqual(
      expect.arrayContaining([oldKid, newKid]),
    );
    const renewed = (await refresh(tokens.refreshToken)).json();
    expect(decodeProtectedHeader(renewed.accessToken).kid).toBe(newKid);
    expect(await actions(newKid)).toEqual(['keys.rotated']);
  });

  it.each(['manager', 'broker', 'viewer'] as const)('403 for a %s', async (role) => {
    const user = await cabinet.addUser(role);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/keys/rotate',
      headers: bearer(await login(app, user.email)),
    });
    expect(res.statusCode).toBe(403);
  });
});
