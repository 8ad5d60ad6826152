import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import type { DocumentFormat, UserRole } from '../../db/schema/index.ts';
import { decrypt, encrypt, randomToken, sha256Hex } from '../../platform/crypto/index.ts';
import {
  AppError,
  FieldsValidationError,
  ForbiddenError,
  NotFoundError,
} from '../../platform/errors.ts';
import type { Metrics } from '../../platform/observability/metrics.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import type { ActorContext, PortfolioScope } from '../../platform/request-context.ts';
import type { EncryptedObjectStore, StorageKeyRing } from '../../platform/storage/index.ts';
import { canonicalJson, recordAudit } from '../audit/index.ts';
import { FREE_INPUT_ROOT, freeInputsOf, type TemplatesService } from '../templates/index.ts';
import { CONTENT_TYPES, type DocumentComposer } from './compose.ts';
import {
  consumeLink,
  deleteExpiredLinks,
  findDocument,
  findDocumentById,
  findLinkByTokenHash,
  insertDocuments,
  insertLink,
  listDocuments,
  type DocumentFilters,
  type DocumentRow,
  type NewDocument,
} from './documents.repository.ts';
import { parisToday, type DocumentSubject, type RenderDataBuilder } from './render-data.ts';

/** Largest caller-supplied `data` (JSON bytes). */
export const MAX_DATA_BYTES = 256 * 1024;

/** Who may give a document's free inputs: the roles that write its templates. */
const FREE_INPUT_ROLES: ReadonlySet<UserRole> = new Set<UserRole>(['admin', 'manager']);

/** A JSON pointer segment (RFC 6901). */
const pointerSegment = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** Link tokens: 32 random bytes in base64url; anything else is not a token of ours. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function viewOfDocument(row: DocumentRow) {
  return {
    id: row.id,
    format: row.format,
    contentType: CONTENT_TYPES[row.format],
    fileName: row.fileName,
    sha256: row.sha256,
    size: row.size,
    templateId: row.templateId,
    templateVersion: row.templateVersion,
    dataHash: row.dataHash,
    policyId: row.policyId,
    clientId: row.clientId,
    premiumId: row.premiumId,
    createdBy: row.createdBy,
    batchId: row.batchId,
    createdAt: row.createdAt.toISOString(),
  };
}
export type DocumentView = ReturnType<typeof viewOfDocument>;

/** Object keys are derived from ids, never from names a user typed. */
export function storageKeyFor(organizationId: string, documentId: string): string {
  const cabinet = createHash('sha256').update(organizationId).digest('hex').slice(0, 16);
  const object = createHash('sha256').update(`${organizationId}:${documentId}`).digest('hex');
  return `documents/${cabinet}/${object}`;
}

/** A file name safe in any Content-Disposition: ASCII letters, digits, dot, dash, underscore. */
export function safeFileName(base: string, extension: string): string {
  const ascii = base
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 100);
  return `${ascii || 'document'}.${extension}`;
}

const GONE = () => new AppError(410, 'link-gone', 'Ce lien a expiré ou a déjà été utilisé.');
const NO_LINK = () => new NotFoundError("Ce lien de téléchargement n'existe pas.");
const NOT_FOUND = () => new NotFoundError("Ce document n'existe pas.");

export interface GenerateInput extends DocumentSubject {
  templateId: string;
  version?: number | undefined;
  format: DocumentFormat;
  data?: Record<string, unknown> | undefined;
}

/** A rendered document about to be stored. */
export interface MadeDocument {
  template: { id: string; code: string | null; name: string };
  templateVersion: number;
  format: DocumentFormat;
  data: Record<string, unknown>;
  policyId: string | null;
  clientId: string | null;
  premiumId: string | null;
  bytes: Buffer;
  /** Names of the free inputs given (audited, not their values). */
  dataKeys?: string[] | undefined;
  batchId?: string | undefined;
}

