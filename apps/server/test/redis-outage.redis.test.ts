import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import type { DatabaseHandle } from '../src/db/client.ts';
import { connectRedis } from '../src/platform/redis.ts';
import type { ResilientRevocationStore } from '../src/platform/revocation/resilient-revocation-store.ts';
import { bearer, login, PASSWORD, type Tokens } from '../src/test-support/auth.ts';
import { createTestApp, testConfig } from '../src/test-support/app.ts';
import { createTestDatabase } from '../src/test-support/database.ts';
import { person, seedPortfolio, type Portfolio } from '../src/test-support/portfolio.ts';
import { ownRedisServer } from '../src/test-support/redis-server.ts';

// Two API instances on one database and one Redis of the test's own, which the tests stop, and
// start again empty (no persistence), as an operator's bad day would.
let server: Awaited<ReturnType<typeof ownRedisServer>>;
let database: DatabaseHandle;
const connections: Redis[] = [];
let a: App;
let b: App;
let p: Portfolio;

const connect = () => {
  const redis = connectRedis(server.url);
  connections.push(redis);
  return redis;
};

beforeAll(async () => {
  server = await ownRedisServer();
  database = await createTestDatabase();
  a = await createTestApp(database, {}, { redis: connect() });
  b = await createTestApp(database, {}, { redis: connect() });
  p = await seedPortfolio(a);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  for (const redis of connections) redis.disconnect();
  await server?.stop();
  await database?.close();
});

// Every test leaves Redis running, and every instance believing it again.
afterEach(async () => {
  await redisUp();
  await Promise.all([a, b].map((app) => untilSource(app, 'redis')));
});

async function redisUp(): Promise<void> {
  try {
    await server.start();
  } catch {
    // Already running.
  }
  await Promise.all(connections.map((redis) => until(() => redis.status === 'ready')));
}

/** Stops Redis and waits until every instance has seen its connection drop. */
async function redisDown(): Promise<void> {
  await server.stop();
  await Promise.all(connections.map((redis) => until(() => redis.status !== 'ready')));
}

/** Starts Redis again, empty, and waits until every instance has reconnected to it. */
async function redisRestartedEmpty(): Promise<void> {
  await server.start();
  await Promise.all(connections.map((redis) => until(() => redis.status === 'ready')));
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(20);
}

const storeOf = (app: App) => app.services.revocations as ResilientRevocationStore;

async function untilSource(app: App, source: 'redis' | 'database'): Promise<void> {
  await until(() => storeOf(app).source === source);
}

const me = (app: App, tokens: Tokens) => app.inject({ url: '/api/v1/me', headers: bearer(tokens) });

let clientSequence = 0;
const createClient = (app: App, tokens: Tokens) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/clients',
    headers: bearer(tokens),
    payload: person({ email: `outage-${++clientSequence}-${Date.now()}@example.fr` }),
  });

const deactivate = (app: App, userId: string) =>
  app.inject({
    method: 'PATCH',
    url: `/api/v1/users/${userId}`,
    headers: bearer(p.tokens.admin),
    payload: { active: false },
  });

describe('revocations when Redis restarts empty', () => {
  it("a deactivated user's token stays refused (GET and POST), on every instance", async () => {
    const user = await p.addUser('broker');
    const tokens = await login(a, user.email);
    expect((await me(b, tokens)).statusCode).toBe(200);
    expect((await deactivate(a, user.id)).statusCode).toBe(200);
    expect((await me(b, tokens)).statusCode).toBe(401);

    await redisDown();
    await redisRestartedEmpty();

    for (const app of [a, b]) {
      expect((await me(app, tokens)).statusCode).toBe(401);
      expect((await createClient(app, tokens)).statusCode).toBe(401);
    }
    // Once refilled from the database, Redis itself holds the cut-off again.
    await untilSource(b, 'redis');
    expect((await me(b, tokens)).statusCode).toBe(401);
    expect(await connections[1]!.exists(`ma:rev:user:${user.id}`)).toBe(1);
  });

  it('a logged-out session stays refused', async () => {
    const tokens = await login(a, p.users.viewer.email);
    const loggedOut = await a.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: bearer(tokens),
      payload: {},
    });
    expect(loggedOut.statusCode).toBe(204);

    await redisDown();
    await redisRestartedEmpty();

    expect((await me(a, tokens)).statusCode).toBe(401);
    expect((await me(b, tokens)).statusCode).toBe(401);
  });

  it('a flush that drops no connection is seen at the next request, and Redis is refilled', async () => {
    const user = await p.addUser('viewer');
    const tokens = await login(a, user.email);
    const others = await login(a, p.users.manager.email);
    const loggedOutAll = await a.inject({
      method: 'POST',
      url: '/api/v1/auth/logout-all',
      headers: bearer(tokens),
    });
    expect(loggedOutAll.statusCode).toBe(204);

    await connections[0]!.flushall();

    expect((await me(b, tokens)).statusCode).toBe(401);
    expect((await me(b, others)).statusCode).toBe(200);
    await untilSource(b, 'redis');
    expect(await connections[1]!.exists(`ma:rev:user:${user.id}`)).toBe(1);
    expect((await me(b, tokens)).statusCode).toBe(401);
  });
});

