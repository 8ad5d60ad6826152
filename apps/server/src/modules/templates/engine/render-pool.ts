import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FairScheduler, type FairSchedulerStats } from '../../../platform/fair-scheduler.ts';
import type { RenderData } from './data-model.ts';
import {
  TemplateLimitError,
  TemplateRenderError,
  TemplateSyntaxError,
  type TemplateLimitErrorCode,
  type TemplateSyntaxErrorCode,
  type TemplateWarning,
} from './errors.ts';
import { DEFAULT_TEMPLATE_LIMITS, type RenderOptions, type TemplateLimits } from './liquid.ts';
import { DEFAULT_WORKBOOK_LIMITS } from './xlsx.ts';
import { workerEntry } from '../../../platform/worker-entry.ts';

/**
 * Template rendering off the main event loop. LiquidJS runs synchronously between its own checks,
 * so a template such as `{% for a in (1..10000) %}{% for b in (1..10000) %}…` holds whatever thread
 * runs it until LiquidJS's `renderLimit` notices — and a single long filter call is never
 * interrupted at all. Here each render runs in a worker thread with a hard time budget (the worker
 * is terminated when it overruns, and replaced) and a heap budget (`resourceLimits`), and renders
 * are admitted per cabinet by a `FairScheduler`: one cabinet's templates take at most
 * `size - 1` workers when the pool has several, and cabinets' lines are served in turn.
 */

export interface TemplateRenderPoolOptions {
  /** Worker threads. Default: the cores, at least 2, at most 4. */
  size?: number | undefined;
  /** LiquidJS limits inside the workers (render time, output size, …). */
  limits?: TemplateLimits | undefined;
  /**
   * Hard budget of one HTML render, in milliseconds, after which the worker is terminated.
   * Default: LiquidJS's render time plus one second, so that LiquidJS's own error (which names
   * the line) wins when it can fire.
   */
  renderBudgetMs?: number | undefined;
  /** The same for filling an XLSX template. Default: the fill time limit plus five seconds. */
  workbookBudgetMs?: number | undefined;
  /** Hard budget of checking one HTML template's source, in milliseconds. Default 10 s. */
  parseBudgetMs?: number | undefined;
  /** Heap of one worker (V8 old generation), in MiB. Default 256. */
  memoryMiB?: number | undefined;
  /** Renders of one cabinet running at once. Default `size - 1` (at least 1). */
  maxActivePerCabinet?: number | undefined;
  /** Renders waiting, all cabinets together. Default 200. */
  maxQueued?: number | undefined;
  /** Renders of one cabinet waiting. Default 50. */
  maxQueuedPerCabinet?: number | undefined;
  /** Longest wait for a new worker to load its modules. Default 60 s (tsx compiles them in tests). */
  startTimeoutMs?: number | undefined;
  /** Called with the pool's counts on every change (gauges). */
  onChange?: ((stats: FairSchedulerStats) => void) | undefined;
}

export interface TemplateRenderPoolStats extends FairSchedulerStats {
  /** Worker threads alive. */
  workers: number;
  /** Workers terminated for overrunning a budget or lost to a crash, since the pool started. */
  replaced: number;
}

/** A render sent to a worker, or a template to check (on save, for a draft preview). */
export type WorkerTask =
  | { id: number; kind: 'html'; source: string; data: unknown; escape: boolean }
  | { id: number; kind: 'xlsx'; file: Uint8Array; data: unknown }
  | { id: number; kind: 'parse-html'; source: string }
  | { id: number; kind: 'parse-xlsx'; file: Uint8Array };

/** What checking a template finds: the data it reads and the remarks on it. */
export interface TemplateAnalysis {
  variables: string[];
  warnings: TemplateWarning[];
}

/** A worker's answer to a task. */
export type WorkerReply =
  | { id: number; ok: true; html: string }
  | { id: number; ok: true; bytes: Uint8Array }
  | { id: number; ok: true; analysis: TemplateAnalysis }
  | {
      id: number;
      ok: false;
      error: {
        name: string;
        message: string;
        code?: string | undefined;
        line?: number | undefined;
        column?: number | undefined;
        cell?: string | undefined;
      };
    };

/** Every worker is taken and the lines are full (503 once mapped by the caller). */
export class TemplatePoolBusyError extends Error {
  override name = 'TemplatePoolBusyError';
}

export class TemplatePoolClosedError extends Error {
  override name = 'TemplatePoolClosedError';
}

interface Pending {
  resolve: (reply: WorkerReply) => void;
  reject: (error: Error) => void;
}

/** One worker thread, doing one task at a time. */
class PooledWorker {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  pending: Pending | undefined;
  /** Why the pool ended it, so that its exit is reported as that and not as a crash. */
  ending: Error | undefined;
  exited = false;
  /** Loaded its modules and answered: a replacement of it can be expected to start too. */
  started = false;

