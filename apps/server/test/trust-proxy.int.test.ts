import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import type { Environment } from '../src/config.ts';
import type { DatabaseHandle } from '../src/db/client.ts';
import { auditEvents } from '../src/db/schema/index.ts';
import { TEST_MASTER_KEY, testConfig } from '../src/test-support/app.ts';
import { createTestDatabase } from '../src/test-support/database.ts';

// One socket address (the reverse proxy) forwarding requests whose X-Forwarded-For the client
// rotates: the proxy appends the address it saw last, which is the only part a client cannot forge.
const PROXY = '10.0.0.2';
const CLIENT = '203.0.113.9';
const forwarded = (i: number) => `198.51.100.${i % 250}, ${CLIENT}`;

let database: DatabaseHandle;
const apps: App[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await database.close();
});

async function appWith(env: Environment): Promise<App> {
  const app = await buildApp(testConfig(env), {
    database,
    secrets: { masterKey: TEST_MASTER_KEY },
  });
  await app.services.start();
  apps.push(app);
  return app;
}

/** A failed sign-in, whose audit event records the address the server believed. */
async function failedLogin(app: App, remoteAddress: string, xff: string) {
  const email = `nobody-${randomBytes(4).toString('hex')}@example.fr`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: 'wrong-wrong-wrong' },
    remoteAddress,
    headers: { 'x-forwarded-for': xff },
  });
  return { res, email };
}

async function auditedIpOf(app: App, email: string): Promise<string | null | undefined> {
  const rows = await app.services.db
    .select({ ip: auditEvents.actorIp, changes: auditEvents.changes })
    .from(auditEvents)
    .where(eq(auditEvents.action, 'auth.login_failed'));
  return rows.find((row) => (row.changes as { email?: string } | null)?.email === email)?.ip;
}

describe('TRUST_PROXY=1 (one reverse proxy in front)', () => {
  it('counts sign-ins per proxy-appended address, however the client rotates X-Forwarded-For', async () => {
    const app = await appWith({ TRUST_PROXY: '1', LOGIN_RATE_LIMIT_PER_MINUTE: '5' });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await failedLogin(app, PROXY, forwarded(i))).res.statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    // Another client behind the same proxy has its own allowance.
    const other = await failedLogin(app, PROXY, `198.51.100.1, 203.0.113.10`);
    expect(other.res.statusCode).toBe(401);
  });

  it('writes the proxy-appended address into the audit log, not the forged one', async () => {
    const app = await appWith({ TRUST_PROXY: '1' });
    const { res, email } = await failedLogin(app, PROXY, `6.6.6.6, ${CLIENT}`);
    expect(res.statusCode).toBe(401);
    expect(await auditedIpOf(app, email)).toBe(CLIENT);
  });

  it('counts the whole API per proxy-appended address', async () => {
    const app = await appWith({ TRUST_PROXY: '1', RATE_LIMIT_PER_MINUTE: '5' });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await app.inject({
        url: '/api/v1/me',
        remoteAddress: PROXY,
        headers: { 'x-forwarded-for': forwarded(i) },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const other = await app.inject({
      url: '/api/v1/me',
      remoteAddress: PROXY,
      headers: { 'x-forwarded-for': '203.0.113.10' },
    });
    expect(other.statusCode).toBe(401);
  });

  it('counts download links per proxy-appended address', async () => {
    const app = await appWith({ TRUST_PROXY: '1', LINK_RATE_LIMIT_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await app.inject({
        // A different token each time, so that only the per-address limit can refuse.
        url: `/d/${randomBytes(24).toString('base64url')}`,
        remoteAddress: PROXY,
        headers: { 'x-forwarded-for': forwarded(i) },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 3).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
    const other = await app.inject({
      url: `/d/${randomBytes(24).toString('base64url')}`,
      remoteAddress: PROXY,
      headers: { 'x-forwarded-for': '203.0.113.10' },
    });
    expect(other.statusCode).not.toBe(429);
  });
});

describe('TRUST_PROXY as a list of proxy addresses', () => {
  it("believes a listed proxy's X-Forwarded-For and ignores anyone else's", async () => {
    const app = await appWith({ TRUST_PROXY: '10.0.0.0/8, 192.168.5.5' });
    const viaProxy = await failedLogin(app, '10.20.30.40', `6.6.6.6, ${CLIENT}`);
    expect(await auditedIpOf(app, viaProxy.email)).toBe(CLIENT);
    const viaOtherProxy = await failedLogin(app, '192.168.5.5', CLIENT);
    expect(await auditedIpOf(app, viaOtherProxy.email)).toBe(CLIENT);
    // A client reaching the server directly cannot choose its address.
    const direct = await failedLogin(app, '192.0.2.50', '6.6.6.6');
    expect(await auditedIpOf(app, direct.email)).toBe('192.0.2.50');
  });

  it('walks back through listed proxies only: a forged hop left of an untrusted one is ignored', async () => {
    const app = await appWith({ TRUST_PROXY: '10.0.0.0/8' });
    // client → 10.9.9.9 (listed) → 10.0.0.2 (listed) → server; the client wrote 6.6.6.6 itself.
    const chained = await failedLogin(app, '10.0.0.2', `6.6.6.6, ${CLIENT}, 10.9.9.9`);
    expect(await auditedIpOf(app, chained.email)).toBe(CLIENT);
  });
});

describe('TRUST_PROXY unset', () => {
  it('believes no header: the socket address is the client', async () => {
    const app = await appWith({});
    const { email } = await failedLogin(app, '192.0.2.77', '6.6.6.6');
    expect(await auditedIpOf(app, email)).toBe('192.0.2.77');
  });
});