describe('with Redis down', () => {
  it('authenticated requests answer from the database: live tokens pass, revoked ones do not', async () => {
    const user = await p.addUser('broker');
    const tokens = await login(a, user.email);
    const loggedOut = await login(a, user.email);
    await a.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: bearer(loggedOut),
      payload: {},
    });

    await redisDown();

    expect((await me(a, tokens)).statusCode).toBe(200);
    expect((await createClient(b, tokens)).statusCode).toBe(201);
    expect((await me(b, loggedOut)).statusCode).toBe(401);
    // A deactivation made now reaches every instance through the database.
    expect((await deactivate(a, user.id)).statusCode).toBe(200);
    expect((await me(b, tokens)).statusCode).toBe(401);
    expect((await createClient(a, tokens)).statusCode).toBe(401);
  });

  it('a revocation made while Redis was down holds once it is back, on the instance that did not make it', async () => {
    const user = await p.addUser('viewer');
    const tokens = await login(b, user.email);

    await redisDown();
    expect((await deactivate(a, user.id)).statusCode).toBe(200);
    await redisRestartedEmpty();

    expect((await me(b, tokens)).statusCode).toBe(401);
    await untilSource(b, 'redis');
    expect((await me(b, tokens)).statusCode).toBe(401);
  });

  it('sign-in, refresh, logout and the session list work', async () => {
    await redisDown();

    const tokens = await login(a, p.users.manager.email);
    expect((await me(b, tokens)).statusCode).toBe(200);
    const refreshed = await b.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: tokens.refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
    const next = refreshed.json() as Tokens;
    const sessions = await a.inject({ url: '/api/v1/auth/sessions', headers: bearer(next) });
    expect(sessions.statusCode).toBe(200);
    const wrong = await a.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: p.users.manager.email, password: `${PASSWORD}-not` },
    });
    expect(wrong.statusCode).toBe(401);
    const logout = await a.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: bearer(next),
      payload: {},
    });
    expect(logout.statusCode).toBe(204);
    expect((await me(b, next)).statusCode).toBe(401);
  });

  it('a download link is served', async () => {
    const template = await a.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: bearer(p.tokens.manager),
      payload: { name: 'Note', kind: 'html', content: '<p>Note de {{ client.display_name }}</p>' },
    });
    const client = await createClient(a, p.tokens.manager);
    const document = await a.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: bearer(p.tokens.manager),
      payload: { templateId: template.json().id, format: 'html', clientId: client.json().id },
    });
    expect(document.statusCode).toBe(201);

    await redisDown();

    const link = await a.inject({
      method: 'POST',
      url: `/api/v1/documents/${document.json().id}/links`,
      headers: bearer(p.tokens.manager),
      payload: {},
    });
    expect(link.statusCode).toBe(201);
    // Each test instance keeps its files in a DATA_DIR of its own: the one that stored it serves it.
    const download = await a.inject({ url: link.json().url });
    expect(download.statusCode).toBe(200);
    expect(download.body).toContain('Note de');
    expect((await a.inject({ url: link.json().url })).statusCode).toBe(410);
  });

  it('rate limits still hold, each instance counting alone', async () => {
    const limited = await createTestApp(
      database,
      { limits: { ...testConfig().limits, loginRateLimitPerMinute: 3 } },
      { redis: connect() },
    );
    try {
      await redisDown();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await limited.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'personne@example.fr', password: 'wrong-wrong-wrong' },
          remoteAddress: '192.0.2.44',
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('readiness reports Redis down and the service degraded, still ready', async () => {
    await redisDown();
    const res = await a.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'degraded', checks: { redis: { status: 'down' } } });

    await redisRestartedEmpty();
    const back = await a.inject({ url: '/health/ready' });
    expect(back.json()).toMatchObject({ status: 'ok', checks: { redis: { status: 'up' } } });
  });
});
