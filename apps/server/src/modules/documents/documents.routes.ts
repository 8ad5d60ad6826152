import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { DocumentFormat } from '../../db/schema/index.ts';
import { sha256Hex } from '../../platform/crypto/index.ts';
import { problemResponses, TooManyRequestsError } from '../../platform/errors.ts';
import { actorContext, authOf, scopeOf, BEARER } from '../../platform/request-context.ts';
import { CONTENT_TYPES } from './compose.ts';
import {
  ContentQuery,
  CreateLinkBody,
  DocumentIdParams,
  DocumentList,
  DocumentListQuery,
  DownloadLink,
  GenerateDocumentBody,
  PreviewBody,
  TokenParams,
} from './documents.schemas.ts';
import type { DocumentsService } from './documents.service.ts';

/**
 * An HTML document is the cabinet's content, not the app's: served from our origin it must not run
 * anything, so it gets a sandboxing CSP (no script, no network, unique origin).
 */
const DOCUMENT_CSP =
  "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

const Binary = (description: string) => Type.String({ description, format: 'binary' });

/** The headers of a document's bytes, alike for GET and for HEAD (which sends no body). */
function documentHeaders(
  reply: FastifyReply,
  format: DocumentFormat,
  length: number,
  options: { fileName?: string; inline?: boolean },
) {
  reply
    .type(CONTENT_TYPES[format])
    .header('content-length', length)
    .header('cache-control', 'private, no-store')
    .header('content-security-policy', DOCUMENT_CSP)
    .header('x-robots-tag', 'noindex, nofollow');
  if (options.fileName) {
    const inline = options.inline === true && format === 'pdf';
    reply.header(
      'content-disposition',
      `${inline ? 'inline' : 'attachment'}; filename="${options.fileName}"`,
    );
  }
  return reply;
}

function sendBytes(
  reply: FastifyReply,
  format: DocumentFormat,
  bytes: Buffer,
  options: { fileName?: string; inline?: boolean },
) {
  return documentHeaders(reply, format, bytes.length, options).send(bytes as unknown as string);
}

/** Downloads of one link per minute, from any address. */
export const LINK_TOKEN_LIMIT_PER_MINUTE = 10;

