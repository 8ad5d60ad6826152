import { Type } from 'typebox';
import { DOCUMENT_FORMATS } from '../../db/schema/index.ts';
import { Page, PageQuery } from '../../platform/pagination.ts';

const Format = Type.Enum([...DOCUMENT_FORMATS], {
  description: 'pdf or html from an html template; xlsx from an xlsx template.',
});
const Uuid = Type.String({ format: 'uuid' });
const NullableUuid = Type.Union([Uuid, Type.Null()]);

export const Document = Type.Object(
  {
    id: Uuid,
    format: Format,
    contentType: Type.String(),
    fileName: Type.String({ description: 'Offered on download; ASCII letters, digits, . - _.' }),
    sha256: Type.String({ description: 'SHA-256 (hex) of the document bytes.' }),
    size: Type.Integer({ description: 'Bytes.' }),
    templateId: Uuid,
    templateVersion: Type.Integer(),
    dataHash: Type.String({
      description: 'SHA-256 (hex) of the canonical JSON of the data it was rendered from.',
    }),
    policyId: NullableUuid,
    clientId: NullableUuid,
    premiumId: NullableUuid,
    createdBy: NullableUuid,
    batchId: Type.Union([Uuid, Type.Null()], {
      description: 'The document batch that made it, if any.',
    }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Document', description: 'A generated document, stored encrypted.' },
);

const subject = {
  policyId: Type.Optional(Uuid),
  clientId: Type.Optional(Uuid),
  premiumId: Type.Optional(Uuid),
  data: Type.Optional(
    Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }), Type.Unknown(), {
      description:
        'Free inputs of the template: the names it reads under `saisie` (`{{ saisie.objet }}` → `objet`), rendered under `saisie` only, never over the data built from the subject. Admins and managers only (403 otherwise); a name the template version does not declare is 400 naming `/data/<name>`; at most 256 KiB.',
    }),
  ),
};

export const GenerateDocumentBody = Type.Object(
  {
    templateId: Uuid,
    version: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'A template version; the published one by default.',
      }),
    ),
    format: Format,
    ...subject,
  },
  {
    additionalProperties: false,
    description: 'At most one subject: policyId, clientId or premiumId (a broker must give one).',
  },
);

export const PreviewBody = Type.Object(
  {
    format: Type.Enum(['html', 'pdf', 'xlsx'], { default: 'html' }),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    content: Type.Optional(
      Type.String({
        maxLength: 524_288,
        description: 'An unsaved draft of an html template, for live previews.',
      }),
    ),
    sample: Type.Optional(
      Type.Boolean({ description: 'Render with the sample data (the default without a subject).' }),
    ),
    ...subject,
  },
  { additionalProperties: false },
);

export const DocumentList = Page(Type.Ref('Document'), 'Documents, newest first.');

export const DocumentListQuery = Type.Object(
  {
    ...PageQuery,
    policyId: Type.Optional(Uuid),
    clientId: Type.Optional(Uuid),
    templateId: Type.Optional(Uuid),
    batchId: Type.Optional(Uuid),
    format: Type.Optional(Format),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Created at or after.' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Created before.' })),
  },
  { additionalProperties: false },
);

export const ContentQuery = Type.Object(
  {
    disposition: Type.Optional(
      Type.Enum(['attachment', 'inline'], {
        default: 'attachment',
        description: '`inline` shows a PDF in the browser; other formats are always attachments.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const CreateLinkBody = Type.Object(
  {
    ttlSeconds: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 86_400, default: 300, description: 'Lifetime (s).' }),
    ),
    singleUse: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

export const DownloadLink = Type.Object(
  {
    id: Uuid,
    url: Type.String({
      description: 'Absolute when PUBLIC_URL is set, else starting with `/d/`. Shown once.',
    }),
    expiresAt: Type.String({ format: 'date-time' }),
    singleUse: Type.Boolean(),
  },
  { description: 'A download link that needs no sign-in.' },
);

export const DocumentIdParams = Type.Object({ id: Uuid });
export const TokenParams = Type.Object({ token: Type.String({ maxLength: 128 }) });

/** Most policies one batch renders. */
export const MAX_BATCH_POLICIES = 10_000;

const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD.' });

export const CreateBatchBody = Type.Object(
  {
    templateId: Uuid,
    version: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'A template version; the published one by default.',
      }),
    ),
    format: Format,
    policyIds: Type.Optional(
      Type.Array(Uuid, {
        minItems: 1,
        maxItems: MAX_BATCH_POLICIES,
        description: 'The policies, in print order (duplicates are ignored).',
      }),
    ),
    renewals: Type.Optional(
      Type.Object(
        { from: IsoDate, to: IsoDate },
        {
          additionalProperties: false,
          description:
            "The active policies whose échéance falls in this window (both days included), soonest first: how next month's avis d'échéance are prepared.",
        },
      ),
    ),
  },
  {
    additionalProperties: false,
    description: 'Exactly one selection: `policyIds` or `renewals`.',
  },
);

export const BatchAccepted = Type.Object(
  {
    id: Uuid,
    jobId: Uuid,
    total: Type.Integer({ minimum: 0, description: 'Documents to make.' }),
  },
  { description: 'The batch is queued: follow its job.' },
);

export const DocumentBatch = Type.Object(
  {
    id: Uuid,
    jobId: Uuid,
    status: Type.Enum(['queued', 'running', 'succeeded', 'failed', 'cancelled'], {
      description: "Its job's status.",
    }),
    templateId: Uuid,
    templateVersion: Type.Integer(),
    format: Format,
    total: Type.Integer({ minimum: 0 }),
    done: Type.Integer({ minimum: 0, description: 'Documents made so far.' }),
    failed: Type.Array(
      Type.Object({
        policyId: Uuid,
        detail: Type.String({ description: 'Why this one could not be made (French).' }),
      }),
    ),
    documentIds: Type.Array(Uuid, { description: 'The documents made, in print order.' }),
    combinedPdf: Type.Boolean({ description: 'The combined PDF can be downloaded (`/content`).' }),
    archive: Type.Boolean({
      description: 'The ZIP of the documents can be downloaded (`/archive`).',
    }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'DocumentBatch', description: 'One template rendered for many policies, as a job.' },
);

export const BatchIdParams = Type.Object({ id: Uuid });
