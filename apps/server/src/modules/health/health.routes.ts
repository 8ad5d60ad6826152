import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses } from '../../platform/errors.ts';
import { Liveness, Readiness } from './health.schemas.ts';
import { checkReadiness, type ReadinessCheck } from './health.service.ts';

export interface HealthRoutesOptions {
  checks: Record<string, ReadinessCheck>;
}

export const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesOptions> = async (app, opts) => {
  app.get(
    '/health',
    {
      schema: {
        operationId: 'getHealth',
        summary: 'Liveness: the process answers HTTP.',
        tags: ['health'],
        response: { 200: Liveness, ...problemResponses() },
      },
    },
    () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        operationId: 'getReadiness',
        summary: 'Readiness: every dependency (database, …) answers; 503 otherwise.',
        tags: ['health'],
        response: { 200: Readiness, 503: Readiness, ...problemResponses() },
      },
    },
    async (request, reply) => {
      const report = await checkReadiness(opts.checks);
      for (const failure of report.failures) {
        request.log.warn({ dependency: failure.name, err: failure.error }, 'dependency down');
      }
      return reply.code(report.ready ? 200 : 503).send(report.body);
    },
  );
};
