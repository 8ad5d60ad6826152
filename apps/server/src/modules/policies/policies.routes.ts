import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { etag, IfMatchHeaders, parseIfMatch } from '../../platform/concurrency.ts';
import { problemResponses } from '../../platform/errors.ts';
import { actorContext, authOf, scopeOf, BEARER } from '../../platform/request-context.ts';
import {
  CreatePolicyBody,
  History,
  IdParams,
  NonPaymentBody,
  PaymentBody,
  PolicyList,
  PolicyListQuery,
  PremiumList,
  PremiumPage,
  PremiumsQuery,
  Renewals,
  RenewalsQuery,
  TransitionBody,
  UpdatePolicyBody,
} from './policies.schemas.ts';
import type { PoliciesService } from './policies.service.ts';

export const policiesRoutes: FastifyPluginAsyncTypebox<{ policies: PoliciesService }> = async (
  app,
  { policies },
) => {
  const writers = [app.authenticate, app.requireRole('admin', 'manager', 'broker')];
  const readers = [app.authenticate];
  const ctx = (request: Parameters<typeof actorContext>[0]) => ({
    scope: scopeOf(authOf(request)),
    context: actorContext(request),
  });

  app.get(
    '/api/v1/policies',
    {
      onRequest: readers,
      schema: {
        operationId: 'listPolicies',
        summary: 'List policies (a broker sees those of their clients).',
        tags: ['policies'],
        security: BEARER,
        querystring: PolicyListQuery,
        response: { 200: PolicyList, ...problemResponses(400, 401) },
      },
    },
    async (request) =>
      policies.list(scopeOf(authOf(request)), {
        ...request.query,
        limit: request.query.limit ?? 50,
      }),
  );

  app.post(
    '/api/v1/policies',
    {
      onRequest: writers,
      schema: {
        operationId: 'createPolicy',
        summary: 'Create a policy, in draft (409 when the company already has that number).',
        tags: ['policies'],
        security: BEARER,
        body: CreatePolicyBody,
        response: { 201: { $ref: 'Policy' }, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { scope, context } = ctx(request);
      const policy = await policies.create(scope, context, request.body);
      return reply.code(201).header('etag', etag(policy.version)).send(policy);
    },
  );

  app.get(
    '/api/v1/policies/:id',
    {
      onRequest: readers,
      schema: {
        operationId: 'getPolicy',
        summary: 'Read one policy.',
        tags: ['policies'],
        security: BEARER,
        params: IdParams,
        response: { 200: { $ref: 'Policy' }, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const policy = await policies.get(scopeOf(authOf(request)), request.params.id);
      return reply.header('etag', etag(policy.version)).send(policy);
    },
  );

  app.patch(
    '/api/v1/policies/:id',
    {
      onRequest: writers,
      schema: {
        operationId: 'updatePolicy',
        summary: 'Change a policy; premium terms only while in draft (422 otherwise).',
        tags: ['policies'],
        security: BEARER,
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdatePolicyBody,
        response: {
          200: { $ref: 'Policy' },
          ...problemResponses(400, 401, 403, 404, 409, 412, 422),
        },
      },
    },
    async (request, reply) => {
      const { scope, context } = ctx(request);
      const { version, ...patch } = request.body;
      const policy = await policies.update(scope, context, request.params.id, patch, {
        version,
        ifMatch: parseIfMatch(request.headers['if-match']),
      });
      return reply.header('etag', etag(policy.version)).send(policy);
    },
  );

  app.post(
    '/api/v1/policies/:id/transitions',
    {
      onRequest: writers,
      schema: {
        operationId: 'transitionPolicy',
        summary: 'Move a policy along its lifecycle (422 names the allowed moves).',
        description:
          'draft → active (makes the premium schedule); active ⇄ suspended; active or suspended → cancelled (cancels the premiums due after effectiveOn); active → expired.',
        tags: ['policies'],
        security: BEARER,
        params: IdParams,
        body: TransitionBody,
        response: { 200: { $ref: 'Policy' }, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const { scope, context } = ctx(request);
      return policies.transition(scope, context, request.params.id, request.body);
    },
  );

  app.post(
    '/api/v1/policies/:id/renew',
    {
      onRequest: writers,
      schema: {
        operationId: 'renewPolicy',
        summary: 'Start the next term of an active policy and make its premium schedule.',
        tags: ['policies'],
        security: BEARER,
        params: IdParams,
        response: { 200: { $ref: 'Policy' }, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const { scope, context } = ctx(request);
      return policies.renew(scope, context, request.params.id);
    },
  );

  app.get(
    '/api/v1/policies/:id/history',
    {
      onRequest: readers,
      schema: {
        operationId: 'getPolicyHistory',
        summary: 'Status changes of a policy, with reasons and dates.',
        tags: ['policies'],
        security: BEARER,
        params: IdParams,
        response: { 200: History, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => policies.history(scopeOf(authOf(request)), request.params.id),
  );

  app.get(
    '/api/v1/policies/:id/premiums',
    {
      onRequest: readers,
      schema: {
        operationId: 'listPolicyPremiums',
        summary: 'The premium schedule (quittances) of a policy, every term.',
        tags: ['policies'],
        security: BEARER,
        params: IdParams,
        response: { 200: PremiumList, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => policies.premiums(scopeOf(authOf(request)), request.params.id),
  );

  app.get(
    '/api/v1/premiums',
    {
      onRequest: readers,
      schema: {
        operationId: 'listPremiums',
        summary:
          'Premiums of every policy (a broker: those of their clients) by due date, with totals.',
        tags: ['policies'],
        security: BEARER,
        querystring: PremiumsQuery,
        response: { 200: PremiumPage, ...problemResponses(400, 401) },
      },
    },
    async (request) =>
      policies.premiumsDue(scopeOf(authOf(request)), {
        ...request.query,
        limit: request.query.limit ?? 50,
      }),
  );

  app.post(
    '/api/v1/premiums/:id/payment',
    {
      onRequest: writers,
      schema: {
        operationId: 'recordPremiumPayment',
        summary: 'Record that a premium was paid, on which day.',
        tags: ['policies'],
        security: BEARER,
        params: IdParams,
        body: PaymentBody,
        response: { 200: { $ref: 'Premium' }, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const { scope, context } = ctx(request);
      return policies.recordPremiumStatus(scope, context, request.params.id, {
        status: 'paid',
        on: request.body.paidOn,
        reference: request.body.reference,
      });
    },
  );

  app.post(
    '/api/v1/premiums/:id/non-payment',
    {
      onRequest: writers,
      schema: {
        operationId: 'recordPremiumNonPayment',
        summary: 'Record that a premium was not paid, from which day.',
        tags: ['policies'],
        security: BEARER,
        params: IdParams,
        body: NonPaymentBody,
        response: { 200: { $ref: 'Premium' }, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const { scope, context } = ctx(request);
      return policies.recordPremiumStatus(scope, context, request.params.id, {
        status: 'unpaid',
        on: request.body.on,
      });
    },
  );

  app.get(
    '/api/v1/renewals',
    {
      onRequest: readers,
      schema: {
        operationId: 'listRenewals',
        summary: 'Active policies renewing soon, with cancellation deadlines and the Chatel rules.',
        tags: ['policies'],
        security: BEARER,
        querystring: RenewalsQuery,
        response: { 200: Renewals, ...problemResponses(400, 401) },
      },
    },
    async (request) => policies.renewals(scopeOf(authOf(request)), request.query.withinDays ?? 60),
  );
};