  constructor(
    options: { limits: TemplateLimits; memoryMiB: number; startTimeoutMs: number },
    onExit: (worker: PooledWorker) => void,
  ) {
    const { entry, eval: isCode } = workerEntry(import.meta.url, './render-worker');
    this.worker = new Worker(entry, {
      eval: isCode,
      workerData: { limits: options.limits },
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMiB },
      // The render's own logs go nowhere; a template cannot write to the server's output anyway.
      stdout: false,
      stderr: false,
    });
    // Idle workers must not keep a CLI command or a test process alive.
    this.worker.unref();
    let lastError: Error | undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error('a template worker did not start in time'));
        void this.worker.terminate();
      }, options.startTimeoutMs);
      timer.unref();
      this.worker.once('message', () => {
        clearTimeout(timer);
        this.started = true;
        resolve();
      });
      this.worker.once('exit', () => {
        clearTimeout(timer);
        reject(lastError ?? new Error('a template worker exited while starting'));
      });
    });
    this.ready.catch(() => undefined);
    this.worker.on('error', (error) => {
      lastError = error;
    });
    this.worker.on('exit', () => {
      this.exited = true;
      const pending = this.pending;
      this.pending = undefined;
      if (pending) pending.reject(this.ending ?? exitReason(lastError));
      onExit(this);
    });
  }

  /** Runs one task; rejects on overrun (after terminating the worker) or when the worker dies. */
  async run(task: WorkerTask, budgetMs: number, overrun: () => Error): Promise<WorkerReply> {
    await this.ready;
    return new Promise<WorkerReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.ending = overrun();
        void this.worker.terminate();
      }, budgetMs);
      const done = () => {
        clearTimeout(timer);
        this.worker.off('message', onMessage);
        this.pending = undefined;
      };
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== task.id) return;
        done();
        resolve(reply);
      };
      this.pending = {
        resolve,
        reject: (error) => {
          done();
          reject(error);
        },
      };
      this.worker.on('message', onMessage);
      try {
        this.worker.postMessage(task);
      } catch (error) {
        // Data that cannot be cloned (a function, a symbol): nothing of it reached the worker.
        done();
        reject(
          new TemplateRenderError(
            "Le modèle n'a pas pu être produit : données non transmissibles.",
            {},
            { cause: error },
          ),
        );
      }
    });
  }
}