export interface PreparedDocument {
  values: NewDocument;
  dataKeys: string[];
}

export interface DocumentsDependencies {
  db: Database;
  templates: TemplatesService;
  composer: DocumentComposer;
  renderData: RenderDataBuilder;
  store: EncryptedObjectStore;
  keys: StorageKeyRing;
  publicUrl: string | undefined;
  metrics?: Metrics | undefined;
}

/** Generated documents, their encrypted storage and their download links. */
export class DocumentsService {
  private readonly db: Database;

  constructor(private readonly deps: DocumentsDependencies) {
    this.db = deps.db;
  }

  /** The composer documents are made with (batch reports and benchmarks use it directly). */
  get composer(): DocumentComposer {
    return this.deps.composer;
  }

  /** The data a document of this subject renders (previews, benchmarks). */
  async dataOf(scope: PortfolioScope, subject: DocumentSubject): Promise<Record<string, unknown>> {
    return (await this.deps.renderData.build(scope, subject, parisToday())).data;
  }

  /**
   * The caller's `data`, checked: free inputs the template version declares (`saisie.<name>`),
   * given by an admin or a manager. They are rendered under `saisie` and nowhere else, so that no
   * caller can replace what the document says of its subject (who is insured, until when, by
   * which cabinet): the data built from the database is the only source of those facts.
   */
  private freeInputs(
    scope: PortfolioScope,
    supplied: Record<string, unknown> | undefined,
    declared: readonly string[],
  ): Record<string, unknown> {
    const keys = Object.keys(supplied ?? {});
    if (supplied === undefined || keys.length === 0) return {};
    if (!FREE_INPUT_ROLES.has(scope.role)) {
      throw new ForbiddenError(
        'Seuls les gestionnaires et les administrateurs complètent un document de saisies libres (data).',
      );
    }
    if (Buffer.byteLength(JSON.stringify(supplied)) > MAX_DATA_BYTES) {
      throw new FieldsValidationError([
        { path: '/data', in: 'body', message: 'Les données dépassent 256 Kio.' },
      ]);
    }
    const allowed = new Set(declared);
    const refused = keys.filter((key) => !allowed.has(key));
    if (refused.length > 0) {
      const accepted =
        allowed.size > 0
          ? `les saisies libres de ce modèle sont : ${[...allowed].join(', ')}.`
          : 'ce modèle ne déclare aucune saisie libre.';
      throw new FieldsValidationError(
        refused.map((key) => ({
          path: `/data/${pointerSegment(key)}`,
          in: 'body' as const,
          message: `« ${key} » n'est pas une saisie libre du modèle (un modèle la déclare en lisant {{ ${FREE_INPUT_ROOT}.${key} }}) ; ${accepted}`,
        })),
        'Les données ne peuvent que compléter les saisies libres du modèle, pas remplacer celles du client, du contrat ou du cabinet.',
      );
    }
    return Object.fromEntries(keys.map((key) => [key, supplied[key]]));
  }

  async generate(
    scope: PortfolioScope,
    context: ActorContext,
    input: GenerateInput,
  ): Promise<DocumentView> {
    const { template, version } = await this.deps.templates.resolve(
      scope.organizationId,
      input.templateId,
      input.version,
    );
    const inputs = this.freeInputs(scope, input.data, freeInputsOf(version.variables));
    const built = await this.deps.renderData.build(scope, input, parisToday());
    const { policyId, clientId } = built;
    const data: Record<string, unknown> = { ...built.data, [FREE_INPUT_ROOT]: inputs };
    const bytes = await this.deps.composer.compose({
      kind: template.kind,
      content: version.content,
      file: version.file,
      format: input.format,
      data,
      organizationId: scope.organizationId,
    });
    const prepared = await this.prepareRecord(scope, {
      template,
      templateVersion: version.number,
      format: input.format,
      data,
      policyId,
      clientId,
      premiumId: input.premiumId ?? null,
      bytes,
      dataKeys: Object.keys(inputs),
    });
    const row = await this.db.transaction(async (tx) => {
      const [created] = await this.recordMany(tx, context, [prepared]);
      if (!created) throw new Error('document insert returned no row');
      return created;
    });
    this.deps.metrics?.documentsGenerated.inc({ format: input.format });
    return viewOfDocument(row);
  }

