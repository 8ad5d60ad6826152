import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, problemResponses } from '../../platform/errors.ts';
import { actorContext, authOf, scopeOf, BEARER } from '../../platform/request-context.ts';
import {
  CSV_MEDIA_TYPES,
  DEFAULT_TABULAR_LIMITS,
  formatFromMediaType,
  TabularError,
  XLSX_MEDIA_TYPE,
} from '../../platform/tabular/tabular.ts';
import type { ImportsService, ImportUpload } from './imports.service.ts';

const MAX_BYTES = DEFAULT_TABULAR_LIMITS.maxBytes;

const ImportQuery = Type.Object(
  {
    dryRun: Type.Optional(
      Type.Boolean({ default: false, description: 'Check everything, write nothing.' }),
    ),
  },
  { additionalProperties: false },
);

const ImportReport = Type.Object(
  {
    kind: Type.Enum(['clients', 'policies']),
    dryRun: Type.Boolean(),
    mode: Type.Literal('all-or-nothing', {
      description: 'A file with one rejected row changes nothing.',
    }),
    committed: Type.Boolean(),
    rows: Type.Integer(),
    created: Type.Integer(),
    updated: Type.Integer(),
    rejected: Type.Array(
      Type.Object({
        row: Type.Integer({ description: 'Row number in the file; the header is row 1.' }),
        field: Type.Union([Type.String(), Type.Null()]),
        message: Type.String(),
      }),
    ),
  },
  { description: 'What the import did (or, with dryRun, would do).' },
);

/** The uploaded file: a multipart `file`, or the raw body with its media type. */
async function uploadedFile(request: FastifyRequest): Promise<ImportUpload> {
  let content: Buffer;
  let format: 'csv' | 'xlsx' | undefined;
  if (request.isMultipart()) {
    try {
      const file = await request.file();
      if (!file)
        throw new AppError(400, 'missing-file', 'Joignez le fichier dans le champ « file ».');
      content = await file.toBuffer();
      format = formatFromMediaType(file.mimetype, file.filename);
    } catch (error) {
      if (error instanceof AppError || (error as { statusCode?: number }).statusCode === 413)
        throw error;
      // busboy's errors (no boundary, truncated form) are the client's malformed upload.
      throw new AppError(
        400,
        'malformed-multipart',
        'Le formulaire envoyé est mal formé ou incomplet.',
      );
    }
  } else {
    content = request.body as Buffer;
    format = formatFromMediaType(request.headers['content-type']?.split(';')[0]?.trim());
  }
  if (!format) {
    throw new AppError(415, 'unsupported-media-type', 'Envoyez un fichier CSV (text/csv) ou XLSX.');
  }
  return { content, format };
}

/** A file that cannot be read is the sender's to fix: 413 when too big, 400 otherwise. */
function tabularProblem(error: unknown): unknown {
  if (!(error instanceof TabularError)) return error;
  return new AppError(
    error.code === 'too_large' || error.code === 'too_many_rows' ? 413 : 400,
    `import-${error.code.replace(/_/g, '-')}`,
    error.message,
  );
}

export const importsRoutes: FastifyPluginAsyncTypebox<{ imports: ImportsService }> = async (
  app,
  { imports },
) => {
  app.addContentTypeParser(
    [...CSV_MEDIA_TYPES, XLSX_MEDIA_TYPE],
    { parseAs: 'buffer', bodyLimit: MAX_BYTES },
    (_request, body, done) => done(null, body),
  );
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_BYTES, files: 1, fields: 5 },
    throwFileSizeLimit: true,
  });
  const importers = [app.authenticate, app.requireRole('admin', 'manager')];
  const description =
    'CSV (`;`, `,` or tab; UTF-8 with or without BOM) or XLSX, as the raw body (`text/csv` or the XLSX media type) or a multipart `file`. All or nothing: with a rejected row, nothing is written (422 with the report). One import runs at a time per cabinet; others wait their turn, and beyond two waiting the answer is 429.';

  for (const kind of ['clients', 'policies'] as const) {
    app.post(
      `/api/v1/${kind}/import`,
      {
        onRequest: importers,
        bodyLimit: MAX_BYTES,
        schema: {
          operationId: kind === 'clients' ? 'importClients' : 'importPolicies',
          summary:
            kind === 'clients'
              ? 'Import clients from a spreadsheet (matched by e-mail or SIREN).'
              : 'Import policies from a spreadsheet.',
          description,
          tags: [kind],
          security: BEARER,
          consumes: ['text/csv', XLSX_MEDIA_TYPE, 'multipart/form-data'],
          querystring: ImportQuery,
          response: {
            200: ImportReport,
            ...problemResponses(400, 401, 403, 409, 413, 415, 422, 429),
          },
        },
      },
      async (request) => {
        const upload = await uploadedFile(request);
        const scope = scopeOf(authOf(request));
        const dryRun = request.query.dryRun ?? false;
        try {
          return await imports.importFile(kind, scope, actorContext(request), upload, dryRun);
        } catch (error) {
          throw tabularProblem(error);
        }
      },
    );
  }
};
