import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { ZipFile } from 'yazl';
import type { Database } from '../../db/client.ts';
import {
  documentBatches,
  documents,
  jobs,
  type BatchFailure,
  type BatchSelection,
  type DocumentFormat,
} from '../../db/schema/index.ts';
import {
  AppError,
  BusinessRuleError,
  ConflictError,
  FieldsValidationError,
  NotFoundError,
} from '../../platform/errors.ts';
import {
  JobInterrupted,
  type JobContext,
  type JobDefinition,
  type Jobs,
} from '../../platform/jobs/index.ts';
import type { ActorContext, PortfolioScope } from '../../platform/request-context.ts';
import { recordAudit } from '../audit/index.ts';
import type { PoliciesService } from '../policies/index.ts';
import { FREE_INPUT_ROOT, type TemplatesService } from '../templates/index.ts';
import { CONTENT_TYPES, FORMATS_OF, type DocumentComposer } from './compose.ts';
import { MAX_BATCH_POLICIES } from './documents.schemas.ts';
import {
  safeFileName,
  storageKeyFor,
  type DocumentsService,
  type PreparedDocument,
} from './documents.service.ts';
import { parisToday } from './render-data.ts';

export const DOCUMENT_BATCH_JOB = 'document-batch';

/**
 * Documents rendered, printed and stored together (one combined Chromium print), between which a
 * batch reports progress and hears a cancel: about a twentieth of the batch, 10 to 50.
 */
const chunkSize = (total: number) => Math.min(50, Math.max(10, Math.ceil(total / 20)));
/**
 * Documents one delivery makes before the job goes back in line: a cabinet's 10,000 avis do not
 * hold the worker while another cabinet's batch of 20 waits.
 */
const SLICE = 250;
/** The longest renewal window a batch takes, in days. */
const MAX_WINDOW_DAYS = 366;

type BatchRow = typeof documentBatches.$inferSelect;
type TemplateSource = Awaited<ReturnType<TemplatesService['versionRow']>>;

/** A chunk printed and not yet stored. */
interface RenderedChunk {
  size: number;
  items: { policyId: string; clientId: string | null; data: Record<string, unknown> }[];
  /** Index for index with `items`; undefined where the item failed. */
  bytes: (Buffer | undefined)[];
  failures: BatchFailure[];
}

export interface CreateBatchInput {
  templateId: string;
  version?: number | undefined;
  format: DocumentFormat;
  policyIds?: string[] | undefined;
  renewals?: { from: string; to: string } | undefined;
}

/** What the job carries: the batch, and who asked (documents and audit name them). */
interface BatchPayload {
  batchId: string;
  scope: PortfolioScope;
  context: ActorContext;
}

export interface DocumentBatchesDependencies {
  db: Database;
  documents: DocumentsService;
  templates: TemplatesService;
  composer: DocumentComposer;
  policies: PoliciesService;
  jobs: Jobs;
}

const NOT_FOUND = () => new NotFoundError("Ce lot de documents n'existe pas.");

const days = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/** What users read of an item that failed. */
function detailOf(error: unknown): string {
  if (error instanceof AppError) return error.message;
  return 'Erreur inattendue lors de la génération de ce document.';
}

/**
 * Document batches (ADR 0015): one template rendered for many policies as a job. The item list is
 * frozen at creation; each document carries the batch id, one per policy (a unique index), so a
 * batch delivered twice or resumed after a crash ends with exactly one document per item.
 */
export class DocumentBatches {
  private readonly db: Database;

  constructor(private readonly deps: DocumentBatchesDependencies) {
    this.db = deps.db;
  }

  /** The job type that makes batches. */
  definition(): JobDefinition {
    return {
      type: DOCUMENT_BATCH_JOB,
      // A slice of 250 documents takes seconds; a delivery running 10 minutes is hung.
      expireInSeconds: 600,
      retryLimit: 3,
      run: (context) => this.run(context),
    };
  }

