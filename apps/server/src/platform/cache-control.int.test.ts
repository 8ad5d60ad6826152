import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { createTestApp } from '../test-support/app.ts';
import { bearer, login, PASSWORD, seedCabinet } from '../test-support/auth.ts';
import { createTestDatabase } from '../test-support/database.ts';

let database: DatabaseHandle;
let app: App;
let cabinet: Awaited<ReturnType<typeof seedCabinet>>;
let token: string;

beforeAll(async () => {
  database = await createTestDatabase();
  // A built web app of two files: its own caching policy must survive.
  const webDir = mkdtempSync(path.join(tmpdir(), 'monassurance-web-'));
  mkdirSync(path.join(webDir, 'assets'));
  writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>MONASSURANCE</title>');
  writeFileSync(path.join(webDir, 'assets', 'app-1a2b3c.js'), 'export {};');
  app = await createTestApp(database, { webDir });
  cabinet = await seedCabinet(app);
  token = (await login(app, cabinet.admin.email)).accessToken;
}, 120_000);
afterAll(async () => {
  await app.close();
  await database.close();
});

const cacheControl = (res: { headers: Record<string, unknown> }) => res.headers['cache-control'];

describe('Cache-Control', () => {
  it('forbids storing token answers (RFC 6749 §5.1)', async () => {
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: cabinet.admin.email, password: PASSWORD },
    });
    expect(signIn.statusCode).toBe(200);
    expect(cacheControl(signIn)).toBe('no-store');
    const refreshed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: signIn.json().refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
    expect(cacheControl(refreshed)).toBe('no-store');
  });

  it('forbids storing JSON API answers', async () => {
    for (const url of ['/api/v1/me', '/api/v1/clients', '/api/v1/organization']) {
      const res = await app.inject({ url, headers: bearer(token) });
      expect(res.statusCode, url).toBe(200);
      expect(cacheControl(res), url).toBe('no-store');
    }
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: bearer(token),
      payload: { name: 'Compagnie Cache', code: 'CACHE1' },
    });
    expect(created.statusCode).toBe(201);
    expect(cacheControl(created)).toBe('no-store');
  });

  it('forbids storing problems, wherever they come from', async () => {
    const problems = [
      await app.inject({ url: '/api/v1/me' }),
      await app.inject({ url: '/api/v1/clients?limit=0', headers: bearer(token) }),
      await app.inject({ url: '/api/v1/nowhere', headers: bearer(token) }),
      await app.inject({ url: '/nowhere', headers: { accept: 'application/json' } }),
      await app.inject({ url: '/d/not-a-token' }),
    ];
    expect(problems.map((res) => res.statusCode)).toEqual([401, 400, 404, 404, 404]);
    for (const res of problems) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(cacheControl(res)).toBe('no-store');
    }
  });

  it('forbids storing the probes', async () => {
    expect(cacheControl(await app.inject({ url: '/health' }))).toBe('no-store');
  });

  it('keeps the policies answers state themselves', async () => {
    expect(cacheControl(await app.inject({ url: '/.well-known/jwks.json' }))).toBe(
      'public, max-age=60',
    );
    const page = await app.inject({ url: '/clients', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(cacheControl(page)).toBe('no-cache');
    const asset = await app.inject({ url: '/assets/app-1a2b3c.js' });
    expect(asset.statusCode).toBe(200);
    expect(cacheControl(asset)).toBe('public, max-age=31536000, immutable');
  });
});
