import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses } from '../../platform/errors.ts';
import { Liveness, Readiness } from './health.schemas.ts';
import { checkReadiness, type ReadinessCheck } from './health.service.ts';

export interface HealthRoutesOptions {
  checks: Record<string, ReadinessCheck>;
  /** Dependencies the service works without (degraded): down, they do not make it unready. */
  optional?: readonly string[];
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
        summary:
          'Readiness: 200 when every required dependency answers (degraded when only Redis is down); 503 otherwise.',
        tags: ['health'],
        response: { 200: Readiness, 503: Readiness, ...problemResponses() },
      },
    },
    async (request, reply) => {
      const report = await checkReadiness(opts.checks, undefined, opts.optional);
      for (const failure of report.failures) {
        request.log.warn({ dependency: failure.name, err: failure.error }, 'dependency down');
      }
      return reply.code(report.ready ? 200 : 503).send(report.body);
    },
  );
};
