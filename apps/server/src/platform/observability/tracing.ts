import {
  context,
  isSpanContextValid,
  propagation,
  trace,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import type { TracingConfig } from '../../config.ts';
import { redactUrl } from '../logging.ts';
import { markFailed } from './span-errors.ts';

// Only @opentelemetry/api is loaded up front; the SDK, the exporter and the instrumentations
// (a few hundred milliseconds of module loading) are imported when tracing is switched on.

/** The process's tracing, as `startTracing` left it. */
export interface Tracing {
  readonly enabled: boolean;
  /**
   * The HTTP instrumentation (`@fastify/otel`): `buildApp` registers it before anything else so
   * that every route gets a server span; absent when tracing is off.
   */
  readonly httpPlugin: FastifyPluginCallback | undefined;
  /**
   * Where failed exports (collector down, refused batch) are reported, at most once a minute;
   * they never fail a request nor the shutdown. Unset, they are dropped.
   */
  reportErrorsTo(log: TracingErrorLog): void;
  /** Exports the spans that ended and are still waiting for a batch. */
  forceFlush(): Promise<void>;
  /**
   * Flushes (waiting up to the exporter's timeout, 10 s unless `OTEL_EXPORTER_OTLP_TIMEOUT`), then
   * stops tracing altogether (global providers, driver wrappers): SIGTERM calls it.
   */
  shutdown(): Promise<void>;
}

/** The part of a pino logger tracing reports to. */
export interface TracingErrorLog {
  warn(fields: object, message: string): void;
}

/** A collector that is down fails every batch (every 5 s): one warning a minute says enough. */
export const ERROR_REPORT_INTERVAL_MS = 60_000;

export interface TracingOptions {
  /**
   * Where spans go instead of OTLP, each as soon as it ends (tests pass an `InMemorySpanExporter`);
   * tracing is on with it even without an endpoint.
   */
  exporter?: SpanExporter;
}

/** A second `startTracing` while one runs: the OpenTelemetry API holds one provider per process. */
export class TracingAlreadyStartedError extends Error {
  override name = 'TracingAlreadyStartedError';
  constructor() {
    super('Tracing is already started in this process; shut it down first.');
  }
}

const OFF: Tracing = {
  enabled: false,
  httpPlugin: undefined,
  reportErrorsTo: () => undefined,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

/** The running tracer; undefined when tracing is off, so helpers cost one comparison then. */
let tracer: Tracer | undefined;
/** Set from the start of `startTracing` to the end of its shutdown. */
let started = false;

/** Health probes and scrapes would be most of the traces and none of the interest. */
function isProbe(url: string): boolean {
  const pathname = url.split('?')[0] ?? url;
  return pathname === '/metrics' || pathname === '/health' || pathname.startsWith('/health/');
}

/**
 * Server spans are named by route pattern (`GET /api/v1/clients/:id`) and never carry the query
 * string nor a download link's token: `url.path` is the redacted path.
 */
function describeServerSpan(span: Span, request: FastifyRequest): void {
  const route = request.routeOptions.url;
  span.updateName(route === undefined ? request.method : `${request.method} ${route}`);
  span.setAttribute('url.path', redactUrl(request.url.split('?')[0] ?? '/'));
}

/** `<endpoint>/v1/traces`, the OTLP/HTTP path of the traces signal. */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * Starts OpenTelemetry tracing when an OTLP endpoint is configured (or an exporter is given):
 * W3C trace-context propagation (an incoming `traceparent` continues the caller's trace), spans
 * for HTTP requests (through `httpPlugin`), database queries and the `withSpan` sections.
 * Without an endpoint nothing is registered and the handle does nothing.
 */
export async function startTracing(
  config: TracingConfig,
  options: TracingOptions = {},
): Promise<Tracing> {
  const endpoint = config.otlpEndpoint;
  if (endpoint === undefined && options.exporter === undefined) return OFF;
  if (started) throw new TracingAlreadyStartedError();
  started = true;
  const [
    { FastifyOtelInstrumentation },
    { loggingErrorHandler, setGlobalErrorHandler, W3CTraceContextPropagator },
    { OTLPTraceExporter },
    { resourceFromAttributes },
    { BatchSpanProcessor, SimpleSpanProcessor },
    { NodeTracerProvider },
    { instrumentDatabaseDrivers },
  ] = await Promise.all([
    import('@fastify/otel'),
    import('@opentelemetry/core'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/sdk-trace-node'),
    import('./database-spans.ts'),
  ]);

  const spanProcessor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(endpoint ?? '') }));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    spanProcessors: [spanProcessor],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const active = provider.getTracer('monassurance');
  tracer = active;

  const http = new FastifyOtelInstrumentation({
    // Hook spans (rate limit, authentication, headers…) would triple each trace for little insight.
    instrumentHooks: false,
    ignorePaths: (route) => isProbe(route.url),
    requestHook: describeServerSpan,
  });
  http.setTracerProvider(provider);
  const undoDatabase = instrumentDatabaseDrivers(active);

  let errorLog: TracingErrorLog | undefined;
  let lastReport = Number.NEGATIVE_INFINITY;
  const report = (error: unknown) => {
    const now = Date.now();
    if (errorLog === undefined || now - lastReport < ERROR_REPORT_INTERVAL_MS) return;
    lastReport = now;
    const reason = error instanceof Error ? error.message : String(error);
    errorLog.warn({ err: reason }, 'trace export failed');
  };
  // Export failures of the batch processor land here (by default: OpenTelemetry's silent diag).
  setGlobalErrorHandler(report);

  let stopping: Promise<void> | undefined;
  return {
    enabled: true,
    httpPlugin: http.plugin(),
    reportErrorsTo: (log) => {
      errorLog = log;
    },
    forceFlush: () => provider.forceFlush().catch(report),
    shutdown: () =>
      (stopping ??= (async () => {
        http.disable();
        undoDatabase();
        if (tracer === active) tracer = undefined;
        await provider.shutdown().catch(report);
        setGlobalErrorHandler(loggingErrorHandler());
        trace.disable();
        context.disable();
        propagation.disable();
        started = false;
      })()),
  };
}

/**
 * Runs `fn` inside a span (a child of the current one), recording a failure as its status; runs
 * `fn` alone when tracing is off. Attribute values are for identifiers and enums, never personal data.
 */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: () => Promise<T> | T,
): Promise<T> {
  if (tracer === undefined) return fn();
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn();
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The trace and span of the running code, if a valid one is active. */
function activeSpanContext() {
  if (tracer === undefined) return undefined;
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** Trace id of the running request or job (32 hex digits); undefined when untraced. */
export function currentTraceId(): string | undefined {
  return activeSpanContext()?.traceId;
}

/**
 * pino `mixin`: `traceId` and `spanId` on every log line written while a span is active, so a
 * log search and a trace view lead to each other.
 */
export function traceLogFields(): { traceId?: string; spanId?: string } {
  const spanContext = activeSpanContext();
  return spanContext ? { traceId: spanContext.traceId, spanId: spanContext.spanId } : {};
}
