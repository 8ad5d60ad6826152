import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { etag, IfMatchHeaders, parseIfMatch } from '../../platform/concurrency.ts';
import { problemResponses } from '../../platform/errors.ts';
import { actorContext, authOf, scopeOf, BEARER } from '../../platform/request-context.ts';
import {
  CompanyList,
  CompanyListQuery,
  CreateCompanyBody,
  IdParams,
  UpdateCompanyBody,
} from './companies.schemas.ts';
import type { CompaniesService } from './companies.service.ts';

export const companiesRoutes: FastifyPluginAsyncTypebox<{ companies: CompaniesService }> = async (
  app,
  { companies },
) => {
  const writers = [app.authenticate, app.requireRole('admin', 'manager')];

  app.get(
    '/api/v1/companies',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'listCompanies',
        summary: 'List the insurance companies of the cabinet.',
        tags: ['companies'],
        security: BEARER,
        querystring: CompanyListQuery,
        response: { 200: CompanyList, ...problemResponses(400, 401) },
      },
    },
    async (request) =>
      companies.list(scopeOf(authOf(request)), {
        limit: request.query.limit ?? 50,
        cursor: request.query.cursor,
        q: request.query.q,
      }),
  );

  app.post(
    '/api/v1/companies',
    {
      onRequest: writers,
      schema: {
        operationId: 'createCompany',
        summary: 'Add an insurance company (409 when its code is taken).',
        tags: ['companies'],
        security: BEARER,
        body: CreateCompanyBody,
        response: { 201: { $ref: 'Company' }, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const company = await companies.create(scopeOf(authOf(request)), actorContext(request), {
        ...request.body,
        commissionRates: request.body.commissionRates ?? {},
      });
      return reply.code(201).header('etag', etag(company.version)).send(company);
    },
  );

  app.get(
    '/api/v1/companies/:id',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'getCompany',
        summary: 'Read one insurance company.',
        tags: ['companies'],
        security: BEARER,
        params: IdParams,
        response: { 200: { $ref: 'Company' }, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const company = await companies.get(scopeOf(authOf(request)), request.params.id);
      return reply.header('etag', etag(company.version)).send(company);
    },
  );

  app.patch(
    '/api/v1/companies/:id',
    {
      onRequest: writers,
      schema: {
        operationId: 'updateCompany',
        summary: 'Change an insurance company (version or If-Match guards against lost updates).',
        tags: ['companies'],
        security: BEARER,
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateCompanyBody,
        response: { 200: { $ref: 'Company' }, ...problemResponses(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const { version, ...values } = request.body;
      const company = await companies.update(
        scopeOf(authOf(request)),
        actorContext(request),
        request.params.id,
        values,
        {
          version,
          ifMatch: parseIfMatch(request.headers['if-match']),
        },
      );
      return reply.header('etag', etag(company.version)).send(company);
    },
  );
};