export const documentsRoutes: FastifyPluginAsyncTypebox<{
  documents: DocumentsService;
  linkRateLimitPerMinute: number;
  /** Called when a download is refused by a rate limit (metrics). */
  onRateLimited?: () => void;
}> = async (app, { documents, linkRateLimitPerMinute, onRateLimited }) => {
  const readers = [app.authenticate];
  const generators = [app.authenticate, app.requireRole('admin', 'manager', 'broker')];
  const managers = [app.authenticate, app.requireRole('admin', 'manager')];

  app.post(
    '/api/v1/documents',
    {
      onRequest: generators,
      schema: {
        operationId: 'generateDocument',
        summary:
          'Render a template for a policy, a client or a premium, and store the document (encrypted).',
        tags: ['documents'],
        security: BEARER,
        body: GenerateDocumentBody,
        response: {
          201: { $ref: 'Document' },
          ...problemResponses(400, 401, 403, 404, 422, 503, 507),
        },
      },
    },
    async (request, reply) => {
      const document = await documents.generate(
        scopeOf(authOf(request)),
        actorContext(request),
        request.body,
      );
      return reply.code(201).send(document);
    },
  );

  app.get(
    '/api/v1/documents',
    {
      onRequest: readers,
      schema: {
        operationId: 'listDocuments',
        summary: 'List documents (a broker sees those of their clients).',
        tags: ['documents'],
        security: BEARER,
        querystring: DocumentListQuery,
        response: { 200: DocumentList, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const { limit, cursor, from, to, ...filters } = request.query;
      return documents.list(
        scopeOf(authOf(request)),
        {
          ...filters,
          from: from ? new Date(from) : undefined,
          to: to ? new Date(to) : undefined,
        },
        { limit: limit ?? 50, cursor },
      );
    },
  );

  app.get(
    '/api/v1/documents/:id',
    {
      onRequest: readers,
      schema: {
        operationId: 'getDocument',
        summary: 'Read the record of one document.',
        tags: ['documents'],
        security: BEARER,
        params: DocumentIdParams,
        response: { 200: { $ref: 'Document' }, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => documents.get(scopeOf(authOf(request)), request.params.id),
  );

  app.get(
    '/api/v1/documents/:id/content',
    {
      onRequest: readers,
      schema: {
        operationId: 'getDocumentContent',
        summary: 'Download a document (audited).',
        tags: ['documents'],
        security: BEARER,
        params: DocumentIdParams,
        querystring: ContentQuery,
        produces: Object.values(CONTENT_TYPES),
        response: { 200: Binary('The document.'), ...problemResponses(400, 401, 404, 503) },
      },
    },
    async (request, reply) => {
      const { row, bytes } = await documents.content(
        scopeOf(authOf(request)),
        actorContext(request),
        request.params.id,
      );
      return sendBytes(reply, row.format, bytes, {
        fileName: row.fileName,
        inline: request.query.disposition === 'inline',
      });
    },
  );

  app.post(
    '/api/v1/documents/:id/links',
    {
      onRequest: generators,
      schema: {
        operationId: 'createDocumentLink',
        summary: 'Create a download link that needs no sign-in (single use by default).',
        tags: ['documents'],
        security: BEARER,
        params: DocumentIdParams,
        body: CreateLinkBody,
        response: { 201: DownloadLink, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const link = await documents.createLink(
        scopeOf(authOf(request)),
        actorContext(request),
        request.params.id,
        { ttlSeconds: request.body.ttlSeconds ?? 300, singleUse: request.body.singleUse ?? true },
      );
      return reply.code(201).header('cache-control', 'no-store').send(link);
    },
  );

  app.post(
    '/api/v1/templates/:id/preview',
    {
      onRequest: managers,
      schema: {
        operationId: 'previewTemplate',
        summary:
          'Render a template version or an unsaved draft with sample data or a real subject; nothing is stored.',
        tags: ['templates'],
        security: BEARER,
        params: DocumentIdParams,
        body: PreviewBody,
        produces: Object.values(CONTENT_TYPES),
        response: {
          200: Binary('The rendered preview.'),
          ...problemResponses(400, 401, 403, 404, 413, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const format = request.body.format ?? 'html';
      const bytes = await documents.preview(scopeOf(authOf(request)), {
        ...request.body,
        format,
        templateId: request.params.id,
      });
      return sendBytes(reply, format, bytes, { fileName: `apercu.${format}`, inline: true });
    },
  );

  // Public downloads: limited per IP and per token (a plugin hook runs one limiter per request,
  // so both are checked here, and both count every request).
  const perIp = app.createRateLimit({
    max: linkRateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `d-ip:${request.ip}`,
  });
  const perToken = app.createRateLimit({
    max: LINK_TOKEN_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (request) =>
      `d-token:${sha256Hex((request.params as { token?: string }).token ?? '')}`,
  });
  const limitDownloads = async (request: FastifyRequest) => {
    const results = await Promise.all([perIp(request), perToken(request)]);
    // `isAllowed` only means "on the allow list"; over the limit is `isExceeded`.
    const refused = results.find((r) => !r.isAllowed && r.isExceeded);
    if (refused && !refused.isAllowed) {
      onRateLimited?.();
      throw new TooManyRequestsError(
        refused.ttl,
        'Trop de téléchargements : patientez avant de réessayer.',
      );
    }
  };
  const linkContext = (request: FastifyRequest) => {
    const { ip, userAgent, requestId } = actorContext(request);
    return { ip, userAgent, requestId };
  };
  const publicSchema = (method: 'GET' | 'HEAD') => ({
    operationId: method === 'GET' ? 'downloadByLink' : 'checkDownloadLink',
    summary:
      method === 'GET'
        ? 'Download a document through its link (no sign-in); a single-use link works once (410 after).'
        : 'Check a download link without using it.',
    tags: ['documents'],
    params: TokenParams,
    response: {
      200: Binary('The document.'),
      ...problemResponses(400, 404, 410, 429, 503),
    },
  });

  app.get(
    '/d/:token',
    { onRequest: limitDownloads, exposeHeadRoute: false, schema: publicSchema('GET') },
    async (request, reply) => {
      const { row, bytes } = await documents.download(
        request.params.token,
        linkContext(request),
        true,
      );
      return sendBytes(reply, row.format, bytes ?? Buffer.alloc(0), { fileName: row.fileName });
    },
  );

  app.head(
    '/d/:token',
    { onRequest: limitDownloads, schema: publicSchema('HEAD') },
    async (request, reply) => {
      // The link is only looked at, not used: a single-use link still downloads afterwards.
      const { row } = await documents.download(request.params.token, linkContext(request), false);
      // What GET would send, the length included (RFC 9110 §9.3.2), without the bytes.
      return documentHeaders(reply, row.format, row.size, { fileName: row.fileName }).send();
    },
  );
};
