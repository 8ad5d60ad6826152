import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { etag, IfMatchHeaders, parseIfMatch } from '../../platform/concurrency.ts';
import { AppError, NotFoundError, problemResponses } from '../../platform/errors.ts';
import { readMultipartForm } from '../../platform/multipart.ts';
import { actorContext, authOf, BEARER } from '../../platform/request-context.ts';
import { DATA_MODEL, FILTERS, sampleData } from './engine/index.ts';
import {
  CreatedTemplate,
  CreatedVersion,
  CreateTemplateBody,
  CreateVersionBody,
  DataModel,
  TemplateIdParams,
  TemplateList,
  TemplateListQuery,
  TemplateVersion,
  TemplateVersionSummaryList,
  UpdateTemplateBody,
  VersionListQuery,
  VersionParams,
} from './templates.schemas.ts';
import { TEMPLATE_LIMITS, type TemplateBody, type TemplatesService } from './templates.service.ts';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Workbooks uploaded with a multipart request, kept apart from the JSON-shaped body. */
const uploads = new WeakMap<FastifyRequest, Buffer>();

/**
 * A multipart form becomes the same body shape as JSON (file → its name) before validation, so
 * both go through one schema; the file bytes wait in `uploads`.
 */
async function multipartToBody(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) return;
  const form = await readMultipartForm(request);
  const body: Record<string, unknown> = { ...form.fields };
  if (body.publish === 'true' || body.publish === 'false') body.publish = body.publish === 'true';
  if (form.file) {
    body.file = form.file.filename;
    uploads.set(request, form.file.content);
  }
  request.body = body;
}

function bodyOf(request: FastifyRequest, content: string | undefined): TemplateBody {
  const file = uploads.get(request);
  if (!file && (request.body as { file?: unknown }).file !== undefined) {
    // A `file` named in JSON carries no bytes.
    throw new AppError(
      415,
      'multipart-required',
      'Envoyez le classeur en multipart/form-data, dans le champ « file ».',
    );
  }
  return { content, file };
}