  /**
   * Stores rendered bytes (encrypted) and prepares their row: the object first, so that a row
   * never points at nothing (a failed insert leaves an orphan object, which `purge-orphans`
   * removes). Sealed before any transaction: the key ring reads through its own connection.
   */
  async prepareRecord(scope: PortfolioScope, made: MadeDocument): Promise<PreparedDocument> {
    const id = randomUUID();
    const storageKey = storageKeyFor(scope.organizationId, id);
    const snapshot = canonicalJson(made.data);
    const policyNumber = (made.data.policy as { number?: unknown } | null)?.number;
    const fileName = safeFileName(
      [
        made.template.code ?? made.template.name,
        typeof policyNumber === 'string' ? policyNumber : undefined,
      ]
        .filter(Boolean)
        .join('-'),
      made.format,
    );
    await this.deps.store.put(scope.organizationId, storageKey, made.bytes);
    const dataSealed = await this.sealData(scope.organizationId, id, snapshot);
    return {
      values: {
        id,
        organizationId: scope.organizationId,
        templateId: made.template.id,
        templateVersion: made.templateVersion,
        format: made.format,
        policyId: made.policyId,
        clientId: made.clientId,
        premiumId: made.premiumId,
        fileName,
        storageKey,
        sha256: createHash('sha256').update(made.bytes).digest('hex'),
        size: made.bytes.length,
        dataHash: createHash('sha256').update(snapshot).digest('hex'),
        dataSealed,
        createdBy: scope.userId,
        batchId: made.batchId ?? null,
      },
      dataKeys: made.dataKeys ?? [],
    };
  }

  /**
   * Inserts prepared documents with their `document.generated` audit entries, in the caller's
   * transaction. A batch's document for a policy that already has one is skipped (a resumed batch)
   * and its object deleted: only the rows inserted are returned.
   */
  async recordMany(
    tx: Database,
    context: ActorContext,
    prepared: PreparedDocument[],
  ): Promise<DocumentRow[]> {
    if (prepared.length === 0) return [];
    const rows = await insertDocuments(
      tx,
      prepared.map((p) => p.values),
    );
    const inserted = new Set(rows.map((row) => row.id));
    const skipped = prepared.filter((p) => !inserted.has(p.values.id as string));
    for (const { values } of skipped) {
      await this.deps.store.delete(values.organizationId, values.storageKey).catch(() => undefined);
    }
    const keysOf = new Map(prepared.map((p) => [p.values.id, p.dataKeys]));
    for (const created of rows) {
      const dataKeys = keysOf.get(created.id) ?? [];
      await recordAudit(tx, context, {
        action: 'document.generated',
        targetType: 'document',
        targetId: created.id,
        changes: {
          templateId: created.templateId,
          templateVersion: created.templateVersion,
          format: created.format,
          sha256: created.sha256,
          ...(created.policyId ? { policyId: created.policyId } : {}),
          ...(created.clientId ? { clientId: created.clientId } : {}),
          ...(created.batchId ? { batchId: created.batchId } : {}),
          // Names only: the values are in the sealed data snapshot, not in the audit log.
          ...(dataKeys.length > 0 ? { dataKeys: [...dataKeys].sort() } : {}),
        },
      });
      this.deps.metrics?.documentsGenerated.inc({ format: created.format });
    }
    return rows;
  }

  /** The data a document of this subject renders, with its policy and client ids. */
  buildData(scope: PortfolioScope, subject: DocumentSubject, today = parisToday()) {
    return this.deps.renderData.build(scope, subject, today);
  }

