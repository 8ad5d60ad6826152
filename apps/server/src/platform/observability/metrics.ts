import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { buildProblem, sendProblem, UnauthorizedError } from '../errors.ts';

/**
 * OpenTelemetry's advised buckets for `http.server.request.duration` (seconds), so dashboards built
 * for the semantic conventions read these series unchanged.
 */
export const HTTP_DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

/** Document renders (PDF, spreadsheets) are slower than requests: up to tens of seconds. */
export const RENDER_DURATION_BUCKETS: readonly number[] = [
  0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/** The `http_route` of requests no route matched (404s, the web app's client-side routes). */
export const UNMATCHED_ROUTE = 'unmatched';

/** Methods kept as-is in labels; any other becomes `_OTHER` (OpenTelemetry's convention). */
const KNOWN_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'QUERY',
  'TRACE',
]);

/** Connection counts of a database pool (node-postgres: totalCount, idleCount, waitingCount). */
export interface DbPoolCounts {
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

type HttpLabels = 'http_route' | 'http_request_method' | 'http_response_status_code';

/** The metrics of one application, on a registry of its own (never prom-client's global one). */
export interface Metrics {
  readonly registry: Registry;
  /** `http_server_request_duration_seconds{http_route, http_request_method, http_response_status_code}` */
  readonly httpRequestDuration: Histogram<HttpLabels>;
  /** `http_server_active_requests`: requests received and not yet answered (or abandoned). */
  readonly httpActiveRequests: Gauge;
  /** `auth_login_failures_total` */
  readonly authLoginFailures: Counter;
  /** `rate_limit_rejections_total{scope}` */
  readonly rateLimitRejections: Counter<'scope'>;
  /** `documents_generated_total{format}` */
  readonly documentsGenerated: Counter<'format'>;
  /** `document_render_duration_seconds` */
  readonly documentRenderDuration: Histogram<'format'>;
  /** `renderer_pool_busy`: renderers working now. */
  readonly rendererPoolBusy: Gauge;
  /** `renderer_pool_queued`: renders waiting for a renderer. */
  readonly rendererPoolQueued: Gauge;
  /** `jobs_total{type,status}`: jobs that ended, by type and final status. */
  readonly jobsTotal: Counter<'type' | 'status'>;
  /** `job_duration_seconds{type}`: one delivery of a job, from claim to its end. */
  readonly jobDuration: Histogram<'type'>;
  /**
   * Reports `jobs_queue_depth{state}` (queued, running) from `collect`, called at each scrape;
   * the series exist once this is called.
   */
  trackJobQueue(collect: () => Promise<Record<string, number>>): void;
  /**
   * Reports `db_pool_connections{state="total"|"idle"|"waiting"}` from `collect`, called at each
   * scrape. The series exist only once this is called (not for PGlite, which has no pool); a later
   * call replaces the source.
   */
  trackDbPool(collect: () => DbPoolCounts): void;
}

export interface MetricsOptions {
  /**
   * prom-client's default process metrics (CPU, memory, heap, event loop lag, GC, handles).
   * Default true. Each registry that collects them installs a GC observer and an event-loop delay
   * monitor for the life of the process: tests building many apps may turn them off.
   */
  processMetrics?: boolean;
}

/** Creates a registry with every metric of the application. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];

  const httpRequestDuration = new Histogram<HttpLabels>({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP server requests, by route pattern, method and status code.',
    labelNames: ['http_route', 'http_request_method', 'http_response_status_code'],
    buckets: [...HTTP_DURATION_BUCKETS],
    registers,
  });
  const httpActiveRequests = new Gauge({
    name: 'http_server_active_requests',
    help: 'HTTP requests being processed (a scrape counts itself).',
    registers,
  });
  const authLoginFailures = new Counter({
    name: 'auth_login_failures_total',
    help: 'Failed sign-in attempts (wrong credentials or throttled).',
    registers,
  });
  const rateLimitRejections = new Counter({
    name: 'rate_limit_rejections_total',
    help: 'Requests refused by a rate limit, by scope.',
    labelNames: ['scope'] as const,
    registers,
  });
  const documentsGenerated = new Counter({
    name: 'documents_generated_total',
    help: 'Documents generated, by format.',
    labelNames: ['format'] as const,
    registers,
  });
  const documentRenderDuration = new Histogram({
    name: 'document_render_duration_seconds',
    help: 'Time to render one document, by format.',
    labelNames: ['format'] as const,
    buckets: [...RENDER_DURATION_BUCKETS],
    registers,
  });
  const rendererPoolBusy = new Gauge({
    name: 'renderer_pool_busy',
    help: 'Document renderers busy.',
    registers,
  });
  const rendererPoolQueued = new Gauge({
    name: 'renderer_pool_queued',
    help: 'Document renders waiting for a free renderer.',
    registers,
  });

  const jobsTotal = new Counter({
    name: 'jobs_total',
    help: 'Background jobs that ended, by type and status (succeeded, failed, cancelled).',
    labelNames: ['type', 'status'] as const,
    registers,
  });
  const jobDuration = new Histogram({
    name: 'job_duration_seconds',
    help: 'Time one delivery of a background job ran, by type.',
    labelNames: ['type'] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers,
  });
  let jobQueueSource: (() => Promise<Record<string, number>>) | undefined;
  const jobsQueueDepth = new Gauge({
    name: 'jobs_queue_depth',
    help: 'Background jobs waiting or running now, by state.',
    labelNames: ['state'] as const,
    registers: [], // registered by trackJobQueue
    async collect() {
      if (!jobQueueSource) return;
      const counts = await jobQueueSource().catch(() => undefined);
      if (!counts) return;
      for (const [state, value] of Object.entries(counts)) this.set({ state }, value);
    },
  });

  let dbPoolSource: (() => DbPoolCounts) | undefined;
  const dbPoolConnections = new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections, by state (total, idle, waiting clients).',
    labelNames: ['state'] as const,
    registers: [], // registered by trackDbPool: absent without a pool
    collect() {
      if (!dbPoolSource) return;
      const counts = dbPoolSource();
      this.set({ state: 'total' }, counts.total);
      this.set({ state: 'idle' }, counts.idle);
      this.set({ state: 'waiting' }, counts.waiting);
    },
  });

  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  return {
    registry,
    httpRequestDuration,
    httpActiveRequests,
    authLoginFailures,
    rateLimitRejections,
    documentsGenerated,
    documentRenderDuration,
    rendererPoolBusy,
    rendererPoolQueued,
    jobsTotal,
    jobDuration,
    trackJobQueue(collect) {
      if (!jobQueueSource) registry.registerMetric(jobsQueueDepth);
      jobQueueSource = collect;
    },
    trackDbPool(collect) {
      if (!dbPoolSource) registry.registerMetric(dbPoolConnections);
      dbPoolSource = collect;
    },
  };
}

/** The route pattern (`/api/v1/clients/:id`), never the raw URL: label values stay bounded. */
export function routeLabel(request: FastifyRequest): string {
  return request.routeOptions.url ?? UNMATCHED_ROUTE;
}

export function methodLabel(method: string): string {
  return KNOWN_METHODS.has(method) ? method : '_OTHER';
}

export interface MetricsPluginOptions {
  metrics: Metrics;
  /** Database pool counts, read at each scrape; omit for PGlite. */
  dbPool?: () => DbPoolCounts;
  /** Bearer token a scrape must present; the endpoint is open when absent. */
  token?: string | undefined;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether `Authorization` carries the token, compared in constant time. */
function presentsToken(authorization: string | undefined, token: string): boolean {
  const presented = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(presented), digest(token));
}

/**
 * Measures every request (duration histogram, in-flight gauge) and serves `GET /metrics` in the
 * Prometheus text format. Register it first, so that its onRequest hook runs before any hook
 * that may answer early.
 */
export const metricsPlugin = fp<MetricsPluginOptions>(
  async (app: FastifyInstance, { metrics, dbPool, token }) => {
    if (dbPool) metrics.trackDbPool(dbPool);
    const { httpActiveRequests, httpRequestDuration, registry } = metrics;

    app.addHook('onRequest', async (_request, reply) => {
      httpActiveRequests.inc();
      // 'close' comes once, after the response is sent or when the client goes away; onResponse
      // alone would miss the latter and leave the gauge up for good.
      reply.raw.once('close', () => httpActiveRequests.dec());
    });

    app.addHook('onResponse', async (request, reply) => {
      httpRequestDuration.observe(
        {
          http_route: routeLabel(request),
          http_request_method: methodLabel(request.method),
          http_response_status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });

    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      if (token !== undefined && !presentsToken(request.headers.authorization, token)) {
        // Answered here: this route exists before the app's error handler does.
        const refused = new UnauthorizedError(
          'Jeton de supervision requis pour lire les métriques.',
        );
        reply.headers(refused.headers);
        return sendProblem(reply, buildProblem(401, refused.slug, refused.message, request));
      }
      const body = await registry.metrics();
      return reply
        .header('content-type', registry.contentType)
        .header('cache-control', 'no-store')
        .send(body);
    });
  },
  { name: 'monassurance-metrics', fastify: '5.x' },
);
