import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DOCS_CSP_DIRECTIVES,
  isDocsRoute,
  securityHeadersPlugin,
  serializeCsp,
  SWAGGER_UI_LOGO_STYLE_HASH,
  type SecurityHeadersOptions,
} from './security-headers.ts';

const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join(';');

const DOCS_CSP = APP_CSP.replace(
  "style-src 'self';",
  "style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w=';",
);

/** Every header the plugin sets, HSTS aside, with its exact value. */
const EXPECTED = {
  'content-security-policy': APP_CSP,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function buildTestApp(options: SecurityHeadersOptions, withDocs = false) {
  const app = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true } });
  apps.push(app);
  await app.register(securityHeadersPlugin, options);
  if (withDocs) {
    await app.register(fastifySwagger, { openapi: { info: { title: 'Test', version: '1' } } });
    await app.register(fastifySwaggerUi, { routePrefix: options.docsPrefix ?? '/docs' });
  }
  app.get('/api/v1/ping', async () => ({ pong: true }));
  app.get('/docsx', async () => 'not the docs');
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  await app.ready();
  return app;
}

const get = (app: FastifyInstance, url: string) => app.inject({ method: 'GET', url });

describe('securityHeadersPlugin', () => {
  it('sets the strict headers, exactly, on routes, 404s and errors', async () => {
    const app = await buildTestApp({ hsts: false });
    for (const [url, status] of [
      ['/api/v1/ping', 200],
      ['/nowhere', 404],
      ['/boom', 500],
    ] as const) {
      const response = await get(app, url);
      expect(response.statusCode).toBe(status);
      expect(response.headers).toMatchObject(EXPECTED);
      expect(response.headers).not.toHaveProperty('strict-transport-security');
      expect(response.headers).not.toHaveProperty('cross-origin-embedder-policy');
      expect(response.headers).not.toHaveProperty('x-powered-by');
    }
  });

  it('allows no inline script or style and no eval', () => {
    expect(APP_CSP).not.toMatch(/unsafe-/);
    expect(serializeCsp(DOCS_CSP_DIRECTIVES)).not.toMatch(/unsafe-/);
  });

  it('sends HSTS only when asked', async () => {
    const plain = await buildTestApp({ hsts: false });
    expect((await get(plain, '/api/v1/ping')).headers['strict-transport-security']).toBeUndefined();

    const secure = await buildTestApp({ hsts: true });
    for (const url of ['/api/v1/ping', '/nowhere']) {
      const response = await get(secure, url);
      expect(response.headers['strict-transport-security']).toBe(
        'max-age=31536000; includeSubDomains',
      );
      expect(response.headers).toMatchObject(EXPECTED);
    }
  });

  it('gives the docs UI routes their own policy, and them only', async () => {
    const app = await buildTestApp({ hsts: false }, true);
    for (const url of [
      '/docs',
      '/docs/',
      '/docs/json',
      '/docs/static/swagger-ui-bundle.js',
      '/docs/static/swagger-initializer.js',
    ]) {
      const response = await get(app, url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-security-policy'], url).toBe(DOCS_CSP);
      // Only the policy changes.
      expect(response.headers, url).toMatchObject({
        ...EXPECTED,
        'content-security-policy': DOCS_CSP,
      });
    }
    for (const url of ['/api/v1/ping', '/docsx', '/docs/unknown', '/documents', '/nowhere']) {
      expect((await get(app, url)).headers['content-security-policy'], url).toBe(APP_CSP);
    }
  });

  it('follows another docs prefix', async () => {
    const app = await buildTestApp({ hsts: false, docsPrefix: '/api-docs' }, true);
    expect((await get(app, '/api-docs')).headers['content-security-policy']).toBe(DOCS_CSP);
    expect((await get(app, '/docsx')).headers['content-security-policy']).toBe(APP_CSP);
  });

  it('serves a docs page with no inline script or style', async () => {
    const app = await buildTestApp({ hsts: false }, true);
    const html = (await get(app, '/docs')).body;
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  });
});

describe('the docs policy', () => {
  it('hashes the one <style> element Swagger UI renders (the logo of its top bar)', () => {
    // An upgrade of @fastify/swagger-ui that changes it fails here: re-check /docs in a browser.
    const require = createRequire(import.meta.url);
    const staticDir = path.join(
      path.dirname(require.resolve('@fastify/swagger-ui/package.json')),
      'static',
    );
    const styles = ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js'].flatMap((file) =>
      [
        ...readFileSync(path.join(staticDir, file), 'utf8').matchAll(
          /createElement\("style",null,"([^"]*)"\)/g,
        ),
      ].map((match) => match[1] ?? ''),
    );
    expect(styles).toHaveLength(1);
    const hash = createHash('sha256').update(styles[0]!).digest('base64');
    expect(SWAGGER_UI_LOGO_STYLE_HASH).toBe(`'sha256-${hash}'`);
  });

  it('recognises the docs routes by their pattern', () => {
    expect(isDocsRoute('/docs', '/docs')).toBe(true);
    expect(isDocsRoute('/docs/static/*', '/docs')).toBe(true);
    expect(isDocsRoute('/docsx', '/docs')).toBe(false);
    expect(isDocsRoute('/api/v1/docs', '/docs')).toBe(false);
    expect(isDocsRoute(undefined, '/docs')).toBe(false);
  });
});
