import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../platform/errors.ts';
import { actorContext, authOf, scopeOf, BEARER } from '../../platform/request-context.ts';
import type { GdprService } from './gdpr.service.ts';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ClientExport = Type.Object(
  {
    exportedAt: Type.String({ format: 'date-time' }),
    client: Type.Ref('Client'),
    policies: Type.Array(Type.Ref('Policy')),
    premiums: Type.Array(Type.Ref('Premium')),
    documents: Type.Array(Type.Ref('Document'), {
      description: 'Documents made about the client; download each from its `/content`.',
    }),
  },
  { description: 'Everything the cabinet holds on the client.' },
);

export const gdprRoutes: FastifyPluginAsyncTypebox<{ gdpr: GdprService }> = async (
  app,
  { gdpr },
) => {
  const officers = [app.authenticate, app.requireRole('admin', 'manager')];

  app.get(
    '/api/v1/clients/:id/export',
    {
      onRequest: officers,
      schema: {
        operationId: 'exportClient',
        summary: 'GDPR access: everything held on the client, as JSON.',
        tags: ['clients'],
        security: BEARER,
        params: IdParams,
        response: { 200: ClientExport, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const data = await gdpr.export(
        scopeOf(authOf(request)),
        actorContext(request),
        request.params.id,
      );
      return reply
        .header('content-disposition', `attachment; filename="client-${request.params.id}.json"`)
        .send(data);
    },
  );

  app.post(
    '/api/v1/clients/:id/anonymize',
    {
      onRequest: officers,
      schema: {
        operationId: 'anonymizeClient',
        summary:
          'GDPR erasure: identity and contact erased; policies and amounts kept for the legal retention period.',
        tags: ['clients'],
        security: BEARER,
        params: IdParams,
        response: { 200: { $ref: 'Client' }, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      gdpr.anonymize(scopeOf(authOf(request)), actorContext(request), request.params.id),
  );
};
