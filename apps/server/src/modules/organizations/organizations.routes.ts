import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../platform/errors.ts';
import { actorContext } from '../../platform/request-context.ts';
import type { OrganizationsService } from './organizations.service.ts';

const SetupBody = Type.Object(
  {
    organizationName: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Name of the cabinet.',
    }),
    email: Type.String({ format: 'email', maxLength: 254 }),
    password: Type.String({
      minLength: 1,
      maxLength: 1024,
      description: 'At least 12 characters, not a common password.',
    }),
    fullName: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

const SetupResult = Type.Object(
  {
    organization: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
    user: Type.Ref('User'),
  },
  { description: 'The cabinet and its administrator were created.' },
);

export const organizationsRoutes: FastifyPluginAsyncTypebox<{
  organizations: OrganizationsService;
}> = async (app, { organizations }) => {
  app.post(
    '/api/v1/setup',
    {
      schema: {
        operationId: 'setup',
        summary: 'First run: create the first cabinet and its administrator (409 once done).',
        tags: ['setup'],
        body: SetupBody,
        response: { 201: SetupResult, ...problemResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const { organization, user } = await organizations.setup(request.body, actorContext(request));
      return reply
        .code(201)
        .send({ organization: { id: organization.id, name: organization.name }, user });
    },
  );
};