  /** Checks the request, freezes the item list and queues the job, in one transaction. */
  async create(
    scope: PortfolioScope,
    context: ActorContext,
    input: CreateBatchInput,
    idempotencyKey?: string,
  ): Promise<{ id: string; jobId: string; total: number }> {
    const { template, version } = await this.deps.templates.resolve(
      scope.organizationId,
      input.templateId,
      input.version,
    );
    if (!FORMATS_OF[template.kind].includes(input.format)) {
      throw new FieldsValidationError([
        {
          path: '/format',
          in: 'body',
          message: `Un modèle ${template.kind.toUpperCase()} produit ${FORMATS_OF[template.kind].join(' ou ')}, pas ${input.format}.`,
        },
      ]);
    }
    const policyIds = await this.selection(scope, input);
    const selection: BatchSelection = input.renewals
      ? { renewals: input.renewals }
      : { policyIds: policyIds };
    const batchId = randomUUID();
    const payload: BatchPayload = { batchId, scope, context };
    return this.db.transaction(async (tx) => {
      const { job, created } = await this.deps.jobs.enqueue(
        scope.organizationId,
        DOCUMENT_BATCH_JOB,
        payload as unknown as Record<string, unknown>,
        {
          tx: tx as never,
          idempotencyKey,
          createdBy: scope.userId,
          total: policyIds.length,
        },
      );
      if (!created) {
        const [existing] = await tx
          .select()
          .from(documentBatches)
          .where(eq(documentBatches.jobId, job.id));
        if (!existing) {
          throw new ConflictError(
            'idempotency-key-reused',
            "Cette clé d'idempotence a déjà servi à un autre traitement.",
          );
        }
        return { id: existing.id, jobId: job.id, total: existing.policyIds.length };
      }
      await tx.insert(documentBatches).values({
        id: batchId,
        organizationId: scope.organizationId,
        jobId: job.id,
        templateId: template.id,
        templateVersion: version.number,
        format: input.format,
        selection,
        policyIds,
        createdBy: scope.userId,
      });
      await recordAudit(tx, context, {
        action: 'document_batch.created',
        targetType: 'document_batch',
        targetId: batchId,
        changes: {
          jobId: job.id,
          templateId: template.id,
          templateVersion: version.number,
          format: input.format,
          total: policyIds.length,
          ...(input.renewals ? { renewals: input.renewals } : {}),
        },
      });
      return { id: batchId, jobId: job.id, total: policyIds.length };
    });
  }

  /** The policies of the request: given (visible ones only) or those renewing in the window. */
  private async selection(scope: PortfolioScope, input: CreateBatchInput): Promise<string[]> {
    if ((input.policyIds === undefined) === (input.renewals === undefined)) {
      throw new FieldsValidationError([
        {
          path: input.policyIds ? '/renewals' : '/policyIds',
          in: 'body',
          message:
            'Choisissez les contrats (policyIds) ou une période d’échéances (renewals), pas les deux.',
        },
      ]);
    }
    if (input.renewals) {
      const { from, to } = input.renewals;
      if (days(from, to) < 0) {
        throw new FieldsValidationError([
          { path: '/renewals/to', in: 'body', message: 'La fin de la période précède son début.' },
        ]);
      }
      if (days(from, to) > MAX_WINDOW_DAYS) {
        throw new FieldsValidationError([
          {
            path: '/renewals/to',
            in: 'body',
            message: `Une période d’échéances couvre au plus ${MAX_WINDOW_DAYS} jours.`,
          },
        ]);
      }
      const ids = await this.deps.policies.renewalPolicyIds(scope, from, to);
      if (ids.length === 0) {
        throw new BusinessRuleError(
          'empty-batch',
          `Aucun contrat en vigueur n’a son échéance entre le ${frenchDate(from)} et le ${frenchDate(to)}.`,
        );
      }
      if (ids.length > MAX_BATCH_POLICIES) {
        throw new BusinessRuleError(
          'batch-too-large',
          `${ids.length} contrats ont leur échéance dans cette période ; un lot en compte au plus ${MAX_BATCH_POLICIES} : réduisez la période.`,
        );
      }
      return ids;
    }
    const ids = [...new Set(input.policyIds)];
    const visible = await this.deps.policies.visiblePolicyIds(scope, ids);
    const unknown = (input.policyIds ?? [])
      .map((id, index) => ({ id, index }))
      .filter(({ id }) => !visible.has(id));
    if (unknown.length > 0) {
      throw new FieldsValidationError(
        unknown.slice(0, 20).map(({ index }) => ({
          path: `/policyIds/${index}`,
          in: 'body' as const,
          message: "Ce contrat n'existe pas ou ne fait pas partie de votre portefeuille.",
        })),
      );
    }
    return ids;
  }

