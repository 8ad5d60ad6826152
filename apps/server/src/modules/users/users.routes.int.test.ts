import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { auditEvents } from '../../db/schema/index.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer, login, PASSWORD, seedCabinet, type Tokens } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';

let database: DatabaseHandle;
let app: App;
let cabinet: Awaited<ReturnType<typeof seedCabinet>>;
let other: Awaited<ReturnType<typeof seedCabinet>>;
let adminTokens: Tokens;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  cabinet = await seedCabinet(app, 'Cabinet Dupré');
  other = await seedCabinet(app, 'Cabinet Martin');
  adminTokens = await login(app, cabinet.admin.email);
});

afterAll(async () => {
  await app.close();
  await database.close();
});

describe('GET /api/v1/users', () => {
  it('lists the cabinet’s users only, paginated by cursor', async () => {
    for (let i = 0; i < 3; i++) await cabinet.addUser('viewer');
    const first = await app.inject({ url: '/api/v1/users?limit=2', headers: bearer(adminTokens) });
    expect(first.statusCode).toBe(200);
    expect(first.json().items).toHaveLength(2);
    const seen = [...first.json().items];
    let cursor = first.json().nextCursor;
    while (cursor) {
      const page = await app.inject({
        url: `/api/v1/users?limit=2&cursor=${cursor}`,
        headers: bearer(adminTokens),
      });
      seen.push(...page.json().items);
      cursor = page.json().nextCursor;
    }
    const ids = seen.map((u: { id: string }) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(cabinet.admin.id);
    expect(ids).not.toContain(other.admin.id);
    expect(seen.every((u: Record<string, unknown>) => !('passwordHash' in u))).toBe(true);
  });

  it('400 names a bad limit and a bad cursor', async () => {
    const limit = await app.inject({
      url: '/api/v1/users?limit=500',
      headers: bearer(adminTokens),
    });
    expect(limit.statusCode).toBe(400);
    expect(limit.json().errors[0]).toMatchObject({ path: '/limit', in: 'query' });
    const cursor = await app.inject({
      url: '/api/v1/users?cursor=nope',
      headers: bearer(adminTokens),
    });
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().errors[0]).toMatchObject({ path: '/cursor', in: 'query' });
  });

  it('401 without a token', async () => {
    expect((await app.inject({ url: '/api/v1/users' })).statusCode).toBe(401);
  });

  it.each(['manager', 'broker', 'viewer'] as const)('403 for a %s', async (role) => {
    const user = await cabinet.addUser(role);
    const res = await app.inject({
      url: '/api/v1/users',
      headers: bearer(await login(app, user.email)),
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('POST /api/v1/users', () => {
  const create = (payload: object, tokens = adminTokens) =>
    app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(tokens), payload });

  it('creates a user who can sign in, and audits it', async () => {
    const res = await create({
      email: 'Claire.Broker@Example.fr',
      fullName: 'Claire Broker',
      role: 'broker',
      password: PASSWORD,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      email: 'claire.broker@example.fr',
      fullName: 'Claire Broker',
      role: 'broker',
      active: true,
      version: 1,
    });
    expect(res.headers.etag).toBe('"1"');
    await expect(login(app, 'claire.broker@example.fr')).resolves.toBeTruthy();
    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, res.json().id));
    expect(audit.map((a) => a.action)).toEqual(['user.created']);
    expect(audit[0]).toMatchObject({
      actorId: cabinet.admin.id,
      organizationId: cabinet.organization.id,
    });
    expect(JSON.stringify(audit[0]!.changes)).not.toContain(PASSWORD);
  });

  it('409 for an e-mail already taken, in any cabinet', async () => {
    const res = await create({
      email: other.admin.email,
      fullName: 'Dup',
      role: 'viewer',
      password: PASSWORD,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toBe('/problems/duplicate-email');
  });

  it.each([
    [
      { email: 'a@example.fr', fullName: 'A', role: 'viewer', password: 'azertyuiop12' },
      '/password',
    ],
    [{ email: 'b@example.fr', fullName: 'B', role: 'superuser', password: PASSWORD }, '/role'],
    [{ email: 'c@example.fr', role: 'viewer', password: PASSWORD }, '/fullName'],
    [
      { email: 'd@example.fr', fullName: 'D', role: 'viewer', password: PASSWORD, isAdmin: true },
      '/isAdmin',
    ],
  ])('400 names the invalid field (%o)', async (payload, path) => {
    const res = await create(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('403 for a manager', async () => {
    const manager = await cabinet.addUser('manager');
    const res = await create(
      { email: 'e@example.fr', fullName: 'E', role: 'viewer', password: PASSWORD },
      await login(app, manager.email),
    );
    expect(res.statusCode).toBe(403);
  });
});

describe('GET and PATCH /api/v1/users/{id}', () => {
  it('another cabinet’s user is 404, to read and to change', async () => {
    expect(
      (await app.inject({ url: `/api/v1/users/${other.admin.id}`, headers: bearer(adminTokens) }))
        .statusCode,
    ).toBe(404);
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${other.admin.id}`,
      headers: bearer(adminTokens),
      payload: { active: false },
    });
    expect(patch.statusCode).toBe(404);
    expect((await login(app, other.admin.email)).accessToken).toBeTruthy();
  });

  it('400 for an id that is not a uuid', async () => {
    const res = await app.inject({ url: '/api/v1/users/42', headers: bearer(adminTokens) });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ path: '/id', in: 'params' });
  });

  it('changes a role: the user’s current tokens stop, a refresh carries the new role', async () => {
    const user = await cabinet.addUser('viewer');
    const tokens = await login(app, user.email);
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: bearer(adminTokens),
      payload: { role: 'broker', version: 1 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'broker', version: 2 });
    expect((await app.inject({ url: '/api/v1/me', headers: bearer(tokens) })).statusCode).toBe(401);
    const renewed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: tokens.refreshToken },
    });
    expect(renewed.statusCode).toBe(200);
    const me = await app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${renewed.json().accessToken}` },
    });
    expect(me.json().user.role).toBe('broker');
    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, user.id));
    expect(audit.find((a) => a.action === 'user.role_changed')?.changes).toEqual({
      role: { before: 'viewer', after: 'broker' },
    });
  });

  it('deactivation signs the user out everywhere at once and stops their login', async () => {
    const user = await cabinet.addUser('broker');
    const tokens = await login(app, user.email);
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: bearer(adminTokens),
      payload: { active: false },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    expect((await app.inject({ url: '/api/v1/me', headers: bearer(tokens) })).statusCode).toBe(401);
    const renewed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: tokens.refreshToken },
    });
    expect(renewed.statusCode).toBe(401);
    await expect(login(app, user.email)).rejects.toThrow(/401/);
  });

  it('409 for a stale version (body or If-Match), nothing overwritten', async () => {
    const user = await cabinet.addUser('viewer');
    const url = `/api/v1/users/${user.id}`;
    const first = await app.inject({
      method: 'PATCH',
      url,
      headers: bearer(adminTokens),
      payload: { fullName: 'Nom Un', version: 1 },
    });
    expect(first.statusCode).toBe(200);
    const stale = await app.inject({
      method: 'PATCH',
      url,
      headers: bearer(adminTokens),
      payload: { fullName: 'Nom Deux', version: 1 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ type: '/problems/stale-version', currentVersion: 2 });
    const ifMatch = await app.inject({
      method: 'PATCH',
      url,
      headers: { ...bearer(adminTokens), 'if-match': '"1"' },
      payload: { fullName: 'Nom Trois' },
    });
    expect(ifMatch.statusCode).toBe(412);
    expect(ifMatch.json()).toMatchObject({
      type: '/problems/precondition-failed',
      currentVersion: 2,
    });
    const read = await app.inject({ url, headers: bearer(adminTokens) });
    expect(read.json().fullName).toBe('Nom Un');
    expect(read.headers.etag).toBe('"2"');
    const good = await app.inject({
      method: 'PATCH',
      url,
      headers: { ...bearer(adminTokens), 'if-match': 'W/"2"' },
      payload: { fullName: 'Nom Trois' },
    });
    expect(good.statusCode).toBe(200);
    const bad = await app.inject({
      method: 'PATCH',
      url,
      headers: { ...bearer(adminTokens), 'if-match': 'abc' },
      payload: { fullName: 'X' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('nobody changes their own role; the last admin stays', async () => {
    const self = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${cabinet.admin.id}`,
      headers: bearer(adminTokens),
      payload: { role: 'viewer' },
    });
    expect(self.statusCode).toBe(403);
    const deactivateSelf = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${cabinet.admin.id}`,
      headers: bearer(adminTokens),
      payload: { active: false },
    });
    expect(deactivateSelf.statusCode).toBe(422);

    // A second admin may not demote the first when that would leave none… but can while two remain.
    const second = await cabinet.addUser('admin');
    const secondTokens = await login(app, second.email);
    const demoteFirst = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${cabinet.admin.id}`,
      headers: bearer(secondTokens),
      payload: { role: 'manager' },
    });
    expect(demoteFirst.statusCode).toBe(200);
    adminTokens = await login(app, second.email);
    const lastOne = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${second.id}`,
      headers: bearer(adminTokens),
      payload: { active: false },
    });
    expect(lastOne.statusCode).toBe(422);
  });

  it('400 for an empty patch', async () => {
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${cabinet.admin.id}`,
      headers: bearer(adminTokens),
      payload: {},
    });
    expect(res.statusCode).toBe(400);
  });
});