  /**
   * Retention (a nightly schedule): download links expired for `days` days are deleted — their
   * use is in the audit log, the row only served to refuse them with a 410.
   */
  purgeExpiredLinks(days = 30, now = new Date()): Promise<number> {
    return deleteExpiredLinks(this.db, new Date(now.getTime() - days * 86_400_000));
  }

  /** The bytes of a stored object of the cabinet (documents, batch files). */
  readObject(organizationId: string, storageKey: string): Promise<Buffer> {
    return this.deps.store.get(organizationId, storageKey);
  }

  async writeObject(organizationId: string, storageKey: string, bytes: Buffer): Promise<void> {
    await this.deps.store.put(organizationId, storageKey, bytes);
  }

  /** Renders a template (saved version or unsaved draft) without storing anything. */
  async preview(
    scope: PortfolioScope,
    input: DocumentSubject & {
      templateId: string;
      version?: number | undefined;
      content?: string | undefined;
      format: DocumentFormat;
      data?: Record<string, unknown> | undefined;
      sample?: boolean | undefined;
    },
  ): Promise<Buffer> {
    const template = await this.deps.templates.row(scope.organizationId, input.templateId);
    let content: string | null = null;
    let file: Buffer | null = null;
    let variables: readonly string[];
    if (input.content !== undefined) {
      if (template.kind !== 'html') {
        throw new FieldsValidationError([
          {
            path: '/content',
            in: 'body',
            message: 'Seul un modèle HTML se prévisualise avec un brouillon.',
          },
        ]);
      }
      const draft = await this.deps.templates.parseBody(
        'html',
        { content: input.content },
        scope.organizationId,
      );
      content = draft.content;
      variables = draft.variables;
    } else {
      const { version } = await this.deps.templates.versionRow(
        scope.organizationId,
        template.id,
        input.version ?? template.publishedVersion,
      );
      content = version.content;
      file = version.file;
      variables = version.variables;
    }
    // The same rule as documents: a preview of a real subject must not print forged facts either.
    const inputs = this.freeInputs(scope, input.data, freeInputsOf(variables));
    const hasSubject = Boolean(input.policyId ?? input.clientId ?? input.premiumId);
    const base = input.sample || !hasSubject ? this.sample() : await this.dataOf(scope, input);
    const data: Record<string, unknown> = { ...base, [FREE_INPUT_ROOT]: inputs };
    return this.deps.composer.compose({
      kind: template.kind,
      content,
      file,
      format: input.format,
      data,
      organizationId: scope.organizationId,
    });
  }

  sample(): Record<string, unknown> {
    return this.deps.templates.sampleData();
  }

  async list(
    scope: PortfolioScope,
    filters: DocumentFilters,
    query: { limit: number; cursor?: string | undefined },
  ) {
    const after = query.cursor
      ? decodeCursor<{ createdAt: string; id: string }>(query.cursor, ['createdAt', 'id'])
      : undefined;
    const rows = await listDocuments(this.db, scope, filters, {
      limit: query.limit + 1,
      after: after ? { createdAt: new Date(after.createdAt), id: after.id } : undefined,
    });
    return pageOf(rows, query.limit, viewOfDocument, (last) => ({
      createdAt: last.createdAt.toISOString(),
      id: last.id,
    }));
  }

  async row(scope: PortfolioScope, id: string): Promise<DocumentRow> {
    const row = await findDocument(this.db, scope, id);
    if (!row) throw NOT_FOUND();
    return row;
  }

  async get(scope: PortfolioScope, id: string): Promise<DocumentView> {
    return viewOfDocument(await this.row(scope, id));
  }

  /** The bytes of a document for a signed-in user; audited like a link download. */
  async content(scope: PortfolioScope, context: ActorContext, id: string) {
    const row = await this.row(scope, id);
    const bytes = await this.deps.store.get(row.organizationId, row.storageKey);
    await this.db.transaction((tx) =>
      recordAudit(tx, context, {
        action: 'document.downloaded',
        targetType: 'document',
        targetId: row.id,
        changes: { via: 'api' },
      }),
    );
    return { row, bytes };
  }