  private async row(scope: PortfolioScope, id: string): Promise<BatchRow> {
    const [row] = await this.db
      .select()
      .from(documentBatches)
      .where(
        and(
          eq(documentBatches.organizationId, scope.organizationId),
          eq(documentBatches.id, id),
          // A broker follows the batches they started.
          scope.brokerId ? eq(documentBatches.createdBy, scope.userId) : undefined,
        ),
      );
    if (!row) throw NOT_FOUND();
    return row;
  }

  async get(scope: PortfolioScope, id: string) {
    const row = await this.row(scope, id);
    const [job] = await this.db
      .select({ status: jobs.status })
      .from(jobs)
      .where(eq(jobs.id, row.jobId));
    const made = await this.madeDocuments(row);
    return {
      id: row.id,
      jobId: row.jobId,
      status: job?.status ?? 'queued',
      templateId: row.templateId,
      templateVersion: row.templateVersion,
      format: row.format,
      total: row.policyIds.length,
      done: made.length,
      failed: row.failed,
      documentIds: made.map((document) => document.id),
      combinedPdf: row.combinedKey !== null,
      archive: row.archiveKey !== null,
      createdAt: row.createdAt.toISOString(),
    };
  }

  /** The batch's documents, in the order of its policies. */
  private async madeDocuments(row: BatchRow) {
    const made = await this.db
      .select({
        id: documents.id,
        policyId: documents.policyId,
        storageKey: documents.storageKey,
        fileName: documents.fileName,
        format: documents.format,
      })
      .from(documents)
      .where(and(eq(documents.organizationId, row.organizationId), eq(documents.batchId, row.id)))
      .orderBy(asc(documents.createdAt));
    const order = new Map(row.policyIds.map((id, index) => [id, index]));
    return made.sort(
      (a, b) => (order.get(a.policyId ?? '') ?? 0) - (order.get(b.policyId ?? '') ?? 0),
    );
  }

  /** The combined PDF or the ZIP of a finished batch (audited like a document download). */
  async file(
    scope: PortfolioScope,
    context: ActorContext,
    id: string,
    kind: 'combined' | 'archive',
  ): Promise<{ bytes: Buffer; fileName: string; contentType: string }> {
    const row = await this.row(scope, id);
    const key = kind === 'combined' ? row.combinedKey : row.archiveKey;
    if (!key) {
      if (kind === 'combined' && row.format !== 'pdf') {
        throw new ConflictError(
          'no-combined-pdf',
          'Ce lot produit des fichiers ' +
            row.format.toUpperCase() +
            ' : téléchargez-les dans l’archive ZIP.',
        );
      }
      throw new ConflictError(
        'batch-not-ready',
        'Ce lot n’est pas encore terminé : le fichier sera disponible à la fin du traitement.',
      );
    }
    const bytes = await this.deps.documents.readObject(row.organizationId, key);
    await this.db.transaction((tx) =>
      recordAudit(tx, context, {
        action: 'document_batch.downloaded',
        targetType: 'document_batch',
        targetId: row.id,
        changes: { file: kind },
      }),
    );
    const base = `lot-${row.createdAt.toISOString().slice(0, 10)}-${row.id.slice(0, 8)}`;
    return kind === 'combined'
      ? { bytes, fileName: safeFileName(base, 'pdf'), contentType: CONTENT_TYPES.pdf }
      : { bytes, fileName: safeFileName(base, 'zip'), contentType: 'application/zip' };
  }

