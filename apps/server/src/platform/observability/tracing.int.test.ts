import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../app.ts';
import { runCli } from '../../cli.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { DataDirLock } from '../../db/lock.ts';
import { TEST_MASTER_KEY, testConfig } from '../../test-support/app.ts';
import { bearer, login, seedCabinet, type Tokens } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { person } from '../../test-support/portfolio.ts';
import { currentTraceId, startTracing, type Tracing } from './tracing.ts';

type LogLine = Record<string, unknown>;

/** A pino destination keeping every JSON line. */
function captureLogs(lines: LogLine[]) {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().trim().split('\n'))
        lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
}

async function startApp(database: DatabaseHandle, tracing: Tracing, lines: LogLine[] = []) {
  const app = await buildApp(testConfig({ LOG_LEVEL: 'info' }), {
    database,
    logStream: captureLogs(lines),
    secrets: { masterKey: TEST_MASTER_KEY },
    tracing,
  });
  await app.services.start();
  return app;
}

const TRACE_CONFIG = { otlpEndpoint: undefined, serviceName: 'monassurance-test' };

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('tracing on', () => {
  const exporter = new InMemorySpanExporter();
  const lines: LogLine[] = [];
  let tracing: Tracing;
  let app: App;
  let tokens: Tokens;

  beforeAll(async () => {
    tracing = await startTracing(TRACE_CONFIG, { exporter });
    app = await startApp(database, tracing, lines);
    const cabinet = await seedCabinet(app);
    tokens = await login(app, cabinet.admin.email);
  });
  afterAll(async () => {
    await app.close();
    await tracing.shutdown();
  });

  const spansOf = (traceId: string) =>
    exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
  const serverSpan = (name: string, requestId: string) => {
    const line = lines.find((l) => l.requestId === requestId && typeof l.traceId === 'string');
    const span = exporter
      .getFinishedSpans()
      .find(
        (s) =>
          s.kind === SpanKind.SERVER &&
          s.name === name &&
          s.spanContext().traceId === line?.traceId,
      );
    if (!span) throw new Error(`no server span ${name} for request ${requestId}`);
    return span;
  };
  /** The span's ancestors up to the root, nearest first. */
  const ancestors = (span: ReadableSpan): ReadableSpan[] => {
    const byId = new Map(exporter.getFinishedSpans().map((s) => [s.spanContext().spanId, s]));
    const chain: ReadableSpan[] = [];
    for (let p = byId.get(span.parentSpanContext?.spanId ?? ''); p;) {
      chain.push(p);
      p = byId.get(p.parentSpanContext?.spanId ?? '');
    }
    return chain;
  };

  it('traces a request: server span by route, database spans under it, the trace id in its logs and audit event', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: { ...bearer(tokens), 'x-request-id': 'trace-create' },
      payload: person({ email: 'traced@example.fr' }),
    });
    expect(res.statusCode).toBe(201);
    expect(app.hasPlugin('@fastify/otel')).toBe(true);
    const server = serverSpan('POST /api/v1/clients', 'trace-create');
    const traceId = server.spanContext().traceId;
    expect(server.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/api/v1/clients',
      'http.response.status_code': 201,
      'url.path': '/api/v1/clients',
    });
    expect(server.parentSpanContext).toBeUndefined();

    const queries = spansOf(traceId).filter((s) => s.kind === SpanKind.CLIENT);
    expect(queries.map((s) => s.name)).toEqual(
      expect.arrayContaining(['INSERT clients', 'INSERT audit_events']),
    );
    for (const query of queries) {
      expect(query.attributes['db.system']).toBe('postgresql');
      expect(ancestors(query)).toContain(server);
    }
    // Parameter values never reach a span.
    expect(JSON.stringify(spansOf(traceId).map((s) => s.attributes))).not.toContain('traced@');

    const requestLines = lines.filter((l) => l.requestId === 'trace-create');
    expect(requestLines.some((l) => l.msg === 'request completed')).toBe(true);
    for (const line of requestLines.filter((l) => l.msg !== 'incoming request')) {
      expect(line.traceId).toBe(traceId);
      expect(line.spanId).toMatch(/^[0-9a-f]{16}$/);
    }

    const audit = await app.inject({
      url: `/api/v1/audit-events?action=client.created&targetId=${res.json().id}`,
      headers: bearer(tokens),
    });
    expect(audit.json().items).toHaveLength(1);
    expect(audit.json().items[0].traceId).toBe(traceId);
  });

  it('continues the trace of an incoming traceparent', async () => {
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const res = await app.inject({
      url: '/api/v1/me',
      headers: {
        ...bearer(tokens),
        traceparent: `00-${callerTrace}-${callerSpan}-01`,
        'x-request-id': 'trace-continued',
      },
    });
    expect(res.statusCode).toBe(200);
    const server = serverSpan('GET /api/v1/me', 'trace-continued');
    expect(server.spanContext().traceId).toBe(callerTrace);
    expect(server.parentSpanContext?.spanId).toBe(callerSpan);
  });

  it('never puts a download-link token or a query string in span names or attributes', async () => {
    exporter.reset();
    const link = await app.inject({
      url: '/d/secret-link-token-0123456789?utm=campagne',
      headers: { 'x-request-id': 'trace-link' },
    });
    expect(link.statusCode).toBeGreaterThanOrEqual(400);
    const search = await app.inject({
      url: '/api/v1/clients?q=dupont-recherche',
      headers: { ...bearer(tokens), 'x-request-id': 'trace-search' },
    });
    expect(search.statusCode).toBe(200);

    const server = serverSpan('GET /d/:token', 'trace-link');
    expect(server.attributes['url.path']).toBe('/d/[redacted]');
    expect(serverSpan('GET /api/v1/clients', 'trace-search').attributes['url.path']).toBe(
      '/api/v1/clients',
    );
    const everything = JSON.stringify(
      exporter.getFinishedSpans().map((s) => ({ n: s.name, a: s.attributes, e: s.events })),
    );
    for (const secret of ['secret-link-token', 'campagne', 'dupont-recherche']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('names the server span of an unmatched path by its method only', async () => {
    const res = await app.inject({
      url: '/api/v1/no-such-thing/42',
      headers: { 'x-request-id': 'trace-404' },
    });
    expect(res.statusCode).toBe(404);
    expect(serverSpan('GET', 'trace-404').attributes['http.response.status_code']).toBe(404);
  });

  it('leaves health probes and metrics scrapes untraced', async () => {
    exporter.reset();
    await app.inject({ url: '/health' });
    await app.inject({ url: '/metrics' });
    expect(exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER)).toEqual([]);
  });

  it('makes a document.render span inside the generating request', async () => {
    const template = await app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: bearer(tokens),
      payload: { name: 'Note tracée', kind: 'html', content: '<p>{{ saisie.objet }}</p>' },
    });
    expect(template.statusCode).toBe(201);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: { ...bearer(tokens), 'x-request-id': 'trace-render' },
      payload: { templateId: template.json().id, format: 'html', data: { objet: 'Relance' } },
    });
    expect(res.statusCode).toBe(201);
    const server = serverSpan('POST /api/v1/documents', 'trace-render');
    const render = spansOf(server.spanContext().traceId).find((s) => s.name === 'document.render');
    expect(render?.attributes).toEqual({ 'document.format': 'html', 'template.kind': 'html' });
    expect(render && ancestors(render)).toContain(server);
    expect(render?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('makes an auth.refresh span, failed when the token is unknown', async () => {
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-request-id': 'trace-refresh' },
      payload: { refreshToken: tokens.refreshToken },
    });
    expect(ok.statusCode).toBe(200);
    tokens = { ...tokens, ...(ok.json() as Tokens) };
    const server = serverSpan('POST /api/v1/auth/refresh', 'trace-refresh');
    const refresh = spansOf(server.spanContext().traceId).find((s) => s.name === 'auth.refresh');
    expect(refresh && ancestors(refresh)).toContain(server);
    expect(refresh?.status.code).toBe(SpanStatusCode.UNSET);
    expect(
      spansOf(server.spanContext().traceId).some(
        (s) =>
          s.name === 'UPDATE refresh_tokens' &&
          s.parentSpanContext?.spanId === refresh?.spanContext().spanId,
      ),
    ).toBe(true);

    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-request-id': 'trace-refresh-bad' },
      payload: { refreshToken: 'x'.repeat(43) },
    });
    expect(bad.statusCode).toBe(401);
    const failed = serverSpan('POST /api/v1/auth/refresh', 'trace-refresh-bad');
    const span = spansOf(failed.spanContext().traceId).find((s) => s.name === 'auth.refresh');
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['error.type']).toBe('invalid-refresh-token');
  });
});

