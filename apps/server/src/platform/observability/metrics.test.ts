import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMetrics,
  HTTP_DURATION_BUCKETS,
  metricsPlugin,
  type Metrics,
  type MetricsPluginOptions,
} from './metrics.ts';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** A small app: the plugin, a parameterised route under a prefix, a route that fails. */
async function buildTestApp(
  metrics: Metrics,
  options: Partial<MetricsPluginOptions> = {},
  extra?: (app: FastifyInstance) => void,
) {
  const app = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true } });
  apps.push(app);
  await app.register(metricsPlugin, { metrics, ...options });
  await app.register(
    async (api) => {
      api.get('/clients/:id', async (request) => ({ id: (request.params as { id: string }).id }));
      api.post('/clients', async (_request, reply) => reply.code(422).send({ error: 'no' }));
    },
    { prefix: '/api/v1' },
  );
  extra?.(app);
  await app.ready();
  return app;
}

async function scrape(app: FastifyInstance) {
  const response = await app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  return response.body;
}

/** The sample lines of one metric family (`name{...} value` or `name value`). */
function samples(text: string, name: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const ROUTE_LABELS = (route: string, method: string, status: number) =>
  `http_route="${route}",http_request_method="${method}",http_response_status_code="${status}"`;

const fresh = () => createMetrics({ processMetrics: false });

describe('metricsPlugin', () => {
  it('serves the Prometheus text format', async () => {
    const app = await buildTestApp(fresh());
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain('# TYPE http_server_request_duration_seconds histogram');
    expect(response.body).toContain('# TYPE http_server_active_requests gauge');
    for (const name of [
      'auth_login_failures_total',
      'rate_limit_rejections_total',
      'documents_generated_total',
    ]) {
      expect(response.body).toContain(`# TYPE ${name} counter`);
    }
    expect(response.body).toContain('# TYPE document_render_duration_seconds histogram');
    expect(response.body).toContain('# TYPE renderer_pool_busy gauge');
    expect(response.body).toContain('# TYPE renderer_pool_queued gauge');
  });

  it('labels the duration histogram with the route pattern, method and status', async () => {
    const app = await buildTestApp(fresh());
    for (const id of ['1', '2', 'abc']) {
      expect(
        (await app.inject({ method: 'GET', url: `/api/v1/clients/${id}?x=${id}` })).statusCode,
      ).toBe(200);
    }
    await app.inject({ method: 'POST', url: '/api/v1/clients', payload: {} });

    const text = await scrape(app);
    const get = ROUTE_LABELS('/api/v1/clients/:id', 'GET', 200);
    const post = ROUTE_LABELS('/api/v1/clients', 'POST', 422);
    expect(value(text, `http_server_request_duration_seconds_count{${get}}`)).toBe(3);
    expect(value(text, `http_server_request_duration_seconds_count{${post}}`)).toBe(1);
    expect(value(text, `http_server_request_duration_seconds_bucket{le="+Inf",${get}}`)).toBe(3);
    // One bucket line per advised boundary, cumulative and ending at the count.
    const getBuckets = samples(text, 'http_server_request_duration_seconds_bucket').filter((l) =>
      l.includes(get),
    );
    expect(getBuckets.map((l) => /le="([^"]+)"/.exec(l)?.[1])).toEqual([
      ...HTTP_DURATION_BUCKETS.map(String),
      '+Inf',
    ]);
    const counts = getBuckets.map((l) => Number(l.split(' ').pop()));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(value(text, `http_server_request_duration_seconds_sum{${get}}`)).toBeGreaterThan(0);
    // The raw URLs never become label values.
    expect(text).not.toContain('/api/v1/clients/abc');
    expect(text).not.toContain('x=');
  });

  it('labels every unmatched URL "unmatched", so 404 probes cannot grow the series', async () => {
    const app = await buildTestApp(fresh());
    for (let i = 0; i < 50; i++) {
      await app.inject({ method: 'GET', url: `/wp-admin/${i}.php` });
    }
    await app.inject({ method: 'GET', url: '/api/v1/nope' });
    const text = await scrape(app);
    expect(
      value(
        text,
        `http_server_request_duration_seconds_count{${ROUTE_LABELS('unmatched', 'GET', 404)}}`,
      ),
    ).toBe(51);
    expect(text).not.toContain('wp-admin');
    const routes = new Set(
      samples(text, 'http_server_request_duration_seconds_count').map(
        (l) => /http_route="([^"]*)"/.exec(l)?.[1],
      ),
    );
    // The scrape itself is recorded once it is answered, so it shows from the next scrape on.
    expect([...routes]).toEqual(['unmatched']);
    expect(await scrape(app)).toContain(`{${ROUTE_LABELS('/metrics', 'GET', 200)}}`);
  });

  it('folds unknown methods into _OTHER', async () => {
    const app = await buildTestApp(fresh());
    await app.inject({ method: 'PROPFIND' as 'GET', url: '/api/v1/clients/1' });
    const text = await scrape(app);
    expect(text).toContain('http_request_method="_OTHER"');
    expect(text).not.toContain('PROPFIND');
  });

  it('counts requests in flight and comes back to 0', async () => {
    const metrics = fresh();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const app = await buildTestApp(metrics, {}, (a) =>
      a.get('/slow', async () => {
        entered();
        await gate;
        return { ok: true };
      }),
    );
    const inFlight = async () => (await metrics.httpActiveRequests.get()).values[0]?.value;

    const pending = app.inject({ method: 'GET', url: '/slow' });
    await inHandler;
    expect(await inFlight()).toBe(1);
    // A scrape during the slow request sees it, and itself.
    expect(value(await scrape(app), 'http_server_active_requests')).toBe(2);
    release();
    expect((await pending).statusCode).toBe(200);
    await app.inject({ method: 'GET', url: '/nowhere' });
    await app.inject({ method: 'POST', url: '/api/v1/clients', payload: {} });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await inFlight()).toBe(0);
  });

  it('does not leak an in-flight request whose client went away', async () => {
    const metrics = fresh();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const app = await buildTestApp(metrics, {}, (a) =>
      a.get('/slow', async () => {
        entered();
        await gate;
        return { ok: true };
      }),
    );
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;

    const closed = new Promise<void>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/slow' });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.end();
      void inHandler.then(() => req.destroy());
    });
    await closed;
    const inFlight = async () => (await metrics.httpActiveRequests.get()).values[0]?.value;
    await expect.poll(inFlight).toBe(0);
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await inFlight()).toBe(0);
  });

  it('reports the database pool only when a source is given', async () => {
    const without = await buildTestApp(fresh());
    expect(await scrape(without)).not.toContain('db_pool_connections');

    const counts = { total: 4, idle: 1, waiting: 0 };
    const app = await buildTestApp(fresh(), { dbPool: () => counts });
    let text = await scrape(app);
    expect(text).toContain('# TYPE db_pool_connections gauge');
    expect(value(text, 'db_pool_connections{state="total"}')).toBe(4);
    expect(value(text, 'db_pool_connections{state="idle"}')).toBe(1);
    expect(value(text, 'db_pool_connections{state="waiting"}')).toBe(0);

    Object.assign(counts, { idle: 0, waiting: 3 });
    text = await scrape(app);
    expect(value(text, 'db_pool_connections{state="idle"}')).toBe(0);
    expect(value(text, 'db_pool_connections{state="waiting"}')).toBe(3);
  });

  it('keeps two applications apart (one registry each, not the global one)', async () => {
    const a = fresh();
    const b = fresh();
    const appA = await buildTestApp(a);
    const appB = await buildTestApp(b);
    await appA.inject({ method: 'GET', url: '/api/v1/clients/1' });
    await appA.inject({ method: 'GET', url: '/api/v1/clients/2' });
    a.authLoginFailures.inc();
    a.rateLimitRejections.inc({ scope: 'login' });
    b.documentsGenerated.inc({ format: 'pdf' });

    const textA = await scrape(appA);
    const textB = await scrape(appB);
    const get = `http_server_request_duration_seconds_count{${ROUTE_LABELS('/api/v1/clients/:id', 'GET', 200)}}`;
    expect(value(textA, get)).toBe(2);
    expect(value(textB, get)).toBeUndefined();
    expect(value(textA, 'auth_login_failures_total')).toBe(1);
    expect(value(textB, 'auth_login_failures_total')).toBe(0);
    expect(value(textA, 'rate_limit_rejections_total{scope="login"}')).toBe(1);
    expect(textB).not.toContain('rate_limit_rejections_total{');
    expect(value(textB, 'documents_generated_total{format="pdf"}')).toBe(1);
    expect(textA).not.toContain('documents_generated_total{');
    expect(a.registry).not.toBe(b.registry);
  });

  it('exposes the application metrics for the code that owns them', async () => {
    const metrics = fresh();
    metrics.documentRenderDuration.observe({ format: 'pdf' }, 0.3);
    metrics.rendererPoolBusy.set(2);
    metrics.rendererPoolQueued.set(5);
    const app = await buildTestApp(metrics);
    const text = await scrape(app);
    expect(value(text, 'document_render_duration_seconds_count{format="pdf"}')).toBe(1);
    expect(value(text, 'document_render_duration_seconds_bucket{le="0.5",format="pdf"}')).toBe(1);
    expect(value(text, 'document_render_duration_seconds_bucket{le="0.25",format="pdf"}')).toBe(0);
    expect(value(text, 'renderer_pool_busy')).toBe(2);
    expect(value(text, 'renderer_pool_queued')).toBe(5);
  });

  it('leaves /metrics out of the OpenAPI document', async () => {
    const app = Fastify({ logger: false });
    apps.push(app);
    await app.register(fastifySwagger, { openapi: { info: { title: 't', version: '1' } } });
    await app.register(metricsPlugin, { metrics: fresh() });
    app.get('/visible', async () => ({}));
    await app.ready();
    expect(Object.keys(app.swagger().paths ?? {})).toEqual(['/visible']);
  });
});

describe('createMetrics', () => {
  it('collects the default process metrics on its own registry', async () => {
    const metrics = createMetrics();
    const text = await metrics.registry.metrics();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    // A second registry does not clash with the first (prom-client throws on duplicate names).
    expect(() => createMetrics()).not.toThrow();
  });

  it('can leave the process metrics out', async () => {
    const text = await createMetrics({ processMetrics: false }).registry.metrics();
    expect(text).not.toContain('process_cpu_user_seconds_total');
  });

  it('replaces the pool source on a second call without registering twice', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.trackDbPool(() => ({ total: 1, idle: 1, waiting: 0 }));
    metrics.trackDbPool(() => ({ total: 9, idle: 8, waiting: 7 }));
    const text = await metrics.registry.metrics();
    expect(value(text, 'db_pool_connections{state="total"}')).toBe(9);
    expect(text.match(/# TYPE db_pool_connections/g)).toHaveLength(1);
  });
});
