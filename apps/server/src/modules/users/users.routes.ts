import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IfMatchHeaders, parseIfMatch } from '../../platform/concurrency.ts';
import { problemResponses } from '../../platform/errors.ts';
import { actorContext, authOf, type RequestAuth, BEARER } from '../../platform/request-context.ts';
import {
  CreateUserBody,
  UpdateUserBody,
  UserList,
  UserListQuery,
  UserParams,
} from './users.schemas.ts';
import type { Actor, UsersService } from './users.service.ts';

export const actorOf = (auth: RequestAuth): Actor => ({
  userId: auth.sub,
  organizationId: auth.org,
  role: auth.role,
});

export const usersRoutes: FastifyPluginAsyncTypebox<{ users: UsersService }> = async (
  app,
  { users },
) => {
  const adminOnly = [app.authenticate, app.requireRole('admin')];

  app.get(
    '/api/v1/users',
    {
      onRequest: adminOnly,
      schema: {
        operationId: 'listUsers',
        summary: 'List the users of the cabinet.',
        tags: ['users'],
        security: BEARER,
        querystring: UserListQuery,
        response: { 200: UserList, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) =>
      users.list(actorOf(authOf(request)), {
        limit: request.query.limit ?? 50,
        ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      }),
  );

  app.post(
    '/api/v1/users',
    {
      onRequest: adminOnly,
      schema: {
        operationId: 'createUser',
        summary: 'Create a user in the cabinet (409 when the e-mail is taken).',
        tags: ['users'],
        security: BEARER,
        body: CreateUserBody,
        response: { 201: { $ref: 'User' }, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const user = await users.create(
        actorOf(authOf(request)),
        actorContext(request),
        request.body,
      );
      return reply.code(201).header('etag', `"${user.version}"`).send(user);
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      onRequest: adminOnly,
      schema: {
        operationId: 'getUser',
        summary: 'Read one user of the cabinet.',
        tags: ['users'],
        security: BEARER,
        params: UserParams,
        response: { 200: { $ref: 'User' }, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const user = await users.get(actorOf(authOf(request)), request.params.id);
      return reply.header('etag', `"${user.version}"`).send(user);
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      onRequest: adminOnly,
      schema: {
        operationId: 'updateUser',
        summary:
          'Change a user’s name, role or activation; deactivation signs them out everywhere.',
        description:
          'Send `version` (409 when stale) or `If-Match` (412 when stale) to be refused rather than overwrite a concurrent change. Nobody changes their own role; the last active admin cannot be demoted or deactivated (422).',
        tags: ['users'],
        security: BEARER,
        params: UserParams,
        headers: IfMatchHeaders,
        body: UpdateUserBody,
        response: { 200: { $ref: 'User' }, ...problemResponses(400, 401, 403, 404, 409, 412, 422) },
      },
    },
    async (request, reply) => {
      const { version, ...patch } = request.body;
      const expected = { version, ifMatch: parseIfMatch(request.headers['if-match']) };
      const user = await users.update(
        actorOf(authOf(request)),
        actorContext(request),
        request.params.id,
        patch,
        expected,
      );
      return reply.header('etag', `"${user.version}"`).send(user);
    },
  );
};
