import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { etag, IfMatchHeaders, parseIfMatch } from '../../platform/concurrency.ts';
import { problemResponses } from '../../platform/errors.ts';
import { actorContext, authOf, scopeOf, BEARER } from '../../platform/request-context.ts';
import {
  ClientList,
  ClientListQuery,
  CreateClientBody,
  IdParams,
  UpdateClientBody,
} from './clients.schemas.ts';
import type { ClientsService } from './clients.service.ts';

export const clientsRoutes: FastifyPluginAsyncTypebox<{ clients: ClientsService }> = async (
  app,
  { clients },
) => {
  const writers = [app.authenticate, app.requireRole('admin', 'manager', 'broker')];

  app.get(
    '/api/v1/clients',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'listClients',
        summary: 'Search and list clients (a broker sees only the clients assigned to them).',
        tags: ['clients'],
        security: BEARER,
        querystring: ClientListQuery,
        response: { 200: ClientList, ...problemResponses(400, 401) },
      },
    },
    async (request) =>
      clients.list(scopeOf(authOf(request)), {
        ...request.query,
        limit: request.query.limit ?? 50,
      }),
  );

  app.post(
    '/api/v1/clients',
    {
      onRequest: writers,
      schema: {
        operationId: 'createClient',
        summary: 'Create a client (a broker’s new client is assigned to them).',
        tags: ['clients'],
        security: BEARER,
        body: CreateClientBody,
        response: { 201: { $ref: 'Client' }, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const client = await clients.create(
        scopeOf(authOf(request)),
        actorContext(request),
        request.body,
      );
      return reply.code(201).header('etag', etag(client.version)).send(client);
    },
  );

  app.get(
    '/api/v1/clients/:id',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'getClient',
        summary: 'Read one client.',
        tags: ['clients'],
        security: BEARER,
        params: IdParams,
        response: { 200: { $ref: 'Client' }, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const client = await clients.get(scopeOf(authOf(request)), request.params.id);
      return reply.header('etag', etag(client.version)).send(client);
    },
  );

  app.patch(
    '/api/v1/clients/:id',
    {
      onRequest: writers,
      schema: {
        operationId: 'updateClient',
        summary: 'Change a client (version → 409, If-Match → 412 when stale).',
        tags: ['clients'],
        security: BEARER,
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateClientBody,
        response: { 200: { $ref: 'Client' }, ...problemResponses(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const { version, ...patch } = request.body;
      const client = await clients.update(
        scopeOf(authOf(request)),
        actorContext(request),
        request.params.id,
        patch,
        {
          version,
          ifMatch: parseIfMatch(request.headers['if-match']),
        },
      );
      return reply.header('etag', etag(client.version)).send(client);
    },
  );
};
