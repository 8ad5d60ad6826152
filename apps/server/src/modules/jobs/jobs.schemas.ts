import { Type } from 'typebox';
import { JOB_STATUSES } from '../../db/schema/index.ts';
import { Page, PageQuery } from '../../platform/pagination.ts';

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });
const NullableInstant = Type.Union([Instant, Type.Null()]);
const Status = Type.Enum([...JOB_STATUSES], {
  description: 'queued → running → succeeded | failed | cancelled (a failed job can be retried).',
});

export const JobProblem = Type.Object(
  {
    title: Type.String({ description: 'What went wrong, in French.' }),
    detail: Type.Optional(Type.String()),
    type: Type.Optional(
      Type.String({ description: 'The problem slug, e.g. `template-render-failed`.' }),
    ),
  },
  { description: 'Why the job failed (the last error while it is retried).' },
);

export const Job = Type.Object(
  {
    id: Uuid,
    type: Type.String({ description: 'What the job does, e.g. `document-batch`.' }),
    status: Status,
    progress: Type.Object({
      done: Type.Integer({ minimum: 0 }),
      total: Type.Integer({ minimum: 0, description: '0 while unknown.' }),
    }),
    result: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
      description:
        'What it made, once succeeded; a `document-batch`: `{ batchId, format, documents, failed, combinedPdf, archive }`.',
    }),
    error: Type.Union([JobProblem, Type.Null()]),
    attempts: Type.Integer({ minimum: 0, description: 'Deliveries that started it.' }),
    createdBy: Type.Union([Uuid, Type.Null()]),
    cancelRequested: Type.Boolean({ description: 'A cancel is asked; it stops at its next step.' }),
    createdAt: Instant,
    startedAt: NullableInstant,
    finishedAt: NullableInstant,
  },
  { $id: 'Job', description: 'Background work (a batch of documents, a report…).' },
);

export const JobList = Page(Type.Ref('Job'), 'Jobs, newest first.');

export const JobListQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(Status),
    type: Type.Optional(Type.String({ maxLength: 64, pattern: '^[a-z][a-z0-9-]*$' })),
  },
  { additionalProperties: false },
);

export const JobIdParams = Type.Object({ id: Uuid });
