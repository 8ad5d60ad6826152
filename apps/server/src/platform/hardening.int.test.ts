import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { createTestApp } from '../test-support/app.ts';
import { bearer, login, seedCabinet } from '../test-support/auth.ts';
import { createTestDatabase } from '../test-support/database.ts';
import { testConfig } from '../test-support/app.ts';

let database: DatabaseHandle;
let app: App;
let cabinet: Awaited<ReturnType<typeof seedCabinet>>;

beforeAll(async () => {
  database = await createTestDatabase();
  const limits = testConfig({
    RATE_LIMIT_PER_MINUTE: '40',
    LOGIN_RATE_LIMIT_PER_MINUTE: '3',
    USER_RATE_LIMIT_PER_MINUTE: '5',
    CORS_ORIGINS: 'https://portail.cabinet.fr',
  }).limits;
  app = await createTestApp(database, { limits });
  cabinet = await seedCabinet(app);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('security headers', () => {
  it('apply a strict CSP without inline script, and the usual protections', async () => {
    const res = await app.inject({ url: '/health' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('CORS', () => {
  it('answers only the configured origins', async () => {
    const allowed = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/me',
      headers: { origin: 'https://portail.cabinet.fr', 'access-control-request-method': 'GET' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://portail.cabinet.fr');
    const other = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/me',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('rate limits and metrics', () => {
  it('limits sign-in attempts per address with 429 and Retry-After, and counts it', async () => {
    const attempt = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: cabinet.admin.email, password: 'wrong-password-here' },
        remoteAddress: '10.3.3.3',
      });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await attempt()).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await attempt();
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json().type).toBe('/problems/too-many-requests');
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/^auth_login_failures_total 3$/m);
    expect(metrics).toMatch(/^rate_limit_rejections_total\{scope="login"\} 2$/m);
  });

  it('limits every address on the whole API; probes are exempt', async () => {
    let last = 0;
    for (let i = 0; i < 41; i++)
      last = (await app.inject({ url: '/api/v1/companies', remoteAddress: '10.4.4.4' })).statusCode;
    expect(last).toBe(429);
    expect((await app.inject({ url: '/health', remoteAddress: '10.4.4.4' })).statusCode).toBe(200);
    expect(
      (await app.inject({ url: '/api/v1/companies', remoteAddress: '10.5.5.5' })).statusCode,
    ).toBe(401);
  });

  it('limits each signed-in user, whatever the address, without touching other users', async () => {
    const tokens = await login(app, cabinet.admin.email, undefined, '10.7.7.1');
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      const res = await app.inject({
        url: '/api/v1/me',
        headers: bearer(tokens),
        remoteAddress: `10.7.8.${i}`,
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) {
        expect(res.headers['retry-after']).toBeDefined();
        expect(res.json().type).toBe('/problems/too-many-requests');
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const colleague = await cabinet.addUser('viewer');
    const theirs = await login(app, colleague.email, undefined, '10.7.7.2');
    const res = await app.inject({
      url: '/api/v1/me',
      headers: bearer(theirs),
      remoteAddress: '10.7.9.1',
    });
    expect(res.statusCode).toBe(200);
    expect((await app.inject({ url: '/metrics' })).body).toMatch(
      /^rate_limit_rejections_total\{scope="user"\} 2$/m,
    );
  });

  it('exposes request durations by route pattern, method and status', async () => {
    await app.inject({
      url: '/api/v1/clients/00000000-0000-4000-8000-000000000000',
      remoteAddress: '10.6.6.6',
    });
    const res = await app.inject({ url: '/metrics' });
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain(
      'http_server_request_duration_seconds_count{http_route="/api/v1/clients/:id",http_request_method="GET",http_response_status_code="401"} 1',
    );
    expect(res.body).not.toContain('00000000-0000-4000-8000-000000000000');
  });
});

describe('metrics token', () => {
  it('asks scrapes for METRICS_TOKEN when it is set, compared as a whole', async () => {
    const token = 'f'.repeat(24) + '0123456789abcdef';
    const guarded = await createTestApp(database, {
      limits: testConfig({ METRICS_TOKEN: token }).limits,
    });
    try {
      const anonymous = await guarded.inject({ url: '/metrics' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(anonymous.body).not.toContain('http_server_request_duration_seconds');
      for (const wrong of [
        token.slice(0, -1),
        `${token}0`,
        token.toUpperCase(),
        `Basic ${token}`,
      ]) {
        const res = await guarded.inject({
          url: '/metrics',
          headers: { authorization: wrong.startsWith('Basic') ? wrong : `Bearer ${wrong}` },
        });
        expect(res.statusCode, wrong).toBe(401);
      }
      const scrape = await guarded.inject({
        url: '/metrics',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(scrape.statusCode).toBe(200);
      expect(scrape.body).toContain('http_server_request_duration_seconds');
    } finally {
      await guarded.close();
    }
    // Without the variable the endpoint stays open (for a reverse proxy to restrict).
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(200);
  });
});
