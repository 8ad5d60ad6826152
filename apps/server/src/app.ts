import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DestinationStream } from 'pino';
import AjvCompiler, { type ValidatorFactory } from '@fastify/ajv-compiler';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Config } from './config.ts';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import { auditRoutes } from './modules/audit/index.ts';
import { authPlugin, authRoutes, Session, TokenPairResponse } from './modules/auth/index.ts';
import { Client, clientsRoutes } from './modules/clients/index.ts';
import { Company, companiesRoutes } from './modules/companies/index.ts';
import {
  Document,
  DocumentBatch,
  documentBatchesRoutes,
  documentsRoutes,
} from './modules/documents/index.ts';
import { Job, jobsRoutes } from './modules/jobs/index.ts';
import { gdprRoutes } from './modules/gdpr/index.ts';
import { Template, templatesRoutes } from './modules/templates/index.ts';
import { healthRoutes, type ReadinessCheck } from './modules/health/index.ts';
import { importsRoutes } from './modules/imports/index.ts';
import { policiesRoutes, Policy, Premium } from './modules/policies/index.ts';
import { Organization, organizationsRoutes } from './modules/organizations/index.ts';
import { User, usersRoutes } from './modules/users/index.ts';
import { createServices, type ServiceDependencies, type Services } from './services.ts';
import { createMetrics, metricsPlugin, type Metrics } from './platform/observability/metrics.ts';
import { traceLogFields, type Tracing } from './platform/observability/tracing.ts';
import { securityHeadersPlugin } from './platform/security-headers.ts';
import { trustProxyOption } from './platform/trust-proxy.ts';
import { rateLimitStore } from './platform/rate-limit/rate-limit-store.ts';
import {
  buildProblem,
  frameworkErrors,
  Problem,
  registerInputGuards,
  registerErrorHandling,
  sendProblem,
  TooManyRequestsError,
} from './platform/errors.ts';
import { logSerializers, REDACTED_PATHS } from './platform/logging.ts';
import { refuseNonDecimalNumbers, type CompiledValidator } from './platform/numeric-text.ts';
import { registerNoStore } from './platform/cache-control.ts';

export const API_PREFIX = '/api/v1';

declare module 'fastify' {
  interface FastifyInstance {
    /** The wired services (tests and the server's start-up use them). */
    services: Services;
  }
}

/** Paths the web app's client-side routing never answers: they are the server's own. */
const SERVER_PREFIXES = [
  '/api/',
  '/d/',
  '/docs',
  '/health',
  '/metrics',
  '/openapi.json',
  '/.well-known/',
];

export interface AppDependencies extends ServiceDependencies {
  /** Where JSON logs go; standard output when absent. */
  logStream?: DestinationStream;
  /** Already wired services (tests, CLI); built from the other dependencies when absent. */
  services?: Services;
  /** Prometheus metrics of the process; one registry per app when absent. */
  metrics?: Metrics;
  /** The process's tracing (`startTracing`): spans of every request; none when absent or off. */
  tracing?: Tracing;
}

/** Routes with their own, stricter rate limit (see auth.routes.ts). */
const STRICT_LIMIT_PATHS = new Set(['/api/v1/auth/login', '/api/v1/auth/refresh']);

const REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** Keeps a client's request id when it is safe to log and echo; otherwise makes one. */
export function requestIdFor(request: { headers: FastifyRequest['headers'] }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

const ajvPool = AjvCompiler();
const AJV_OPTIONS = { allErrors: true, removeAdditional: false, useDefaults: true } as const;

/**
 * Query strings, params and headers arrive as text and are coerced to their schema's types;
 * JSON bodies are not: `{"amount": "12"}` is a client error, not an integer.
 */
type CompileRoute = (route: { httpPart?: string }) => unknown;
const buildValidator = ((externalSchemas: Record<string, unknown>, serverOptions: object = {}) => {
  const compiler = (coerceTypes: 'array' | false) =>
    ajvPool(externalSchemas as never, {
      ...serverOptions,
      customOptions: { ...AJV_OPTIONS, coerceTypes },
    }) as unknown as CompileRoute;
  const coercing = compiler('array');
  const strict = compiler(false);
  return (route: { httpPart?: string }) =>
    route.httpPart === 'body'
      ? strict(route)
      : refuseNonDecimalNumbers(coercing(route) as CompiledValidator);
}) as unknown as ValidatorFactory;

/** Builds the HTTP application; used alike by the server, the tests and the benchmarks. */
export async function buildApp(config: Config, deps: AppDependencies) {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: logSerializers,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
      // Trace and span ids on the lines written inside a span; nothing added when tracing is off.
      ...(deps.tracing?.enabled ? { mixin: traceLogFields } : {}),
    },
    genReqId: (req) => requestIdFor(req),
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: trustProxyOption(config.http.trustProxy),
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    schemaController: { compilersFactory: { buildValidator } },
    frameworkErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();
  // First, so that it sees every route and hook registered after it.
  if (deps.tracing?.httpPlugin) await app.register(deps.tracing.httpPlugin);

  // Process metrics install observers that cannot be removed: not in tests, which build many apps.
  const metrics = deps.metrics ?? createMetrics({ processMetrics: config.nodeEnv !== 'test' });
  const ownsServices = deps.services === undefined;
  const services = deps.services ?? createServices(config, { ...deps, metrics, logger: app.log });
  app.decorate('services', services);
  // Services built here are closed here; given ones belong to the caller.
  if (ownsServices) app.addHook('onClose', () => services.close());
  const poolCounts = deps.database.poolCounts;
  await app.register(metricsPlugin, {
    metrics,
    token: config.limits.metricsToken,
    ...(poolCounts ? { dbPool: poolCounts } : {}),
  });
  await app.register(securityHeadersPlugin, { hsts: config.limits.hsts });
  app.addHook('onResponse', async (request, reply) => {
    if (request.routeOptions.url === '/api/v1/auth/login' && reply.statusCode === 401)
      metrics.authLoginFailures.inc();
  });

  for (const schema of [
    Problem,
    Organization,
    User,
    Session,
    TokenPairResponse,
    Company,
    Client,
    Policy,
    Premium,
    Template,
    Document,
    DocumentBatch,
    Job,
  ]) {
    app.addSchema(schema);
  }
  registerErrorHandling(app as unknown as FastifyInstance);
  registerInputGuards(app as unknown as FastifyInstance);
  registerNoStore(app as unknown as FastifyInstance);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'MONASSURANCE API',
        version: '1.0.0',
        description:
          'Back-office for insurance brokers. Errors are application/problem+json (RFC 9457); ' +
          'every response carries X-Request-Id.',
      },
      tags: [
        { name: 'setup', description: 'First run.' },
        { name: 'auth', description: 'Sign-in, tokens, sessions, the signed-in user.' },
        { name: 'users', description: 'Users of the cabinet and their roles.' },
        { name: 'companies', description: 'Insurance companies (compagnies).' },
        { name: 'clients', description: 'Clients, search, GDPR.' },
        { name: 'policies', description: 'Policies (contrats), lifecycle, premiums, renewals.' },
        {
          name: 'templates',
          description: 'Document templates (LiquidJS, XLSX) and their versions.',
        },
        {
          name: 'documents',
          description: 'Generated documents, their storage and download links.',
        },
        {
          name: 'jobs',
          description: 'Background jobs (document batches…): progress, cancel, retry.',
        },
        { name: 'audit', description: 'The tamper-evident audit log.' },
        { name: 'admin', description: 'Administration of the platform.' },
        { name: 'health', description: 'Liveness and readiness probes.' },
      ],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'Access token from POST /api/v1/auth/login or /refresh (10 minutes).',
          },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  const checks: Record<string, ReadinessCheck> = {
    database: () => deps.database.ping(),
    storage: () => services.objects.check(),
  };
  const redis = deps.redis;
  if (redis) checks.redis = async () => void (await redis.ping());
  // Redis down degrades the service instead of stopping it (ADR 0012).
  await app.register(healthRoutes, { checks, optional: ['redis'] });

  await app.register(fastifyCors, {
    // Same origin only unless the operator names other origins (CORS_ORIGINS).
    origin: config.limits.corsOrigins.length > 0 ? config.limits.corsOrigins : false,
    credentials: true,
    exposedHeaders: ['x-request-id', 'etag', 'retry-after'],
  });
  await app.register(fastifyRateLimit, {
    // Route-level limits (login) come from route config; the global one is an app-level hook below,
    // so that it runs before any route's own onRequest hooks (authentication).
    global: false,
    max: config.limits.rateLimitPerMinute,
    timeWindow: 60_000,
    // Shared by every instance when Redis is there (each instance's own while it is down); in
    // memory otherwise.
    ...(deps.redis ? { store: rateLimitStore(deps.redis, 'ma:rl:') } : {}),
    keyGenerator: (request) => request.ip,
    onExceeded: (request) =>
      metrics.rateLimitRejections.inc({
        scope: request.routeOptions.url?.startsWith('/api/v1/auth/') ? 'login' : 'global',
      }),
    allowList: (request) =>
      request.url === '/health' || request.url.startsWith('/health/') || request.url === '/metrics',
    errorResponseBuilder: (_request, context) =>
      new TooManyRequestsError(context.ttl, 'Trop de requêtes : patientez avant de réessayer.'),
  });
  const globalLimit = app.rateLimit({
    max: config.limits.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => request.ip,
  });
  // A request is counted by one limiter only: sign-in routes and download links have their own.
  app.addHook('onRequest', async function (request, reply) {
    const pathname = request.url.split('?')[0] ?? '';
    if (STRICT_LIMIT_PATHS.has(pathname) || pathname.startsWith('/d/')) return;
    await globalLimit.call(this, request, reply);
  });
  await app.register(fastifyCookie);
  // Per user, whatever the address: counted once the token is verified, so a forged token
  // cannot spend another user's allowance.
  const perUser = app.createRateLimit({
    max: config.limits.userRateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `user:${request.auth?.sub ?? ''}`,
  });
  await app.register(authPlugin, {
    tokens: services.tokens,
    afterAuthenticate: async (request) => {
      const result = await perUser(request);
      if (!result.isAllowed && result.isExceeded) {
        metrics.rateLimitRejections.inc({ scope: 'user' });
        throw new TooManyRequestsError(
          result.ttl,
          'Trop de requêtes pour ce compte : patientez avant de réessayer.',
        );
      }
    },
  });
  await app.register(organizationsRoutes, { organizations: services.organizations });
  await app.register(usersRoutes, { users: services.users });
  await app.register(authRoutes, {
    auth: services.auth,
    keys: services.keys,
    db: services.db,
    loginRateLimitPerMinute: config.limits.loginRateLimitPerMinute,
  });
  await app.register(companiesRoutes, { companies: services.companies });
  await app.register(clientsRoutes, { clients: services.clients });
  await app.register(policiesRoutes, { policies: services.policies });
  await app.register(gdprRoutes, { gdpr: services.gdpr });
  await app.register(importsRoutes, { imports: services.imports });
  await app.register(auditRoutes, { audit: services.audit });
  await app.register(templatesRoutes, { templates: services.templates });
  await app.register(documentsRoutes, {
    documents: services.documents,
    linkRateLimitPerMinute: config.limits.linkRateLimitPerMinute,
    onRateLimited: () => metrics.rateLimitRejections.inc({ scope: 'download' }),
  });
  await app.register(documentBatchesRoutes, { batches: services.batches });
  await app.register(jobsRoutes, { jobs: services.jobsView });

  await registerWebApp(app as unknown as FastifyInstance, config.webDir);

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

async function registerWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  const hasWebApp = existsSync(path.join(webDir, 'index.html'));
  if (hasWebApp) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      cacheControl: false,
      index: 'index.html',
      setHeaders: (res, filePath) => {
        // Vite fingerprints everything under assets/: cache it forever; the page itself never.
        res.setHeader(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    const isClientRoute =
      hasWebApp &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      !SERVER_PREFIXES.some((prefix) => pathname.startsWith(prefix)) &&
      (request.headers.accept ?? '').includes('text/html');
    if (isClientRoute) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(
      reply,
      buildProblem(404, 'not-found', `Aucune ressource à l'adresse ${pathname}.`, request),
    );
  });
}
