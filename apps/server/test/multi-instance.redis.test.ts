import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import type { DatabaseHandle } from '../src/db/client.ts';
import { createTestApp } from '../src/test-support/app.ts';
import { bearer, login, PASSWORD, seedCabinet } from '../src/test-support/auth.ts';
import { createTestDatabase } from '../src/test-support/database.ts';

// Two API instances: one database, one Redis, separate connections and in-process caches.
let database: DatabaseHandle;
let redisA: Redis;
let redisB: Redis;
let a: App;
let b: App;
let cabinet: Awaited<ReturnType<typeof seedCabinet>>;

beforeAll(async () => {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is required for *.redis.test.ts');
  database = await createTestDatabase();
  const db = `${Math.floor(Math.random() * 15) + 1}`;
  redisA = new Redis(`${url.replace(/\/\d*$/, '')}/${db}`);
  redisB = new Redis(`${url.replace(/\/\d*$/, '')}/${db}`);
  a = await createTestApp(database, {}, { redis: redisA });
  b = await createTestApp(database, {}, { redis: redisB });
  cabinet = await seedCabinet(a);
});

afterAll(async () => {
  await a.close();
  await b.close();
  await redisA.quit();
  await redisB.quit();
  await database.close();
});

const me = (app: App, token: string) => app.inject({ url: '/api/v1/me', headers: bearer(token) });

describe('several instances sharing Redis', () => {
  it('report Redis in readiness', async () => {
    const res = await a.inject({ url: '/health/ready' });
    expect(res.json().checks.redis.status).toBe('up');
  });

  it('a logout on one instance is refused on the other at once', async () => {
    const tokens = await login(a, cabinet.admin.email);
    expect((await me(b, tokens.accessToken)).statusCode).toBe(200);
    expect(
      (
        await a.inject({
          method: 'POST',
          url: '/api/v1/auth/logout',
          headers: bearer(tokens),
          payload: {},
        })
      ).statusCode,
    ).toBe(204);
    expect((await me(b, tokens.accessToken)).statusCode).toBe(401);
  });

  it('a deactivation on one instance locks the user out of the other', async () => {
    const user = await cabinet.addUser('broker');
    const tokens = await login(b, user.email);
    const admin = await login(a, cabinet.admin.email);
    await a.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: bearer(admin),
      payload: { active: false },
    });
    expect((await me(b, tokens.accessToken)).statusCode).toBe(401);
  });

  it('failed logins count across instances', async () => {
    const user = await cabinet.addUser('viewer', {
      email: `t-${randomBytes(3).toString('hex')}@example.fr`,
    });
    const attempt = (app: App) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: 'wrong-wrong-wrong' },
        remoteAddress: '10.7.7.7',
      });
    for (let i = 0; i < 3; i++) expect((await attempt(a)).statusCode).toBe(401);
    for (let i = 0; i < 3; i++) expect((await attempt(b)).statusCode).toBe(401);
    const blocked = await a.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: PASSWORD },
      remoteAddress: '10.7.7.7',
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
  });

  it('a key rotated on one instance signs tokens the other accepts', async () => {
    const admin = await login(a, cabinet.admin.email);
    const rotated = await a.inject({
      method: 'POST',
      url: '/api/v1/admin/keys/rotate',
      headers: bearer(admin),
    });
    expect(rotated.statusCode).toBe(200);
    const fresh = await login(a, cabinet.admin.email);
    expect((await me(b, fresh.accessToken)).statusCode).toBe(200);
    expect((await me(b, admin.accessToken)).statusCode).toBe(200);
  });
});