/** What a worker's unplanned exit means for the render it was doing. */
function exitReason(error: Error | undefined): Error {
  if ((error as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new TemplateLimitError(
      'memory',
      'Le modèle demande trop de mémoire : vérifiez ses boucles et intervalles.',
      {},
      { cause: error },
    );
  }
  return new Error(`a template worker stopped: ${error?.message ?? 'exited'}`, { cause: error });
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}.`);
  }
  return value;
}

/** A worker's error as the engine's own error class, with its French message and location. */
function rebuild(error: Extract<WorkerReply, { ok: false }>['error']): Error {
  const location = { line: error.line, column: error.column, cell: error.cell };
  switch (error.name) {
    case 'TemplateLimitError':
      return new TemplateLimitError(error.code as TemplateLimitErrorCode, error.message, location);
    case 'TemplateSyntaxError':
      return new TemplateSyntaxError(
        error.code as TemplateSyntaxErrorCode,
        error.message,
        location,
      );
    case 'TemplateRenderError':
      return new TemplateRenderError(error.message, location);
    default:
      return new Error(`template worker: ${error.message}`);
  }
}

const renderTimeout = () =>
  new TemplateLimitError(
    'render_timeout',
    'Le modèle met trop de temps à produire le document : vérifiez ses boucles.',
  );

const parseTimeout = () =>
  new TemplateLimitError(
    'source_too_large',
    'Le modèle est trop long à analyser : découpez-le ou allégez-le.',
  );

const fillTimeout = () =>
  new TemplateLimitError(
    'render_timeout',
    'Le classeur met trop de temps à être rempli : réduisez les données ou le nombre de cellules.',
  );

/** The worker threads templates are rendered in, admitted per cabinet. */
export class TemplateRenderPool {
  readonly size: number;
  readonly #limits: TemplateLimits;
  readonly #renderBudgetMs: number;
  readonly #workbookBudgetMs: number;
  readonly #parseBudgetMs: number;
  readonly #memoryMiB: number;
  readonly #startTimeoutMs: number;
  readonly #scheduler: FairScheduler;
  readonly #idle: PooledWorker[] = [];
  readonly #all = new Set<PooledWorker>();
  #nextId = 1;
  #replaced = 0;
  #closed = false;

  constructor(options: TemplateRenderPoolOptions = {}) {
    this.size = positiveInteger(
      'size',
      options.size ?? Math.min(4, Math.max(2, availableParallelism())),
    );
    this.#limits = options.limits ?? {};
    const renderTimeMs = this.#limits.renderTimeMs ?? DEFAULT_TEMPLATE_LIMITS.renderTimeMs;
    this.#renderBudgetMs = positiveInteger(
      'renderBudgetMs',
      options.renderBudgetMs ?? renderTimeMs + 1000,
    );
    this.#workbookBudgetMs = positiveInteger(
      'workbookBudgetMs',
      options.workbookBudgetMs ?? DEFAULT_WORKBOOK_LIMITS.fillTimeMs + 5000,
    );
    // A source is at most 512 KiB and parses in about a second at worst (ADR 0009).
    this.#parseBudgetMs = positiveInteger('parseBudgetMs', options.parseBudgetMs ?? 10_000);
    this.#memoryMiB = positiveInteger('memoryMiB', options.memoryMiB ?? 256);
    this.#startTimeoutMs = positiveInteger('startTimeoutMs', options.startTimeoutMs ?? 60_000);
    this.#scheduler = new FairScheduler({
      capacity: this.size,
      maxActivePerKey: options.maxActivePerCabinet,
      maxQueued: options.maxQueued ?? 200,
      maxQueuedPerKey: options.maxQueuedPerCabinet ?? 50,
      busyError: () => new TemplatePoolBusyError('every template worker is taken'),
      onChange: options.onChange,
    });
  }

  /** Renders an HTML (or text) template for `cabinet`; errors are the engine's own. */
  async render(
    cabinet: string,
    source: string,
    data: RenderData,
    options: RenderOptions,
  ): Promise<string> {
    const reply = await this.#run(
      cabinet,
      { id: 0, kind: 'html', source, data, escape: options.escape },
      this.#renderBudgetMs,
      renderTimeout,
    );
    if (!('html' in reply)) throw new Error('template worker: unexpected reply');
    return reply.html;
  }

  /** Fills an XLSX template for `cabinet` (see `fillWorkbook`). */
  async fillWorkbook(cabinet: string, file: Buffer, data: RenderData): Promise<Buffer> {
    const reply = await this.#run(
      cabinet,
      { id: 0, kind: 'xlsx', file, data },
      this.#workbookBudgetMs,
      fillTimeout,
    );
    if (!('bytes' in reply)) throw new Error('template worker: unexpected reply');
    return Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength);
  }

  /**
   * Checks an HTML template's source for `cabinet` (what `TemplateEngine.parse` finds), off the
   * event loop: the analysis of a long source takes long enough to matter to other cabinets.
   */
  async analyse(cabinet: string, source: string): Promise<TemplateAnalysis> {
    return this.#analysis(
      await this.#run(
        cabinet,
        { id: 0, kind: 'parse-html', source },
        this.#parseBudgetMs,
        parseTimeout,
      ),
    );
  }

  /** Checks an XLSX template for `cabinet` (what `parseWorkbookTemplate` finds). */
  async analyseWorkbook(cabinet: string, file: Buffer): Promise<TemplateAnalysis> {
    return this.#analysis(
      await this.#run(
        cabinet,
        { id: 0, kind: 'parse-xlsx', file },
        this.#workbookBudgetMs,
        parseTimeout,
      ),
    );
  }

  #analysis(reply: WorkerReply): TemplateAnalysis {
    if (!('analysis' in reply)) throw new Error('template worker: unexpected reply');
    return reply.analysis;
  }

  stats(): TemplateRenderPoolStats {
    return { ...this.#scheduler.stats(), workers: this.#all.size, replaced: this.#replaced };
  }

  /** Fails waiting renders, lets running ones finish, then ends the workers. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#scheduler.close(new TemplatePoolClosedError('the template pool is closed'));
    await Promise.all(
      [...this.#all].map((pooled) => {
        pooled.ending = new TemplatePoolClosedError('the template pool is closed');
        return pooled.worker.terminate();
      }),
    );
  }

  async #run(
    cabinet: string,
    task: WorkerTask,
    budgetMs: number,
    overrun: () => Error,
  ): Promise<WorkerReply> {
    return this.#scheduler.run(cabinet, async () => {
      const pooled = this.#idle.pop() ?? this.#spawn();
      let reply: WorkerReply;
      try {
        reply = await pooled.run({ ...task, id: this.#nextId++ }, budgetMs, overrun);
      } finally {
        if (!pooled.exited && !this.#closed) this.#idle.push(pooled);
      }
      if (!reply.ok) throw rebuild(reply.error);
      return reply;
    });
  }

  #spawn(): PooledWorker {
    const pooled = new PooledWorker(
      { limits: this.#limits, memoryMiB: this.#memoryMiB, startTimeoutMs: this.#startTimeoutMs },
      (gone) => this.#exited(gone),
    );
    this.#all.add(pooled);
    return pooled;
  }

  /** A worker ended (terminated on overrun, out of memory, crashed): a fresh one takes its place. */
  #exited(gone: PooledWorker): void {
    this.#all.delete(gone);
    const index = this.#idle.indexOf(gone);
    if (index >= 0) this.#idle.splice(index, 1);
    // One that never started (modules missing, start timeout) would fail again in a loop.
    if (this.#closed || !gone.started) return;
    this.#replaced++;
    // Started now rather than on the next render, which would otherwise pay the start-up.
    this.#idle.push(this.#spawn());
  }
}

export function createTemplateRenderPool(options?: TemplateRenderPoolOptions): TemplateRenderPool {
  return new TemplateRenderPool(options);
}
