import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from './app.ts';
import type { DatabaseHandle } from './db/client.ts';
import { AppError, problemResponses } from './platform/errors.ts';
import { createTestApp } from './test-support/app.ts';
import { createTestDatabase } from './test-support/database.ts';

let database: DatabaseHandle;
let app: App;
let webDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  webDir = mkdtempSync(path.join(tmpdir(), 'monassurance-web-'));
  writeFileSync(
    path.join(webDir, 'index.html'),
    '<!doctype html><html lang="fr"><title>MONASSURANCE</title></html>',
  );
  mkdirSync(path.join(webDir, 'assets'));
  writeFileSync(path.join(webDir, 'assets', 'app-abc123.js'), 'console.log(1)');
  app = await createTestApp(database, {
    webDir,
    http: { host: '127.0.0.1', port: 0, bodyLimitBytes: 2048, trustProxy: false },
  });
  // Routes that exercise the platform's error handling the way future modules will.
  app.post(
    '/api/v1/_test/echo',
    {
      schema: {
        body: Type.Object(
          { email: Type.String({ format: 'email' }), age: Type.Integer({ minimum: 0 }) },
          { additionalProperties: false },
        ),
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ maximum: 200 })) }),
        response: { 200: Type.Object({ email: Type.String() }), ...problemResponses(400) },
      },
    },
    (request) => ({ email: request.body.email }),
  );
  app.get('/api/v1/_test/boom', () => {
    throw new Error('secret connection string postgres://user:pw@db');
  });
  app.get('/api/v1/_test/conflict', () => {
    throw new AppError(409, 'stale-version', 'La fiche a été modifiée entre-temps.', {
      currentVersion: 3,
    });
  });
  app.get('/api/v1/_test/teapot', () => {
    throw Object.assign(new Error('internal detail'), { statusCode: 418 });
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await database.close();
});

describe('health', () => {
  it('answers liveness', async () => {
    const res = await app.inject({ url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('reports the database and the file storage up when they answer', async () => {
    const res = await app.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, storage: { status: 'up' } },
    });
  });
});

describe('request ids', () => {
  it('echoes a safe client request id', async () => {
    const res = await app.inject({ url: '/health', headers: { 'x-request-id': 'client-42.a:b' } });
    expect(res.headers['x-request-id']).toBe('client-42.a:b');
  });

  it('replaces an unsafe one and generates one when absent', async () => {
    const unsafe = await app.inject({
      url: '/health',
      headers: { 'x-request-id': 'bad id\u0007' },
    });
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const none = await app.inject({ url: '/health' });
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(none.headers['x-request-id']).not.toBe(unsafe.headers['x-request-id']);
  });

  it('is carried into problem documents', async () => {
    const res = await app.inject({
      url: '/api/v1/nothing',
      headers: { 'x-request-id': 'trace-me' },
    });
    expect(res.json()).toMatchObject({ requestId: 'trace-me', instance: '/api/v1/nothing' });
  });
});

describe('problem+json errors', () => {
  it('404 for an unknown API route, never the web app', async () => {
    const res = await app.inject({ url: '/api/v1/nothing', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      type: '/problems/not-found',
      title: 'Ressource introuvable',
      status: 404,
    });
  });

  it('400 for malformed JSON', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/_test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ type: '/problems/malformed-json', status: 400 });
  });

  it('400 naming every invalid field, in French', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/_test/echo',
      payload: { email: 'not-an-email', extra: true },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.type).toBe('/problems/validation');
    const paths = body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['/age', '/email', '/extra']);
    expect(body.errors.every((e: { in: string }) => e.in === 'body')).toBe(true);
    const age = body.errors.find((e: { path: string }) => e.path === '/age');
    expect(age.message).toMatch(/propriété|requis/i);
  });

  it('400 for an invalid query parameter, located in the query', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/_test/echo?limit=500',
      payload: { email: 'a@b.fr', age: 3 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: '/limit', in: 'query' })]);
  });

  it('accepts a valid body', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/_test/echo',
      payload: { email: 'a@b.fr', age: 3 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ email: 'a@b.fr' });
  });

  it('413 for a body over the limit', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/_test/echo',
      payload: { email: 'a@b.fr', age: 1, pad: 'x'.repeat(4096) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
  });

  it('415 for a media type the route does not take', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/_test/echo',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ type: '/problems/unsupported-media-type', status: 415 });
  });

  it('500 without internals', async () => {
    const res = await app.inject({
      url: '/api/v1/_test/boom',
      headers: { 'x-request-id': 'r-500' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('postgres://');
    expect(res.body).not.toContain('secret');
    expect(res.json()).toMatchObject({
      type: '/problems/internal',
      status: 500,
      requestId: 'r-500',
    });
    expect(res.json().detail).toContain('r-500');
  });

  it('an AppError keeps its status and extensions', async () => {
    const res = await app.inject({ url: '/api/v1/_test/conflict' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      type: '/problems/stale-version',
      title: 'Conflit',
      currentVersion: 3,
    });
  });
});

describe('other client errors', () => {
  it('become a generic problem without the internal message', async () => {
    const res = await app.inject({ url: '/api/v1/_test/teapot' });
    expect(res.statusCode).toBe(418);
    expect(res.json()).toMatchObject({ type: '/problems/client-error', status: 418 });
    expect(res.body).not.toContain('internal detail');
  });
});

describe('web app', () => {
  it('serves the placeholder at /', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="fr">');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('falls back to index.html for client routes', async () => {
    const res = await app.inject({
      url: '/clients/123?tab=contrats',
      headers: { accept: 'text/html,*/*' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('MONASSURANCE');
  });

  it('caches fingerprinted assets forever', async () => {
    const res = await app.inject({ url: '/assets/app-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it.each([
    '/api/v1/x',
    '/d/sometoken',
    '/docs/nothing',
    '/health/nothing',
    '/metrics/x',
    '/.well-known/x',
  ])('never falls back for the server path %s', async (url) => {
    const res = await app.inject({ url, headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('does not fall back for non-HTML requests', async () => {
    const res = await app.inject({ url: '/clients', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document', async () => {
    const res = await app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().openapi).toBe('3.1.0');
    expect(res.json().components.schemas.Problem).toBeDefined();
  });

  it('serves the docs UI', async () => {
    const res = await app.inject({ url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