  /** One delivery of a batch job: the missing documents, slice by slice, then its files. */
  private async run(context: JobContext): Promise<Record<string, unknown>> {
    const { batchId, scope, context: actor } = context.job.payload as unknown as BatchPayload;
    const batch = await this.batchRow(batchId);
    const { template, version } = await this.deps.templates.versionRow(
      batch.organizationId,
      batch.templateId,
      batch.templateVersion,
    );
    const total = batch.policyIds.length;
    const today = parisToday();
    const source = { template, version };
    // What is left, read once: only this delivery works on the batch until it ends.
    const done = new Set(
      (await this.madeDocuments(batch)).map((document) => document.policyId ?? ''),
    );
    const failed = new Set(batch.failed.map((failure) => failure.policyId));
    const remaining = batch.policyIds.filter((id) => !done.has(id) && !failed.has(id));
    let completed = done.size + failed.size;
    // Also where a cancel or a stop is heard, between two chunks.
    await context.progress(completed, total);
    // Chunk k is stored while chunk k+1 is printed: Chromium and the database work side by side.
    let storing: Promise<number> | undefined;
    const stored = async () => {
      if (!storing) return;
      completed += await storing;
      storing = undefined;
      await context.progress(completed, total);
    };
    try {
      const size = chunkSize(total);
      for (let start = 0; start < remaining.length; start += size) {
        if (start >= SLICE) {
          await stored();
          throw new JobInterrupted('slice');
        }
        const chunk = await this.renderChunk(
          scope,
          batch,
          source,
          remaining.slice(start, start + size),
          today,
        );
        await stored();
        storing = this.storeChunk(scope, actor, batch, source, chunk);
      }
      await stored();
    } finally {
      // A cancel heard while a chunk was being stored: that chunk still lands, then it stops.
      await storing?.catch(() => undefined);
    }
    const files = await this.finish(batchId);
    return {
      batchId,
      format: batch.format,
      documents: files.documents,
      failed: files.failed,
      combinedPdf: files.combinedPdf,
      archive: true,
    };
  }

  private async batchRow(id: string): Promise<BatchRow> {
    const [row] = await this.db.select().from(documentBatches).where(eq(documentBatches.id, id));
    if (!row) throw new Error(`document batch ${id} not found`);
    return row;
  }

  /** Builds the data and prints one chunk (one combined print); failures are listed, not fatal. */
  private async renderChunk(
    scope: PortfolioScope,
    batch: BatchRow,
    source: TemplateSource,
    policyIds: string[],
    today: string,
  ): Promise<RenderedChunk> {
    const failures: BatchFailure[] = [];
    const items: RenderedChunk['items'] = [];
    // Built a few at a time (on PostgreSQL the queries overlap; PGlite serialises them anyway).
    const built = await mapLimit(policyIds, 4, async (policyId) => {
      try {
        const made = await this.deps.documents.buildData(scope, { policyId }, today);
        return { policyId, clientId: made.clientId, data: { ...made.data, [FREE_INPUT_ROOT]: {} } };
      } catch (error) {
        failures.push({ policyId, detail: detailOf(error) });
        return undefined;
      }
    });
    for (const item of built) if (item) items.push(item);
    const bytes = await this.render(batch, source, items, failures);
    return { size: policyIds.length, items, bytes, failures };
  }

  /**
   * Stores a printed chunk: its documents (encrypted objects, then rows and audit entries in one
   * transaction) and its failures. Returns how many items it settled.
   */
  private async storeChunk(
    scope: PortfolioScope,
    actor: ActorContext,
    batch: BatchRow,
    source: TemplateSource,
    { size, items, bytes, failures }: RenderedChunk,
  ): Promise<number> {
    // Encrypted and written a few at a time: storage round trips overlap.
    const prepared = (
      await mapLimit([...items.entries()], 8, async ([index, item]) => {
        const rendered = bytes[index];
        if (!rendered) return undefined;
        return this.deps.documents.prepareRecord(scope, {
          template: source.template,
          templateVersion: source.version.number,
          format: batch.format,
          data: item.data,
          policyId: item.policyId,
          clientId: item.clientId,
          premiumId: null,
          bytes: rendered,
          batchId: batch.id,
        });
      })
    ).filter((p): p is PreparedDocument => p !== undefined);
    await this.db.transaction(async (tx) => {
      await this.deps.documents.recordMany(tx as never, actor, prepared);
      if (failures.length > 0) {
        // Appended once per policy, whoever records it first.
        await tx
          .update(documentBatches)
          .set({
            failed: sql`${documentBatches.failed} || (
              select coalesce(jsonb_agg(f), '[]'::jsonb) from jsonb_array_elements(${JSON.stringify(failures)}::jsonb) f
              where not exists (
                select 1 from jsonb_array_elements(${documentBatches.failed}) e
                where e->>'policyId' = f->>'policyId'
              )
            )`,
          })
          .where(eq(documentBatches.id, batch.id));
      }
    });
    return size;
  }

