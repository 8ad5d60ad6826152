import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../platform/errors.ts';
import { actorContext, authOf, BEARER, scopeOf } from '../../platform/request-context.ts';
import { JobIdParams, JobList, JobListQuery } from './jobs.schemas.ts';
import type { JobsService } from './jobs.service.ts';

/** Longest life of one event stream; the client reconnects (EventSource does by itself). */
const STREAM_MAX_MS = 10 * 60_000;
/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

export const jobsRoutes: FastifyPluginAsyncTypebox<{ jobs: JobsService }> = async (
  app,
  { jobs },
) => {
  const readers = [app.authenticate];
  const actors = [app.authenticate, app.requireRole('admin', 'manager', 'broker')];

  app.get(
    '/api/v1/jobs',
    {
      onRequest: readers,
      schema: {
        operationId: 'listJobs',
        summary:
          "List background jobs (a broker sees their own, managers and admins the cabinet's).",
        tags: ['jobs'],
        security: BEARER,
        querystring: JobListQuery,
        response: { 200: JobList, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const { limit, cursor, status, type } = request.query;
      return jobs.list(scopeOf(authOf(request)), { status, type }, { limit: limit ?? 50, cursor });
    },
  );

  app.get(
    '/api/v1/jobs/:id',
    {
      onRequest: readers,
      schema: {
        operationId: 'getJob',
        summary: 'Read one job: status, progress, result or error.',
        tags: ['jobs'],
        security: BEARER,
        params: JobIdParams,
        response: { 200: { $ref: 'Job' }, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => jobs.get(scopeOf(authOf(request)), request.params.id),
  );

  app.post(
    '/api/v1/jobs/:id/cancel',
    {
      onRequest: actors,
      schema: {
        operationId: 'cancelJob',
        summary:
          'Cancel a job: a queued one at once, a running one at its next step (a batch: after the chunk of at most 50 documents it is printing).',
        tags: ['jobs'],
        security: BEARER,
        params: JobIdParams,
        response: { 200: { $ref: 'Job' }, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      jobs.cancel(scopeOf(authOf(request)), actorContext(request), request.params.id),
  );

  app.post(
    '/api/v1/jobs/:id/retry',
    {
      onRequest: actors,
      schema: {
        operationId: 'retryJob',
        summary: 'Queue a failed job again; it resumes where it stopped.',
        tags: ['jobs'],
        security: BEARER,
        params: JobIdParams,
        response: { 200: { $ref: 'Job' }, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      jobs.retry(scopeOf(authOf(request)), actorContext(request), request.params.id),
  );

  app.get(
    '/api/v1/jobs/:id/events',
    {
      onRequest: readers,
      schema: {
        operationId: 'followJob',
        summary:
          'Server-Sent Events: a `job` event with the job each time it changes, the last one with its final state.',
        tags: ['jobs'],
        security: BEARER,
        params: JobIdParams,
        produces: ['text/event-stream'],
        response: {
          200: Type.String({ description: 'event: job\\ndata: <Job as JSON>' }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(authOf(request));
      // Unknown or foreign: a plain 404 problem before the stream opens.
      await jobs.get(scope, request.params.id);
      const abort = new AbortController();
      const limit = setTimeout(() => abort.abort(), STREAM_MAX_MS);
      request.raw.on('close', () => abort.abort());
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      raw.write(`retry: 2000\n\n`);
      const keepalive = setInterval(() => raw.write(`: ping\n\n`), KEEPALIVE_MS);
      try {
        for await (const view of jobs.follow(scope, request.params.id, {
          signal: abort.signal,
        })) {
          raw.write(
            `event: job\nid: ${view.status}-${view.progress.done}\ndata: ${JSON.stringify(view)}\n\n`,
          );
        }
      } catch (error) {
        request.log.warn({ err: error }, 'job event stream ended on an error');
      } finally {
        clearInterval(keepalive);
        clearTimeout(limit);
        raw.end();
      }
    },
  );
};
