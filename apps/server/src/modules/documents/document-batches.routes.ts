import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { FieldValidationError, problemResponses } from '../../platform/errors.ts';
import { actorContext, authOf, BEARER, scopeOf } from '../../platform/request-context.ts';
import type { DocumentBatches } from './document-batches.ts';
import { BatchAccepted, BatchIdParams, CreateBatchBody } from './documents.schemas.ts';

/** `Idempotency-Key`: printable ASCII, as the IETF draft and most APIs take it. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export const documentBatchesRoutes: FastifyPluginAsyncTypebox<{
  batches: DocumentBatches;
}> = async (app, { batches }) => {
  const readers = [app.authenticate];
  const generators = [app.authenticate, app.requireRole('admin', 'manager', 'broker')];

  app.post(
    '/api/v1/document-batches',
    {
      onRequest: generators,
      schema: {
        operationId: 'createDocumentBatch',
        summary:
          'Render one template for many policies (given, or renewing in a window), as a job: 202 with the batch and its job.',
        tags: ['documents'],
        security: BEARER,
        headers: Type.Object({
          'idempotency-key': Type.Optional(
            Type.String({
              maxLength: 255,
              description: 'The same key again returns the first batch instead of a new one.',
            }),
          ),
        }),
        body: CreateBatchBody,
        response: {
          202: BatchAccepted,
          ...problemResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw new FieldValidationError(
          '/idempotency-key',
          "La clé d'idempotence compte 1 à 255 caractères ASCII imprimables.",
          'headers',
        );
      }
      const accepted = await batches.create(
        scopeOf(authOf(request)),
        actorContext(request),
        request.body,
        key,
      );
      return reply
        .code(202)
        .header('location', `/api/v1/document-batches/${accepted.id}`)
        .send(accepted);
    },
  );

  app.get(
    '/api/v1/document-batches/:id',
    {
      onRequest: readers,
      schema: {
        operationId: 'getDocumentBatch',
        summary: 'Read a batch: progress, failed items with their reason, documents made.',
        tags: ['documents'],
        security: BEARER,
        params: BatchIdParams,
        response: { 200: { $ref: 'DocumentBatch' }, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => batches.get(scopeOf(authOf(request)), request.params.id),
  );

  for (const [path, kind, summary, type] of [
    [
      'content',
      'combined',
      'Download the combined PDF of a finished batch (audited).',
      'application/pdf',
    ],
    [
      'archive',
      'archive',
      'Download a ZIP of the documents of a finished batch (audited).',
      'application/zip',
    ],
  ] as const) {
    app.get(
      `/api/v1/document-batches/:id/${path}`,
      {
        onRequest: readers,
        schema: {
          operationId: path === 'content' ? 'getDocumentBatchContent' : 'getDocumentBatchArchive',
          summary,
          tags: ['documents'],
          security: BEARER,
          params: BatchIdParams,
          produces: [type],
          response: {
            200: Type.String({ format: 'binary' }),
            ...problemResponses(400, 401, 404, 409, 503),
          },
        },
      },
      async (request, reply) => {
        const file = await batches.file(
          scopeOf(authOf(request)),
          actorContext(request),
          request.params.id,
          kind,
        );
        return reply
          .type(file.contentType)
          .header('content-length', file.bytes.length)
          .header('cache-control', 'private, no-store')
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .send(file.bytes as unknown as string);
      },
    );
  }
};
