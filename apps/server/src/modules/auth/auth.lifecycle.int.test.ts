import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { auditEvents, sessions } from '../../db/schema/index.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer, login, PASSWORD } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';

let database: DatabaseHandle;
let app: App;
const admin = { email: 'helene.dupre@cabinet-dupre.fr', password: PASSWORD };

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const me = (target: App, token: string) =>
  target.inject({ url: '/api/v1/me', headers: bearer(token) });

describe('first run', () => {
  it('creates the first cabinet and its admin once, even when two setups race', async () => {
    const status = async () => (await app.inject({ url: '/api/v1/setup' })).json();
    expect(await status()).toEqual({ required: true });
    const setup = (email: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        payload: {
          organizationName: 'Cabinet Dupré',
          email,
          password: PASSWORD,
          fullName: 'Hélène Dupré',
        },
      });
    const [x, y] = await Promise.all([setup(admin.email), setup('autre@cabinet-dupre.fr')]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([201, 409]);
    expect(await status()).toEqual({ required: false });
    const created = x.statusCode === 201 ? x : y;
    expect(created.json()).toMatchObject({
      organization: { name: 'Cabinet Dupré' },
      user: { role: 'admin', active: true, fullName: 'Hélène Dupré' },
    });
    const email = created.json().user.email as string;
    admin.email = email;
    const tokens = await login(app, email);
    const body = (await me(app, tokens.accessToken)).json();
    expect(body.organization.name).toBe('Cabinet Dupré');
    const events = await database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.organizationId, body.organization.id));
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['organization.created', 'user.created']),
    );
  });
});

describe('revocations survive a restart', () => {
  it('a fresh instance (empty in-memory store) still refuses tokens cut before it started', async () => {
    const loggedOut = await login(app, admin.email);
    const cutByLogoutAll = await login(app, admin.email);
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: bearer(loggedOut),
      payload: {},
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout-all',
      headers: bearer(cutByLogoutAll),
    });
    const restarted = await createTestApp(database);
    try {
      expect((await me(restarted, loggedOut.accessToken)).statusCode).toBe(401);
      expect((await me(restarted, cutByLogoutAll.accessToken)).statusCode).toBe(401);
      const fresh = await login(restarted, admin.email);
      expect((await me(restarted, fresh.accessToken)).statusCode).toBe(200);
    } finally {
      await restarted.close();
    }
  });
});

describe('session lifetimes', () => {
  const refresh = (refreshToken: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
  const sidOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sid as string;

  it('ends a session unused for longer than the idle lifetime', async () => {
    const tokens = await login(app, admin.email);
    await database.db
      .update(sessions)
      .set({ lastUsedAt: new Date(Date.now() - 15 * 24 * 3600 * 1000) })
      .where(eq(sessions.id, sidOf(tokens.accessToken)));
    const res = await refresh(tokens.refreshToken);
    expect(res.statusCode).toBe(401);
    expect(res.json().type).toBe('/problems/session-ended');
  });

  it('ends a session past its absolute lifetime, however used', async () => {
    const tokens = await login(app, admin.email);
    await database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, sidOf(tokens.accessToken)));
    expect((await refresh(tokens.refreshToken)).statusCode).toBe(401);
    const list = await app.inject({
      url: '/api/v1/auth/sessions',
      headers: bearer((await login(app, admin.email)).accessToken),
    });
    expect(list.json().items.map((s: { id: string }) => s.id)).not.toContain(
      sidOf(tokens.accessToken),
    );
  });

  it('logout with the refresh token of another of one’s sessions ends both', async () => {
    const a = await login(app, admin.email);
    const b = await login(app, admin.email);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: bearer(a),
      payload: { refreshToken: b.refreshToken },
    });
    expect(res.statusCode).toBe(204);
    expect((await refresh(b.refreshToken)).statusCode).toBe(401);
    expect((await me(app, b.accessToken)).statusCode).toBe(401);
  });
});
