import { createHash } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { TemplateKind } from '../../db/schema/index.ts';
import { assertVersion, type ExpectedVersion } from '../../platform/concurrency.ts';
import {
  AppError,
  BusinessRuleError,
  ConflictError,
  FieldsValidationError,
  NotFoundError,
  type ProblemFieldError,
} from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import { unzippedSize } from '../../platform/tabular/unzipped-size.ts';
import type { ActorContext } from '../../platform/request-context.ts';
import { recordAudit } from '../audit/index.ts';
import {
  createTemplateEngine,
  parseWorkbookTemplate,
  sampleData,
  TemplateLimitError,
  TemplateSyntaxError,
  type TemplateEngine,
  type TemplateWarning,
} from './engine/index.ts';
import {
  TemplatePoolBusyError,
  TemplatePoolClosedError,
  type TemplateRenderPool,
} from './engine/render-pool.ts';
import { STARTER_TEMPLATES, type StarterTemplate } from './starters/index.ts';
import {
  deleteTemplate,
  findTemplate,
  findTemplateVersion,
  insertTemplate,
  insertTemplateVersion,
  listTemplateNamesAndCodes,
  lockStarterInstall,
  listTemplates,
  listTemplateVersions,
  templateHasDocuments,
  updateTemplate,
  type TemplateRow,
  type TemplateVersionRow,
} from './templates.repository.ts';

/**
 * Largest HTML template source, largest uploaded workbook, and largest workbook once decompressed:
 * ExcelJS inflates and parses a workbook whole, so a 5 MiB upload could otherwise hold gigabytes.
 */
export const TEMPLATE_LIMITS = {
  maxContentBytes: 512 * 1024,
  maxFileBytes: 5 * 1024 * 1024,
  maxUnzippedBytes: 20 * 1024 * 1024,
};