describe('tracing off (no endpoint)', () => {
  const lines: LogLine[] = [];
  let tracing: Tracing;
  let app: App;
  let tokens: Tokens;

  beforeAll(async () => {
    tracing = await startTracing(TRACE_CONFIG);
    app = await startApp(database, tracing, lines);
    const cabinet = await seedCabinet(app);
    tokens = await login(app, cabinet.admin.email);
  });
  afterAll(async () => {
    await app.close();
    await tracing.shutdown();
  });

  it('registers nothing: no plugin, no trace ids in logs or audit events', async () => {
    expect(tracing.enabled).toBe(false);
    expect(tracing.httpPlugin).toBeUndefined();
    expect(app.hasPlugin('@fastify/otel')).toBe(false);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: {
        ...bearer(tokens),
        'x-request-id': 'untraced',
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      },
      payload: person(),
    });
    expect(res.statusCode).toBe(201);
    expect(currentTraceId()).toBeUndefined();
    const requestLines = lines.filter((l) => l.requestId === 'untraced');
    expect(requestLines.length).toBeGreaterThan(0);
    expect(requestLines.every((l) => !('traceId' in l) && !('spanId' in l))).toBe(true);
    const audit = await app.inject({
      url: `/api/v1/audit-events?action=client.created&targetId=${res.json().id}`,
      headers: bearer(tokens),
    });
    expect(audit.json().items[0].traceId).toBeNull();
  });
});

