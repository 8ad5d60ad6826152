import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { FieldValidationError, problemResponses } from '../../platform/errors.ts';
import { authOf, BEARER } from '../../platform/request-context.ts';
import { exportLines } from './audit.export.ts';
import type { AuditEventRow } from './audit.repository.ts';
import type { AuditService } from './audit.service.ts';

const filters = {
  action: Type.Optional(
    Type.String({ maxLength: 100, description: 'Exact action, e.g. auth.login.' }),
  ),
  actorId: Type.Optional(Type.String({ format: 'uuid' })),
  targetType: Type.Optional(Type.String({ maxLength: 50 })),
  targetId: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive.' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive.' })),
  q: Type.Optional(
    Type.String({ maxLength: 100, description: 'Part of the action, target id or IP.' }),
  ),
};

const AuditEvent = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    seq: Type.Integer(),
    action: Type.String(),
    actorId: Type.Union([Type.String(), Type.Null()]),
    actorIp: Type.Union([Type.String(), Type.Null()]),
    userAgent: Type.Union([Type.String(), Type.Null()]),
    targetType: Type.Union([Type.String(), Type.Null()]),
    targetId: Type.Union([Type.String(), Type.Null()]),
    changes: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    requestId: Type.Union([Type.String(), Type.Null()]),
    traceId: Type.Union([Type.String(), Type.Null()]),
    occurredAt: Type.String({ format: 'date-time' }),
    hash: Type.Union([Type.String(), Type.Null()]),
  },
  { description: 'Who did what, when, from where.' },
);

const toView = (e: AuditEventRow) => ({
  id: e.id,
  seq: e.seq,
  action: e.action,
  actorId: e.actorId,
  actorIp: e.actorIp,
  userAgent: e.userAgent,
  targetType: e.targetType,
  targetId: e.targetId,
  changes: e.changes,
  requestId: e.requestId,
  traceId: e.traceId,
  occurredAt: e.occurredAt.toISOString(),
  hash: e.hash,
});

function cursorSeq(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const seq = Number(Buffer.from(cursor, 'base64url').toString());
  if (!Number.isSafeInteger(seq) || seq < 1)
    throw new FieldValidationError('/cursor', 'Curseur de pagination invalide.', 'query');
  return seq;
}

export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditService }> = async (
  app,
  { audit },
) => {
  const auditors = [app.authenticate, app.requireRole('admin', 'manager')];
  const filterOf = (request: { query: Record<string, unknown> }, organizationId: string) => {
    const q = request.query as {
      action?: string;
      actorId?: string;
      targetType?: string;
      targetId?: string;
      from?: string;
      to?: string;
      q?: string;
    };
    return {
      organizationId,
      action: q.action,
      actorId: q.actorId,
      targetType: q.targetType,
      targetId: q.targetId,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      q: q.q,
    };
  };

  app.get(
    '/api/v1/audit-events',
    {
      onRequest: auditors,
      schema: {
        operationId: 'listAuditEvents',
        summary: 'The cabinet’s audit log, newest first, with filters.',
        tags: ['audit'],
        security: BEARER,
        querystring: Type.Object(
          {
            ...filters,
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            cursor: Type.Optional(Type.String({ maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            { items: Type.Array(AuditEvent), nextCursor: Type.Union([Type.String(), Type.Null()]) },
            { description: 'A page of events.' },
          ),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const rows = await audit.list(filterOf(request, authOf(request).org), {
        limit: limit + 1,
        beforeSeq: cursorSeq(request.query.cursor),
      });
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items: items.map(toView),
        nextCursor:
          rows.length > limit && last ? Buffer.from(String(last.seq)).toString('base64url') : null,
      };
    },
  );

  app.get(
    '/api/v1/audit-events/export',
    {
      onRequest: auditors,
      schema: {
        operationId: 'exportAuditEvents',
        summary: 'Export the audit log (CSV or SIEM-friendly JSON lines), streamed.',
        description:
          'CSV cells starting with = + - @ are prefixed with a quote so spreadsheets never run them.',
        tags: ['audit'],
        security: BEARER,
        produces: ['text/csv', 'application/x-ndjson'],
        querystring: Type.Object(
          {
            ...filters,
            format: Type.Optional(Type.Enum(['csv', 'jsonl'], { default: 'csv' })),
            delimiter: Type.Optional(
              Type.Enum([';', ','], { default: ';', description: '; for French Excel.' }),
            ),
            bom: Type.Optional(
              Type.Boolean({ default: false, description: 'UTF-8 BOM, so Excel reads accents.' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: { description: 'The export, streamed.', type: 'string' },
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'csv';
      const lines = exportLines(audit.stream(filterOf(request, authOf(request).org)), format, {
        delimiter: request.query.delimiter,
        bom: request.query.bom,
      });
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="journal-audit-${stamp}.${format}"`)
        .send(Readable.from(lines) as unknown as string);
    },
  );

  app.get(
    '/api/v1/audit-events/verify',
    {
      onRequest: auditors,
      schema: {
        operationId: 'verifyAuditEvents',
        summary: 'Check the cabinet’s audit chain: any modified or deleted event is found.',
        tags: ['audit'],
        security: BEARER,
        response: {
          200: Type.Object(
            {
              valid: Type.Boolean(),
              checked: Type.Integer({ description: 'Events checked.' }),
              firstInvalidId: Type.Optional(Type.String()),
              problem: Type.Optional(Type.String()),
            },
            { description: 'The verdict.' },
          ),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => audit.verify(authOf(request).org),
  );
};
