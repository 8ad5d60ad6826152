import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { etag, IfMatchHeaders, parseIfMatch } from '../../platform/concurrency.ts';
import { problemResponses } from '../../platform/errors.ts';
import { actorContext, authOf, BEARER } from '../../platform/request-context.ts';
import { Address } from '../companies/index.ts';
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

export const Organization = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    oriasNumber: Type.Union([Type.String(), Type.Null()]),
    siren: Type.Union([Type.String(), Type.Null()]),
    address: Type.Union([Address, Type.Null()]),
    legalMentions: Type.Union([Type.String(), Type.Null()]),
    version: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  {
    $id: 'Organization',
    description: 'The cabinet: its name and the legal mentions printed on its documents.',
  },
);

const UpdateOrganizationBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    oriasNumber: Type.Optional(
      Type.Union([
        Type.String({ pattern: '^\\d{8}$', description: 'ORIAS registration number (8 digits).' }),
        Type.Null(),
      ]),
    ),
    siren: Type.Optional(Type.Union([Type.String({ pattern: '^\\d{9}$' }), Type.Null()])),
    address: Type.Optional(Type.Union([Address, Type.Null()])),
    legalMentions: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const organizationsRoutes: FastifyPluginAsyncTypebox<{
  organizations: OrganizationsService;
}> = async (app, { organizations }) => {
  app.get(
    '/api/v1/setup',
    {
      schema: {
        operationId: 'getSetupStatus',
        summary: 'Whether the first-run setup is still to be done (the web app shows it at `/`).',
        tags: ['setup'],
        response: {
          200: Type.Object(
            { required: Type.Boolean({ description: 'True until the first cabinet exists.' }) },
            { additionalProperties: false },
          ),
          ...problemResponses(),
        },
      },
    },
    async () => ({ required: await organizations.setupRequired() }),
  );

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

  app.get(
    '/api/v1/organization',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'getOrganization',
        summary: "The signed-in user's cabinet.",
        tags: ['setup'],
        security: BEARER,
        response: { 200: { $ref: 'Organization' }, ...problemResponses(401) },
      },
    },
    async (request, reply) => {
      const organization = await organizations.profile(authOf(request).org);
      return reply.header('etag', etag(organization.version)).send(organization);
    },
  );

  app.patch(
    '/api/v1/organization',
    {
      onRequest: [app.authenticate, app.requireRole('admin')],
      schema: {
        operationId: 'updateOrganization',
        summary: "Change the cabinet's name and legal mentions (ORIAS, SIREN, address).",
        tags: ['setup'],
        security: BEARER,
        headers: IfMatchHeaders,
        body: UpdateOrganizationBody,
        response: { 200: { $ref: 'Organization' }, ...problemResponses(400, 401, 403, 409, 412) },
      },
    },
    async (request, reply) => {
      const { version, ...values } = request.body;
      const organization = await organizations.updateProfile(
        authOf(request).org,
        actorContext(request),
        values,
        { version, ifMatch: parseIfMatch(request.headers['if-match']) },
      );
      return reply.header('etag', etag(organization.version)).send(organization);
    },
  );
};