interface OtlpBody {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: { name: string; traceId: string; parentSpanId?: string }[] }[];
  }[];
}

/** A stand-in OpenTelemetry collector: records what is POSTed to it. */
async function startCollector() {
  const received: { url: string | undefined; type: string | undefined; body: string }[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        url: request.url,
        type: request.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    resourceSpans: () => received.flatMap((r) => (JSON.parse(r.body) as OtlpBody).resourceSpans),
    spans: () =>
      received
        .flatMap((r) => (JSON.parse(r.body) as OtlpBody).resourceSpans)
        .flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe('OTLP export', () => {
  it('posts the spans over HTTP to <endpoint>/v1/traces, flushed by shutdown', async () => {
    const collector = await startCollector();
    try {
      const tracing = await startTracing({
        otlpEndpoint: `${collector.url}/`,
        serviceName: 'monassurance-otlp',
      });
      const lines: LogLine[] = [];
      const app = await startApp(database, tracing, lines);
      // A real socket this time, not inject().
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      const res = await fetch(`${url}/api/v1/me`, { headers: { 'x-request-id': 'otlp-1' } });
      expect(res.status).toBe(401);
      await app.close();
      // Batched: nothing is sent before the flush.
      expect(collector.received).toEqual([]);
      await tracing.shutdown();

      expect(collector.received.length).toBeGreaterThan(0);
      expect(collector.received.every((r) => r.url === '/v1/traces')).toBe(true);
      expect(collector.received[0]?.type).toBe('application/json');
      expect(collector.resourceSpans()[0]?.resource.attributes).toContainEqual({
        key: 'service.name',
        value: { stringValue: 'monassurance-otlp' },
      });
      const server = collector.spans().find((s) => s.name === 'GET /api/v1/me');
      expect(server?.traceId).toMatch(/^[0-9a-f]{32}$/);
      const completed = lines.find(
        (l) => l.requestId === 'otlp-1' && l.msg === 'request completed',
      );
      expect(completed?.traceId).toBe(server?.traceId);
    } finally {
      await collector.close();
    }
  });

  it('monassurance serve traces when OTEL_EXPORTER_OTLP_ENDPOINT is set and flushes when it stops', async () => {
    const collector = await startCollector();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'monassurance-otel-'));
    const env = {
      LOG_LEVEL: 'silent',
      PORT: '0',
      DATA_DIR: dataDir,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_SERVICE_NAME: 'monassurance-serve',
    };
    const io = { env, out: () => undefined, err: () => undefined };
    try {
      const running: { url: string; stop: () => Promise<void> }[] = [];
      expect(await runCli(['serve'], { ...io, onLongRunning: (r) => running.push(r) })).toBe(0);
      const callerTrace = '0af7651916cd43dd8448eb211c80319c';
      const res = await fetch(`${running[0]!.url}/api/v1/me`, {
        headers: { traceparent: `00-${callerTrace}-b7ad6b7169203331-01` },
      });
      expect(res.status).toBe(401);
      await running[0]!.stop();
      expect(collector.resourceSpans()[0]?.resource.attributes).toContainEqual({
        key: 'service.name',
        value: { stringValue: 'monassurance-serve' },
      });
      expect(collector.spans()).toContainEqual(
        expect.objectContaining({
          name: 'GET /api/v1/me',
          traceId: callerTrace,
          parentSpanId: 'b7ad6b7169203331',
        }),
      );

      // A start that fails (the data folder is taken) stops the tracing it had started.
      const lock = await DataDirLock.acquire(path.join(dataDir, 'pg.lock'));
      const errors: string[] = [];
      try {
        expect(await runCli(['serve'], { ...io, err: (l) => errors.push(l) })).toBe(1);
        expect(errors.join('\n')).toContain('already open');
      } finally {
        await lock.release();
      }
      const next = await startTracing(TRACE_CONFIG, { exporter: new InMemorySpanExporter() });
      await next.shutdown();
    } finally {
      await collector.close();
    }
  }, 60_000);
});