export const templatesRoutes: FastifyPluginAsyncTypebox<{ templates: TemplatesService }> = async (
  app,
  { templates },
) => {
  await app.register(fastifyMultipart, {
    limits: { fileSize: TEMPLATE_LIMITS.maxFileBytes, files: 1, fields: 10, fieldSize: 1_048_576 },
    throwFileSizeLimit: true,
  });
  const readers = [app.authenticate];
  const managers = [app.authenticate, app.requireRole('admin', 'manager')];
  const orgOf = (request: FastifyRequest) => authOf(request).org;
  const contextOf = (request: FastifyRequest) => ({
    ...actorContext(request),
    organizationId: authOf(request).org,
  });
  const uploadLimit = TEMPLATE_LIMITS.maxFileBytes + 64 * 1024;

  app.get(
    '/api/v1/templates',
    {
      onRequest: readers,
      schema: {
        operationId: 'listTemplates',
        summary: 'List the document templates of the cabinet.',
        tags: ['templates'],
        security: BEARER,
        querystring: TemplateListQuery,
        response: { 200: TemplateList, ...problemResponses(400, 401) },
      },
    },
    async (request) =>
      templates.list(orgOf(request), {
        limit: request.query.limit ?? 50,
        cursor: request.query.cursor,
        kind: request.query.kind,
        active: request.query.active,
      }),
  );

  app.get(
    '/api/v1/templates/data-model',
    {
      onRequest: readers,
      schema: {
        operationId: 'getTemplateDataModel',
        summary: 'The variables and filters templates can use, with sample data.',
        tags: ['templates'],
        security: BEARER,
        response: { 200: DataModel, ...problemResponses(401) },
      },
    },
    async () => ({ variables: [...DATA_MODEL], filters: [...FILTERS], sample: sampleData() }),
  );

  app.post(
    '/api/v1/templates',
    {
      onRequest: managers,
      preValidation: multipartToBody,
      bodyLimit: uploadLimit,
      schema: {
        operationId: 'createTemplate',
        summary:
          'Create a template (html as JSON, xlsx as multipart); 400 with line and column on a syntax error.',
        tags: ['templates'],
        security: BEARER,
        consumes: ['application/json', 'multipart/form-data'],
        body: CreateTemplateBody,
        response: { 201: CreatedTemplate, ...problemResponses(400, 401, 403, 409, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const { name, kind, description, content } = request.body;
      const created = await templates.create(contextOf(request), {
        name,
        kind,
        description,
        body: bodyOf(request, content),
      });
      return reply.code(201).header('etag', etag(created.version)).send(created);
    },
  );

  app.get(
    '/api/v1/templates/:id',
    {
      onRequest: readers,
      schema: {
        operationId: 'getTemplate',
        summary: 'Read one template.',
        tags: ['templates'],
        security: BEARER,
        params: TemplateIdParams,
        response: { 200: { $ref: 'Template' }, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const template = await templates.get(orgOf(request), request.params.id);
      return reply.header('etag', etag(template.version)).send(template);
    },
  );

  app.patch(
    '/api/v1/templates/:id',
    {
      onRequest: managers,
      schema: {
        operationId: 'updateTemplate',
        summary: 'Rename, describe, (de)activate a template or publish one of its versions.',
        tags: ['templates'],
        security: BEARER,
        params: TemplateIdParams,
        headers: IfMatchHeaders,
        body: UpdateTemplateBody,
        response: { 200: { $ref: 'Template' }, ...problemResponses(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const { version, ...values } = request.body;
      const template = await templates.update(contextOf(request), request.params.id, values, {
        version,
        ifMatch: parseIfMatch(request.headers['if-match']),
      });
      return reply.header('etag', etag(template.version)).send(template);
    },
  );

  app.delete(
    '/api/v1/templates/:id',
    {
      onRequest: managers,
      schema: {
        operationId: 'deleteTemplate',
        summary:
          'Delete an unused template (204); one that documents were made from is deactivated instead (200).',
        tags: ['templates'],
        security: BEARER,
        params: TemplateIdParams,
        response: {
          200: { $ref: 'Template' },
          204: Type.Null({ description: 'Deleted.' }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const result = await templates.remove(contextOf(request), request.params.id);
      return result.deleted ? reply.code(204).send(null) : reply.send(result.template);
    },
  );

  app.get(
    '/api/v1/templates/:id/versions',
    {
      onRequest: readers,
      schema: {
        operationId: 'listTemplateVersions',
        summary: 'The versions of a template, newest first.',
        tags: ['templates'],
        security: BEARER,
        params: TemplateIdParams,
        querystring: VersionListQuery,
        response: { 200: TemplateVersionSummaryList, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      templates.listVersions(orgOf(request), request.params.id, {
        limit: request.query.limit ?? 50,
        cursor: request.query.cursor,
      }),
  );

  app.post(
    '/api/v1/templates/:id/versions',
    {
      onRequest: managers,
      preValidation: multipartToBody,
      bodyLimit: uploadLimit,
      schema: {
        operationId: 'createTemplateVersion',
        summary:
          'Save a new immutable version (html as JSON `{content}`, xlsx as multipart `file`); published only with `publish`.',
        tags: ['templates'],
        security: BEARER,
        consumes: ['application/json', 'multipart/form-data'],
        params: TemplateIdParams,
        body: CreateVersionBody,
        response: {
          201: CreatedVersion,
          ...problemResponses(400, 401, 403, 404, 409, 413, 415, 503),
        },
      },
    },
    async (request, reply) => {
      const created = await templates.addVersion(contextOf(request), request.params.id, {
        body: bodyOf(request, request.body.content),
        comment: request.body.comment,
        publish: request.body.publish,
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/templates/:id/versions/:n',
    {
      onRequest: readers,
      schema: {
        operationId: 'getTemplateVersion',
        summary: 'Read one version of a template (the source of an html template).',
        tags: ['templates'],
        security: BEARER,
        params: VersionParams,
        response: { 200: TemplateVersion, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => templates.getVersion(orgOf(request), request.params.id, request.params.n),
  );

  app.get(
    '/api/v1/templates/:id/versions/:n/file',
    {
      onRequest: readers,
      schema: {
        operationId: 'getTemplateVersionFile',
        summary: 'Download the workbook of an xlsx template version.',
        tags: ['templates'],
        security: BEARER,
        params: VersionParams,
        produces: [XLSX_MEDIA_TYPE],
        response: {
          200: Type.String({ description: 'The workbook.', format: 'binary' }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const { template, version } = await templates.versionRow(
        orgOf(request),
        request.params.id,
        request.params.n,
      );
      if (!version.file) throw new NotFoundError("Ce modèle n'a pas de classeur.");
      const name = `modele-${template.code ?? template.id}-v${version.number}.xlsx`;
      return reply
        .type(XLSX_MEDIA_TYPE)
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'private, no-store')
        .send(version.file as unknown as string);
    },
  );
};
