import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DestinationStream } from 'pino';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/client.ts';
import { healthRoutes, type ReadinessCheck } from './modules/health/index.ts';
import { buildProblem, Problem, registerErrorHandling, sendProblem } from './platform/errors.ts';
import { logSerializers, REDACTED_PATHS } from './platform/logging.ts';

export const API_PREFIX = '/api/v1';

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

export interface AppDependencies {
  database: DatabaseHandle;
  /** Where JSON logs go; standard output when absent. */
  logStream?: DestinationStream;
}

const REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** Keeps a client's request id when it is safe to log and echo; otherwise makes one. */
export function requestIdFor(request: { headers: FastifyRequest['headers'] }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Builds the HTTP application; used alike by the server, the tests and the benchmarks. */
export async function buildApp(config: Config, deps: AppDependencies) {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: logSerializers,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    genReqId: (req) => requestIdFor(req),
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    ajv: {
      customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array' },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addSchema(Problem);
  registerErrorHandling(app as unknown as FastifyInstance);

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
      tags: [{ name: 'health', description: 'Liveness and readiness probes.' }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  const checks: Record<string, ReadinessCheck> = { database: () => deps.database.ping() };
  await app.register(healthRoutes, { checks });

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