export function toTemplateView(row: TemplateRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    code: row.code,
    publishedVersion: row.publishedVersion,
    latestVersion: row.latestVersion,
    active: row.active,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type TemplateView = ReturnType<typeof toTemplateView>;

/** The body of a new version: HTML source or an uploaded workbook, as the template's kind says. */
export interface TemplateBody {
  content?: string | undefined;
  file?: Buffer | undefined;
}

export interface NewTemplate {
  name: string;
  description?: string | null | undefined;
  kind: TemplateKind;
  body: TemplateBody;
}

interface ParsedBody {
  content: string | null;
  file: Buffer | null;
  sha256: string;
  variables: string[];
  warnings: TemplateWarning[];
}

const NOT_FOUND = () => new NotFoundError("Ce modèle n'existe pas.");
const UNZIPPED_TOO_LARGE = `Le classeur dépasse ${TEMPLATE_LIMITS.maxUnzippedBytes / (1024 * 1024)} Mio une fois décompressé : retirez-en les feuilles et images inutiles.`;
/** 413 naming the field, so the editor can point at it. */
/** Seconds a client is told to wait when every template worker is taken. */
const BUSY_RETRY_AFTER_SECONDS = 5;

const tooLarge = (field: string, message: string) =>
  new AppError(413, 'template-too-large', message, {
    errors: [{ path: field, in: 'body', message }],
  });
const DUPLICATE_NAME = () =>
  new ConflictError('duplicate-name', 'Un modèle de ce cabinet porte déjà ce nom.');
const STALE = () =>
  new ConflictError('stale-version', 'Le modèle a été modifié entre-temps : rechargez-le.');

/** Templates and their immutable versions; one published version per template. */
export class TemplatesService {
  readonly engine: TemplateEngine;

  /**
   * `workers`: where a cabinet's template is checked, off the event loop and admitted per cabinet
   * (ADR 0009); without it (tests of the rules alone), on the calling thread.
   */
  constructor(
    private readonly db: Database,
    private readonly workers?: TemplateRenderPool,
  ) {
    this.engine = createTemplateEngine();
  }

  /** Realistic data for previews without a subject. */
  sampleData(): Record<string, unknown> {
    return sampleData();
  }

  /**
   * Parses a body for a template of `kind`: 400 with line and column (or cell) on a syntax error.
   * A cabinet's template (`cabinet` set) is checked in the worker pool; the starters, which are
   * ours, on the calling thread.
   */
  async parseBody(kind: TemplateKind, body: TemplateBody, cabinet?: string): Promise<ParsedBody> {
    const field = kind === 'html' ? '/content' : '/file';
    const missing = kind === 'html' ? body.content === undefined : body.file === undefined;
    const extra = kind === 'html' ? body.file !== undefined : body.content !== undefined;
    if (missing || extra) {
      throw new FieldsValidationError([
        missing
          ? {
              path: field,
              in: 'body',
              message:
                kind === 'html'
                  ? 'Le contenu HTML du modèle est requis.'
                  : 'Joignez le classeur XLSX dans le champ « file ».',
            }
          : {
              path: kind === 'html' ? '/file' : '/content',
              in: 'body',
              message:
                kind === 'html'
                  ? 'Un modèle HTML ne prend pas de classeur.'
                  : 'Un modèle XLSX prend un classeur, pas de contenu HTML.',
            },
      ]);
    }
    try {
      if (body.content !== undefined) {
        if (Buffer.byteLength(body.content) > TEMPLATE_LIMITS.maxContentBytes) {
          throw tooLarge(field, 'Le modèle dépasse 512 Kio.');
        }
        const parsed =
          this.workers && cabinet !== undefined
            ? await this.workers.analyse(cabinet, body.content)
            : this.engine.parse(body.content);
        return {
          content: body.content,
          file: null,
          sha256: createHash('sha256').update(body.content, 'utf8').digest('hex'),
          variables: parsed.variables,
          warnings: parsed.warnings,
        };
      }
      const file = body.file ?? Buffer.alloc(0);
      if (file.length > TEMPLATE_LIMITS.maxFileBytes) {
        throw tooLarge(field, 'Le classeur dépasse 5 Mio.');
      }
      // Measured here, before the engine opens it, by inflating no further than the limit (the
      // sizes a ZIP declares can lie); an unreadable archive is left to the engine's 400.
      const unzipped = unzippedSize(file, TEMPLATE_LIMITS.maxUnzippedBytes);
      if (unzipped !== undefined && unzipped > TEMPLATE_LIMITS.maxUnzippedBytes) {
        throw tooLarge(field, UNZIPPED_TOO_LARGE);
      }
      const parsed =
        this.workers && cabinet !== undefined
          ? await this.workers.analyseWorkbook(cabinet, file)
          : await parseWorkbookTemplate(file);
      return {
        content: null,
        file,
        sha256: createHash('sha256').update(file).digest('hex'),
        variables: parsed.variables,
        warnings: parsed.warnings,
      };
    } catch (error) {
      if (error instanceof TemplateSyntaxError) {
        const problem: ProblemFieldError = { path: field, in: 'body', message: error.message };
        if (error.line !== undefined) problem.line = error.line;
        if (error.column !== undefined) problem.column = error.column;
        if (error.cell !== undefined) problem.cell = error.cell;
        throw new FieldsValidationError([problem], 'Le modèle contient une erreur de syntaxe.');
      }
      if (error instanceof TemplateLimitError) {
        // The engine's own limits (size, time, memory while reading it), should a template get
        // past the checks above: too big to accept either way.
        throw tooLarge(field, error.message);
      }
      if (error instanceof TemplatePoolBusyError || error instanceof TemplatePoolClosedError) {
        throw new AppError(
          503,
          'template-workers-busy',
          'Trop de modèles sont en cours de traitement : réessayez dans quelques secondes.',
          { retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS },
          { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) },
        );
      }
      throw error;
    }
  }

  async list(
    organizationId: string,
    query: {
      limit: number;
      cursor?: string | undefined;
      kind?: TemplateKind | undefined;
      active?: boolean | undefined;
    },
  ) {
    const after = query.cursor
      ? decodeCursor<{ name: string; id: string }>(query.cursor, ['name', 'id'])
      : undefined;
    const rows = await listTemplates(this.db, organizationId, {
      limit: query.limit + 1,
      kind: query.kind,
      active: query.active,
      after,
    });
    return pageOf(rows, query.limit, toTemplateView, (last) => ({ name: last.name, id: last.id }));
  }

  async row(organizationId: string, id: string): Promise<TemplateRow> {
    const row = await findTemplate(this.db, organizationId, id);
    if (!row) throw NOT_FOUND();
    return row;
  }

  async get(organizationId: string, id: string): Promise<TemplateView> {
    return toTemplateView(await this.row(organizationId, id));
  }

  async create(context: ActorContext & { organizationId: string }, input: NewTemplate) {
    const parsed = await this.parseBody(input.kind, input.body, context.organizationId);
    try {
      const row = await this.db.transaction(async (tx) => {
        const template = await insertTemplate(tx, {
          organizationId: context.organizationId,
          name: input.name.trim(),
          description: input.description ?? null,
          kind: input.kind,
          code: null,
        });
        await this.insertVersion(tx, template, 1, parsed, null, context.actorId);
        await recordAudit(tx, context, {
          action: 'template.created',
          targetType: 'template',
          targetId: template.id,
          changes: { name: template.name, kind: template.kind, sha256: parsed.sha256 },
        });
        return template;
      });
      return { ...toTemplateView(row), variables: parsed.variables, warnings: parsed.warnings };
    } catch (error) {
      if (isUniqueViolation(error)) throw DUPLICATE_NAME();
      throw error;
    }
  }

  /** A new immutable version n+1; published at once only when asked. */
  async addVersion(
    context: ActorContext & { organizationId: string },
    id: string,
    input: { body: TemplateBody; comment?: string | undefined; publish?: boolean | undefined },
  ) {
    const current = await this.row(context.organizationId, id);
    const parsed = await this.parseBody(current.kind, input.body, context.organizationId);
    return this.db.transaction(async (tx) => {
      const template = await findTemplate(tx, context.organizationId, id, { forUpdate: true });
      if (!template) throw NOT_FOUND();
      const number = template.latestVersion + 1;
      await this.insertVersion(
        tx,
        template,
        number,
        parsed,
        input.comment ?? null,
        context.actorId,
      );
      const updated = await updateTemplate(tx, context.organizationId, id, template.version, {
        latestVersion: number,
        ...(input.publish ? { publishedVersion: number } : {}),
      });
      if (!updated) throw STALE();
      await recordAudit(tx, context, {
        action: 'template.version_created',
        targetType: 'template',
        targetId: id,
        changes: {
          version: number,
          sha256: parsed.sha256,
          published: input.publish === true,
          ...(input.comment ? { comment: input.comment } : {}),
        },
      });
      return {
        templateId: id,
        version: number,
        publishedVersion: updated.publishedVersion,
        variables: parsed.variables,
        warnings: parsed.warnings,
      };
    });
  }

  async listVersions(
    organizationId: string,
    id: string,
    query: { limit: number; cursor?: string | undefined },
  ) {
    const template = await this.row(organizationId, id);
    const before = query.cursor
      ? Number(decodeCursor<{ before: string }>(query.cursor, ['before']).before)
      : undefined;
    const rows = await listTemplateVersions(this.db, organizationId, id, {
      limit: query.limit + 1,
      before: Number.isInteger(before) ? before : undefined,
    });
    return pageOf(
      rows,
      query.limit,
      (v) => ({
        templateId: id,
        version: v.number,
        published: v.number === template.publishedVersion,
        sha256: v.sha256,
        size: v.size,
        variables: v.variables,
        warnings: v.warnings,
        comment: v.comment,
        createdBy: v.createdBy,
        createdAt: v.createdAt.toISOString(),
      }),
      (last) => ({ before: String(last.number) }),
    );
  }

  async versionRow(
    organizationId: string,
    id: string,
    number: number,
  ): Promise<{ template: TemplateRow; version: TemplateVersionRow }> {
    const template = await this.row(organizationId, id);
    const version = await findTemplateVersion(this.db, organizationId, id, number);
    if (!version) throw new NotFoundError("Cette version du modèle n'existe pas.");
    return { template, version };
  }

  async getVersion(organizationId: string, id: string, number: number) {
    const { template, version } = await this.versionRow(organizationId, id, number);
    return {
      templateId: id,
      kind: template.kind,
      version: version.number,
      published: version.number === template.publishedVersion,
      sha256: version.sha256,
      size:
        version.content !== null ? Buffer.byteLength(version.content) : (version.file?.length ?? 0),
      content: version.content,
      variables: version.variables,
      warnings: version.warnings,
      comment: version.comment,
      createdBy: version.createdBy,
      createdAt: version.createdAt.toISOString(),
    };
  }

  async update(
    context: ActorContext & { organizationId: string },
    id: string,
    values: {
      name?: string | undefined;
      description?: string | null | undefined;
      active?: boolean | undefined;
      publishedVersion?: number | undefined;
    },
    expected: ExpectedVersion,
  ): Promise<TemplateView> {
    const current = await this.row(context.organizationId, id);
    assertVersion(current.version, expected);
    if (values.publishedVersion !== undefined && values.publishedVersion > current.latestVersion) {
      throw new FieldsValidationError([
        {
          path: '/publishedVersion',
          in: 'body',
          message: `Ce modèle n'a que ${current.latestVersion} version(s).`,
        },
      ]);
    }
    try {
      const row = await this.db.transaction(async (tx) => {
        const updated = await updateTemplate(tx, context.organizationId, id, current.version, {
          ...(values.name !== undefined ? { name: values.name.trim() } : {}),
          ...(values.description !== undefined ? { description: values.description } : {}),
          ...(values.active !== undefined ? { active: values.active } : {}),
          ...(values.publishedVersion !== undefined
            ? { publishedVersion: values.publishedVersion }
            : {}),
        });
        if (!updated) throw STALE();
        const changes: Record<string, unknown> = {};
        for (const field of ['name', 'description', 'active', 'publishedVersion'] as const) {
          if (current[field] !== updated[field]) {
            changes[field] = { before: current[field], after: updated[field] };
          }
        }
        if (Object.keys(changes).length > 0) {
          await recordAudit(tx, context, {
            action:
              values.publishedVersion !== undefined &&
              current.publishedVersion !== updated.publishedVersion
                ? 'template.published'
                : 'template.updated',
            targetType: 'template',
            targetId: id,
            changes,
          });
        }
        return updated;
      });
      return toTemplateView(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw DUPLICATE_NAME();
      throw error;
    }
  }

  /** Deletes an unused template; one that documents were made from is deactivated instead. */
  async remove(
    context: ActorContext & { organizationId: string },
    id: string,
  ): Promise<{ deleted: true } | { deleted: false; template: TemplateView }> {
    return this.db.transaction(async (tx) => {
      const template = await findTemplate(tx, context.organizationId, id, { forUpdate: true });
      if (!template) throw NOT_FOUND();
      if (await templateHasDocuments(tx, id)) {
        const updated = template.active
          ? await updateTemplate(tx, context.organizationId, id, template.version, {
              active: false,
            })
          : template;
        if (!updated) throw STALE();
        if (template.active) {
          await recordAudit(tx, context, {
            action: 'template.deactivated',
            targetType: 'template',
            targetId: id,
            changes: { name: template.name, reason: 'used-by-documents' },
          });
        }
        return { deleted: false as const, template: toTemplateView(updated) };
      }
      await deleteTemplate(tx, context.organizationId, id);
      await recordAudit(tx, context, {
        action: 'template.deleted',
        targetType: 'template',
        targetId: id,
        changes: { name: template.name, versions: template.latestVersion },
      });
      return { deleted: true as const };
    });
  }

  /**
   * The version documents are made from: the one asked for, else the published one. A
   * deactivated template makes no new documents (422).
   */
  async resolve(
    organizationId: string,
    id: string,
    number?: number,
  ): Promise<{ template: TemplateRow; version: TemplateVersionRow }> {
    const template = await this.row(organizationId, id);
    if (!template.active) {
      throw new BusinessRuleError(
        'template-inactive',
        'Ce modèle est désactivé : réactivez-le ou choisissez-en un autre.',
      );
    }
    return this.versionRow(organizationId, id, number ?? template.publishedVersion);
  }

  /**
   * Gives a cabinet the starter templates it lacks (new cabinets in their creation transaction,
   * older ones at start-up). A starter whose name a template of the cabinet already uses is
   * skipped rather than renamed.
   */
  async installStarters(tx: Database, organizationId: string): Promise<number> {
    await lockStarterInstall(tx, organizationId);
    const existing = await listTemplateNamesAndCodes(tx, organizationId);
    let installed = 0;
    for (const starter of STARTER_TEMPLATES) {
      if (existing.codes.has(starter.code) || existing.names.has(starter.name)) continue;
      const parsed = await this.parseStarter(starter);
      const template = await insertTemplate(tx, {
        organizationId,
        name: starter.name,
        description: starter.description,
        kind: starter.kind,
        code: starter.code,
      });
      await this.insertVersion(tx, template, 1, parsed, null, null);
      installed += 1;
    }
    return installed;
  }

  private readonly starterCache = new Map<string, Promise<ParsedBody>>();

  private parseStarter(starter: StarterTemplate): Promise<ParsedBody> {
    let parsed = this.starterCache.get(starter.code);
    if (!parsed) {
      parsed = (async () => {
        const body: TemplateBody = starter.file
          ? { file: await starter.file() }
          : { content: starter.content ?? '' };
        return this.parseBody(starter.kind, body);
      })();
      this.starterCache.set(starter.code, parsed);
    }
    return parsed;
  }

  private async insertVersion(
    tx: Database,
    template: TemplateRow,
    number: number,
    parsed: ParsedBody,
    comment: string | null,
    createdBy: string | null,
  ) {
    return insertTemplateVersion(tx, template, number, {
      content: parsed.content,
      file: parsed.file,
      sha256: parsed.sha256,
      variables: parsed.variables,
      warnings: parsed.warnings,
      comment,
      createdBy,
    });
  }
}