  /** Renders a document again from its template version and data snapshot (integrity checks). */
  async rerender(scope: PortfolioScope, id: string): Promise<Buffer> {
    const row = await this.row(scope, id);
    const { version, template } = await this.deps.templates.versionRow(
      scope.organizationId,
      row.templateId,
      row.templateVersion,
    );
    const data = JSON.parse(await this.openData(row)) as Record<string, unknown>;
    return this.deps.composer.compose({
      kind: template.kind,
      content: version.content,
      file: version.file,
      format: row.format,
      data,
      organizationId: scope.organizationId,
    });
  }

  async createLink(
    scope: PortfolioScope,
    context: ActorContext,
    id: string,
    options: { ttlSeconds: number; singleUse: boolean },
  ) {
    const row = await this.row(scope, id);
    const token = randomToken(32);
    const expiresAt = new Date(Date.now() + options.ttlSeconds * 1000);
    const link = await this.db.transaction(async (tx) => {
      const created = await insertLink(tx, {
        organizationId: row.organizationId,
        documentId: row.id,
        tokenHash: sha256Hex(token),
        expiresAt,
        singleUse: options.singleUse,
        createdBy: scope.userId,
      });
      await recordAudit(tx, context, {
        action: 'document.link_created',
        targetType: 'document',
        targetId: row.id,
        changes: {
          linkId: created.id,
          expiresAt: expiresAt.toISOString(),
          singleUse: options.singleUse,
        },
      });
      return created;
    });
    return {
      id: link.id,
      url: `${this.deps.publicUrl ?? ''}/d/${token}`,
      expiresAt: link.expiresAt.toISOString(),
      singleUse: link.singleUse,
    };
  }

  /**
   * A public download. The document is read and decrypted before the link is consumed, so a
   * storage failure never burns a single-use link; then one atomic UPDATE decides who wins.
   * `consume: false` (HEAD) only checks.
   */
  async download(
    token: string,
    context: Omit<ActorContext, 'organizationId' | 'actorId'>,
    consume: boolean,
  ): Promise<{ row: DocumentRow; bytes: Buffer | null }> {
    if (!TOKEN.test(token)) throw NO_LINK();
    const link = await findLinkByTokenHash(this.db, sha256Hex(token));
    if (!link) throw NO_LINK();
    if (link.expiresAt.getTime() <= Date.now() || (link.singleUse && link.consumedAt)) throw GONE();
    const row = await findDocumentById(this.db, link.documentId);
    if (!row) throw NO_LINK();
    if (!consume) return { row, bytes: null };
    const bytes = await this.deps.store.get(row.organizationId, row.storageKey);
    await this.db.transaction(async (tx) => {
      const won = await consumeLink(tx, link.id);
      if (!won) throw GONE();
      await recordAudit(
        tx,
        { ...context, organizationId: row.organizationId, actorId: null },
        {
          action: 'document.downloaded',
          targetType: 'document',
          targetId: row.id,
          changes: { via: 'link', linkId: link.id, ip: context.ip },
        },
      );
    });
    return { row, bytes };
  }

  private async sealData(
    organizationId: string,
    documentId: string,
    json: string,
  ): Promise<string> {
    const { version, key } = await this.deps.keys.activeKey(organizationId);
    return `${version}:${encrypt(key, json, `document-data:${documentId}`)}`;
  }

  async openData(row: DocumentRow): Promise<string> {
    const separator = row.dataSealed.indexOf(':');
    const version = Number(row.dataSealed.slice(0, separator));
    const key = await this.deps.keys.key(row.organizationId, version);
    return decrypt(key, row.dataSealed.slice(separator + 1), `document-data:${row.id}`).toString(
      'utf8',
    );
  }
}