  /**
   * The chunk's bytes, index for index (undefined where it failed). One combined print for PDFs;
   * when it fails as a whole, each document alone, so that one bad item does not sink the rest.
   */
  private async render(
    batch: BatchRow,
    { template, version }: TemplateSource,
    items: { policyId: string; data: Record<string, unknown> }[],
    failures: BatchFailure[],
  ): Promise<(Buffer | undefined)[]> {
    const composer = this.deps.composer;
    if (items.length === 0) return [];
    if (batch.format === 'pdf' && template.kind === 'html') {
      try {
        return await composer.composeBatch(
          version.content ?? '',
          items.map((item) => item.data),
          batch.organizationId,
        );
      } catch {
        // One at a time below: the failing item is named, the others are made.
      }
    }
    const out: (Buffer | undefined)[] = [];
    for (const item of items) {
      try {
        out.push(
          await composer.compose({
            kind: template.kind,
            content: version.content,
            file: version.file,
            format: batch.format,
            data: item.data,
            organizationId: batch.organizationId,
          }),
        );
      } catch (error) {
        out.push(undefined);
        failures.push({ policyId: item.policyId, detail: detailOf(error) });
      }
    }
    return out;
  }

  /** The combined PDF (PDF batches) and the ZIP of the documents, made once. */
  private async finish(
    batchId: string,
  ): Promise<{ documents: number; failed: number; combinedPdf: boolean }> {
    const batch = await this.batchRow(batchId);
    const made = await this.madeDocuments(batch);
    const organizationId = batch.organizationId;
    const summary = {
      documents: made.length,
      failed: batch.failed.length,
      combinedPdf: batch.format === 'pdf' && made.length > 0,
    };
    if (batch.archiveKey && (batch.combinedKey || batch.format !== 'pdf')) return summary;
    const contents: Buffer[] = [];
    for (const document of made) {
      contents.push(await this.deps.documents.readObject(organizationId, document.storageKey));
    }
    let combinedKey: string | null = null;
    if (batch.format === 'pdf' && made.length > 0) {
      combinedKey = storageKeyFor(organizationId, `${batch.id}:combined`);
      await this.deps.documents.writeObject(organizationId, combinedKey, await combine(contents));
    }
    const archiveKey = storageKeyFor(organizationId, `${batch.id}:archive`);
    const names = made.map(
      (document, index) => `${String(index + 1).padStart(5, '0')}-${document.fileName}`,
    );
    await this.deps.documents.writeObject(
      organizationId,
      archiveKey,
      await zip(names, contents, batch.format !== 'pdf'),
    );
    await this.db
      .update(documentBatches)
      .set({ combinedKey, archiveKey })
      .where(eq(documentBatches.id, batch.id));
    return summary;
  }
}

/** `fn` over `items`, at most `limit` at once, results in order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      out[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/** Every page of these PDFs, in order, in one PDF. */
async function combine(pdfs: Buffer[]): Promise<Buffer> {
  // Loaded on first use: not on the start-up path.
  const { PDFDocument } = await import('pdf-lib');
  const out = await PDFDocument.create();
  for (const bytes of pdfs) {
    const source = await PDFDocument.load(bytes);
    for (const page of await out.copyPages(source, source.getPageIndices())) out.addPage(page);
  }
  return Buffer.from(await out.save());
}

/** A ZIP of these files; PDFs are stored as they are (already compressed). */
function zip(names: string[], contents: Buffer[], compress: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const archive = new ZipFile();
    const chunks: Buffer[] = [];
    archive.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    archive.outputStream.on('error', reject);
    const mtime = new Date();
    names.forEach((name, index) =>
      archive.addBuffer(contents[index] ?? Buffer.alloc(0), name, { compress, mtime }),
    );
    archive.end();
  });
}

function frenchDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}
