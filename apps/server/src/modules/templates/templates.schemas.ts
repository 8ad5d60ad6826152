import { Type } from 'typebox';
import { Page, PageQuery } from '../../platform/pagination.ts';
import { TEMPLATE_KINDS } from '../../db/schema/index.ts';

const Kind = Type.Enum([...TEMPLATE_KINDS], {
  description:
    '`html` (LiquidJS, printed to PDF or kept as HTML) or `xlsx` (a workbook filled cell by cell).',
});

const Warning = Type.Object(
  {
    code: Type.String({ description: 'e.g. `unknown_variable`.' }),
    message: Type.String(),
    variable: Type.Optional(Type.String()),
    line: Type.Optional(Type.Integer()),
    column: Type.Optional(Type.Integer()),
    cell: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

const Analysis = {
  variables: Type.Array(Type.String(), {
    description: 'Variables the version uses (snake_case paths of the data model).',
  }),
  warnings: Type.Array(Warning, {
    description:
      'Remarks that do not block saving, such as variables the data model does not have (they render empty).',
  }),
};

const templateFields = {
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  kind: Kind,
  code: Type.Union([Type.String(), Type.Null()], {
    description:
      'Set on starter templates: attestation, avis_echeance, quittance, bordereau_primes.',
  }),
  publishedVersion: Type.Integer({ description: 'The version documents use by default.' }),
  latestVersion: Type.Integer(),
  active: Type.Boolean({ description: 'A deactivated template makes no new documents.' }),
  version: Type.Integer({ description: 'Optimistic concurrency of the template record.' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
};

export const Template = Type.Object(templateFields, {
  $id: 'Template',
  description: 'A document template; its content lives in immutable versions.',
});

export const CreatedTemplate = Type.Object(
  { ...templateFields, ...Analysis },
  { description: 'The template and what its first version uses.' },
);

export const CreateTemplateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Kind,
    description: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
    content: Type.Optional(
      Type.String({ maxLength: 524_288, description: 'LiquidJS source (kind `html`).' }),
    ),
    file: Type.Optional(
      Type.String({
        description: 'The workbook (kind `xlsx`): a multipart file part; JSON cannot carry it.',
      }),
    ),
  },
  {
    additionalProperties: false,
    description:
      'An html template as JSON `{name, kind: "html", content}`; an xlsx template as multipart/form-data with the fields `name`, `kind`, `description` and the file part `file`.',
  },
);

export const CreateVersionBody = Type.Object(
  {
    content: Type.Optional(Type.String({ maxLength: 524_288 })),
    file: Type.Optional(Type.String({ description: 'Multipart file part (xlsx templates).' })),
    comment: Type.Optional(Type.String({ maxLength: 500 })),
    publish: Type.Optional(
      Type.Boolean({ default: false, description: 'Make it the published version at once.' }),
    ),
  },
  { additionalProperties: false },
);

export const CreatedVersion = Type.Object(
  {
    templateId: Type.String({ format: 'uuid' }),
    version: Type.Integer(),
    publishedVersion: Type.Integer(),
    ...Analysis,
  },
  { description: 'The new immutable version.' },
);

const versionFields = {
  templateId: Type.String({ format: 'uuid' }),
  version: Type.Integer(),
  published: Type.Boolean(),
  sha256: Type.String(),
  size: Type.Integer({ description: 'Bytes of the source or workbook.' }),
  ...Analysis,
  comment: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
};

export const TemplateVersionSummaryList = Page(
  Type.Object(versionFields),
  'Versions, newest first.',
);

export const TemplateVersion = Type.Object(
  {
    ...versionFields,
    kind: Kind,
    content: Type.Union([Type.String(), Type.Null()], {
      description: 'The LiquidJS source; null for xlsx (download it from `/file`).',
    }),
  },
  { description: 'One immutable version of a template.' },
);

export const UpdateTemplateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
    active: Type.Optional(Type.Boolean()),
    publishedVersion: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Publish this version.' }),
    ),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TemplateList = Page(Type.Ref('Template'), 'A page of templates, ordered by name.');

export const TemplateListQuery = Type.Object(
  {
    ...PageQuery,
    kind: Type.Optional(Kind),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const VersionListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const TemplateIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const VersionParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  n: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});

export const DataModel = Type.Object(
  {
    variables: Type.Array(
      Type.Object({
        path: Type.String({ description: 'e.g. `policy.number`, `premiums[].due_date`.' }),
        type: Type.String(),
        description: Type.String(),
      }),
    ),
    filters: Type.Array(
      Type.Object({ name: Type.String(), example: Type.String(), description: Type.String() }),
    ),
    sample: Type.Record(Type.String(), Type.Unknown(), {
      description: 'Sample data used by previews.',
    }),
  },
  { description: 'What templates can use.' },
);
