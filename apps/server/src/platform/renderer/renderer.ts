// playwright-core and pdf-lib are loaded on first use (they cost seconds of start-up otherwise).
import type { Browser, BrowserContext, CDPSession, Page, Route } from 'playwright-core';
import { AppError } from '../errors.ts';
import { FairScheduler } from '../fair-scheduler.ts';
import type { Metrics } from '../observability/metrics.ts';
import { batchProbe, planBatch, splitPages } from './batch.ts';
import {
  RenderFailedError,
  RendererBusyError,
  RendererUnavailableError,
  RenderTimeoutError,
} from './errors.ts';
import { resolveChromium, type ChromiumExecutable } from './executable.ts';
import { headerFooterFonts, readAsset } from './fonts.ts';
import {
  checkHeaderFooter,
  DEFAULT_MARGIN,
  headerFooterOptions,
  templateClasses,
  withSinglePageNumbers,
  type HeaderFooterOptions,
  type PdfMargin,
} from './header-footer.ts';
import { residentBytes } from './process-memory.ts';

/**
 * The renderer's gauges (from `createMetrics()`). The duration histogram is left to the caller,
 * which times the whole composition with its `format` label: observing it here too would count
 * every PDF twice.
 */
export type RendererMetrics = Pick<Metrics, 'rendererPoolBusy' | 'rendererPoolQueued'>;

/** What the renderer logs through: pino's and Fastify's loggers fit. */
export interface RendererLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface PdfRendererOptions {
  /** The Chromium to launch; resolved with `resolveChromium({ chromiumPath })` on first render if absent. */
  executable?: ChromiumExecutable;
  /** CHROMIUM_PATH, used only when `executable` is absent. */
  chromiumPath?: string | undefined;
  /** Documents printed at the same time (one browser tab each). Default 2. */
  poolSize?: number;
  /** Renders allowed to wait for a tab; beyond, `RendererBusyError`. Default 50. */
  maxQueue?: number;
  /**
   * Renders of one cabinet allowed to wait for a tab; beyond, `RendererBusyError`, while other
   * cabinets may still queue. Default: half of `maxQueue` (at least 1).
   */
  maxQueuedPerCabinet?: number;
  /**
   * Tabs one cabinet may hold at once. Default `poolSize - 1` (at least 1): a print cannot be
   * interrupted, so this keeps a tab for other cabinets while one prints long documents.
   */
  maxActivePerCabinet?: number;
  /** Budget of one print, wait in line excluded. Default 15 000 ms. */
  renderTimeoutMs?: number;
  /** Documents a browser prints before it is replaced (Chromium's memory creeps). Default 500. */
  recycleAfter?: number;
  /**
   * Replace the browser when its processes' summed resident memory exceeds this (Linux /proc;
   * ignored elsewhere). Checked every `memoryCheckEvery` prints, off the render path.
   */
  maxBrowserRssMiB?: number | undefined;
  /** Default 10. */
  memoryCheckEvery?: number;
  /** Documents per combined print in `renderBatch`. Default 50. */
  batchChunkSize?: number;
  /** Default 30 000 ms. */
  launchTimeoutMs?: number;
  metrics?: RendererMetrics | undefined;
  logger?: RendererLogger | undefined;
}

export interface RenderInput {
  /** A whole HTML document (with `baseStylesheet()` in its head). Scripts do not run. */
  html: string;
  /**
   * Chromium header/footer templates: small HTML documents printed in the page margins, where
   * `<span class="pageNumber"></span>` and `<span class="totalPages"></span>` become « n » and « N »
   * (see `pageNumberFooter`). They cannot load anything; the bundled font is added to them.
   * No header or footer when absent.
   */
  header?: string | undefined;
  footer?: string | undefined;
  /** Per side, over `DEFAULT_MARGIN`; a template's `@page { margin }` wins over both. */
  margin?: PdfMargin | undefined;
  /** Budget of this print instead of `renderTimeoutMs` (a long report, say). */
  timeoutMs?: number | undefined;
  /**
   * The cabinet (organization id) the print is for: cabinets wait in lines of their own, served
   * in turn (see `FairScheduler`). Prints without one are each a line of their own (operator and
   * benchmark work).
   */
  cabinet?: string | undefined;
}

export type BatchOptions = Omit<RenderInput, 'html'>;

export interface RendererStats {
  /** Documents printed (a combined print counts each of its documents). */
  renders: number;
  browserLaunches: number;
  /** Renders holding a tab (or waiting for the browser to start). */
  busy: number;
  /** Renders waiting for a tab. */
  queued: number;
  /** Process id of the current browser, when one runs and Chromium reported it. */
  browserPid: number | undefined;
  /** Summed resident memory of the current browser's processes at the last check. */
  browserRssBytes: number | undefined;
  /** Batch chunks printed one document at a time because a combined print could differ. */
  batchFallbacks: number;
}

/**
 * Flags that keep documents from reaching any network. Request routing already answers or aborts
 * every request a document makes, but a few fetches bypass it (link prefetch, the favicon,
 * preconnect, DNS prefetch): with every host name mapped to « not found » they fail before a
 * connection, IP literals included. The renderer's own assets never reach the resolver.
 */
const ISOLATION_ARGS = ['--host-resolver-rules=MAP * ~NOTFOUND'];

/** How long closing a tab or a browser may take before it is killed instead. */
const CLOSE_TIMEOUT_MS = 5_000;

const CLOSED_DETAIL = "Le moteur PDF s'arrête : réessayez dans un instant.";

interface PooledPage {
  page: Page;
  /** Main-frame navigations seen: a document that reloads itself must not be printed. */
  navigations: number;
  crashed: boolean;
  /** `navigations` when the header fonts were loaded in the tab (a navigation drops them). */
  fontsWarmAt: number | undefined;
}

/** One browser and its single context, from launch to close. */
interface Generation {
  browser: Browser;
  context: BrowserContext;
  cdp: CDPSession | undefined;
  pid: number | undefined;
  idle: PooledPage[];
  inFlight: number;
  /** Documents printed by this browser. */
  renders: number;
  prints: number;
  /** Takes no new work; closes once its renders are done. */
  retiring: boolean;
  disconnected: boolean;
  rssBytes: number | undefined;
  closing: Promise<void> | undefined;
  /** Resolves once the browser is closed. */
  closed: Promise<void>;
  markClosed: () => void;
}

/** A failure that a fresh tab or browser may not repeat: the browser or tab died, or it navigated. */
class RetryableRenderError extends Error {
  override name = 'RetryableRenderError';
}

/** A combined print, with the documents' titles, or why it was not made. */
type CombinedPrint = { pdf: Buffer; titles: (string | null)[] } | { refused: string };

type Job<T> = (pooled: PooledPage, timeoutMs: number) => Promise<T>;

const noop = () => undefined;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function positiveInteger(name: string, value: number, minimum = 1): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`${name} must be an integer ≥ ${minimum}, got ${value}.`);
  }
  return value;
}

function pdfMargin(margin: PdfMargin | undefined): Required<PdfMargin> {
  const result = { ...DEFAULT_MARGIN };
  for (const side of ['top', 'right', 'bottom', 'left'] as const) {
    const value = margin?.[side];
    if (value !== undefined) result[side] = value;
  }
  return result;
}

const SILENT_LOGGER: RendererLogger = { info: noop, warn: noop, error: noop };

/**
 * Prints HTML to PDF with one headless Chromium: a pool of reused tabs (a warm tab prints a page
 * in tens of milliseconds, a new one costs several times that), a bounded FIFO line, a time budget
 * per print, and a browser replaced after `recycleAfter` documents, on crash, or on memory growth.
 *
 * Documents are untrusted (authored by users): JavaScript is off, service workers are blocked, and
 * every request is answered by the renderer itself (bundled fonts) or refused, so a template
 * cannot reach the server's network, its files, or another document.
 */
export class PdfRenderer {
  readonly #options: Required<
    Pick<
      PdfRendererOptions,
      | 'poolSize'
      | 'maxQueue'
      | 'renderTimeoutMs'
      | 'recycleAfter'
      | 'memoryCheckEvery'
      | 'batchChunkSize'
      | 'launchTimeoutMs'
    >
  >;
  readonly #maxRssBytes: number | undefined;
  readonly #metrics: RendererMetrics | undefined;
  readonly #logger: RendererLogger;
  readonly #chromiumPath: string | undefined;
  #executable: Promise<ChromiumExecutable> | undefined;

  readonly #admission: FairScheduler;
  /** Names the line of each print that gives no cabinet. */
  #anonymous = 0;
  readonly #jobs = new Set<Promise<unknown>>();
  #generation: Generation | undefined;
  readonly #generations = new Set<Generation>();
  #launching: Promise<Generation> | undefined;
  #closed = false;

  #renders = 0;
  #launches = 0;
  #batchFallbacks = 0;

  constructor(options: PdfRendererOptions = {}) {
    this.#options = {
      poolSize: positiveInteger('poolSize', options.poolSize ?? 2),
      maxQueue: positiveInteger('maxQueue', options.maxQueue ?? 50, 0),
      renderTimeoutMs: positiveInteger('renderTimeoutMs', options.renderTimeoutMs ?? 15_000),
      recycleAfter: positiveInteger('recycleAfter', options.recycleAfter ?? 500),
      memoryCheckEvery: positiveInteger('memoryCheckEvery', options.memoryCheckEvery ?? 10),
      batchChunkSize: positiveInteger('batchChunkSize', options.batchChunkSize ?? 50),
      launchTimeoutMs: positiveInteger('launchTimeoutMs', options.launchTimeoutMs ?? 30_000),
    };
    if (options.maxBrowserRssMiB !== undefined) {
      this.#maxRssBytes =
        positiveInteger('maxBrowserRssMiB', options.maxBrowserRssMiB) * 1024 * 1024;
    }
    this.#metrics = options.metrics;
    this.#admission = new FairScheduler({
      capacity: this.#options.poolSize,
      maxActivePerKey: positiveInteger(
        'maxActivePerCabinet',
        options.maxActivePerCabinet ?? Math.max(1, this.#options.poolSize - 1),
      ),
      maxQueued: this.#options.maxQueue,
      maxQueuedPerKey: positiveInteger(
        'maxQueuedPerCabinet',
        options.maxQueuedPerCabinet ?? Math.max(1, Math.ceil(this.#options.maxQueue / 2)),
        0,
      ),
      busyError: () => new RendererBusyError(),
      onChange: ({ active, queued }) => {
        this.#metrics?.rendererPoolBusy.set(active);
        this.#metrics?.rendererPoolQueued.set(queued);
      },
    });
    this.#logger = options.logger ?? SILENT_LOGGER;
    this.#chromiumPath = options.chromiumPath;
    if (options.executable) this.#executable = Promise.resolve(options.executable);
  }

  /** Prints one document (A4 unless its CSS says otherwise, backgrounds included). */
  async render(input: RenderInput): Promise<Buffer> {
    checkHeaderFooter(input);
    const headerFooter = headerFooterOptions(input);
    // Awaited inside the job; this only keeps an early failure of the job from leaving it unhandled.
    headerFooter.catch(noop);
    return this.#track(
      this.#run(
        async (pooled, timeoutMs) => {
          await pooled.page.setContent(input.html, { waitUntil: 'load', timeout: timeoutMs });
          return this.#print(pooled, input.margin, await headerFooter);
        },
        () => 1,
        input.timeoutMs,
        input.cabinet,
      ),
    );
  }

  /**
   * Prints many documents, one PDF each, in order. Documents sharing a template are printed
   * `batchChunkSize` at a time as one print and split (see `planBatch`): several times faster.
   * A chunk whose documents could print differently that way (different styles, positioned
   * elements, more than one page each, …) is printed one document at a time instead.
   */
  async renderBatch(
    items: readonly { html: string }[],
    options: BatchOptions = {},
  ): Promise<Buffer[]> {
    checkHeaderFooter(options);
    const out: Buffer[] = [];
    for (let start = 0; start < items.length; start += this.#options.batchChunkSize) {
      const chunk = items.slice(start, start + this.#options.batchChunkSize);
      out.push(...(await this.#renderChunk(chunk, options)));
    }
    return out;
  }

  stats(): RendererStats {
    return {
      renders: this.#renders,
      browserLaunches: this.#launches,
      busy: this.#admission.stats().active,
      queued: this.#admission.stats().queued,
      browserPid: this.#generation?.pid,
      browserRssBytes: this.#generation?.rssBytes,
      batchFallbacks: this.#batchFallbacks,
    };
  }

  /**
   * Refuses new renders, fails the waiting ones, lets running ones finish, then closes the browser
   * (its processes are gone when this resolves). Call it on shutdown.
   */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#admission.close(new RendererUnavailableError(CLOSED_DETAIL));
    }
    await Promise.allSettled([...this.#jobs]);
    await this.#launching?.catch(noop);
    for (const generation of this.#generations) this.#retire(generation);
    await Promise.all([...this.#generations].map((generation) => generation.closed));
  }

  async #renderChunk(chunk: readonly { html: string }[], options: BatchOptions): Promise<Buffer[]> {
    const [only] = chunk;
    if (chunk.length === 1 && only) return [await this.render({ ...options, html: only.html })];
    const classes = new Set([
      ...templateClasses(options.header ?? ''),
      ...templateClasses(options.footer ?? ''),
    ]);
    const plan = planBatch(
      chunk.map((item) => item.html),
      classes,
    );
    if ('refused' in plan) return this.#renderEach(chunk, options, plan.refused);
    const headerFooter = headerFooterOptions({
      header: options.header && withSinglePageNumbers(options.header),
      footer: options.footer && withSinglePageNumbers(options.footer),
    });
    headerFooter.catch(noop);
    const printed = await this.#track(
      this.#run(
        async (pooled, timeoutMs): Promise<CombinedPrint> => {
          await pooled.page.setContent(plan.html, { waitUntil: 'load', timeout: timeoutMs });
          const probe = await pooled.page.evaluate<string | (string | null)[]>(
            batchProbe(chunk.length),
          );
          if (typeof probe === 'string') return { refused: probe };
          const pdf = await this.#print(pooled, options.margin, await headerFooter);
          return { pdf, titles: probe };
        },
        // A refused combined print printed nothing.
        (result) => ('pdf' in result ? chunk.length : 0),
        options.timeoutMs,
        options.cabinet,
      ),
    );
    if ('refused' in printed) return this.#renderEach(chunk, options, printed.refused);
    const { PDFDocument } = await import('pdf-lib');
    const source = await PDFDocument.load(printed.pdf);
    const pages = source.getPageCount();
    if (pages !== chunk.length) {
      return this.#renderEach(chunk, options, `${pages} pages for ${chunk.length} documents`);
    }
    return splitPages(source, printed.titles);
  }

  /** One print per document, `poolSize` at a time, results in order; the first failure wins. */
  async #renderEach(
    chunk: readonly { html: string }[],
    options: BatchOptions,
    reason: string,
  ): Promise<Buffer[]> {
    this.#batchFallbacks++;
    this.#logger.info(
      { reason, documents: chunk.length },
      'renderer: batch printed one document at a time',
    );
    const out: Buffer[] = new Array<Buffer>(chunk.length);
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (!failed && next < chunk.length) {
        const index = next++;
        const item = chunk[index];
        if (!item) break;
        try {
          out[index] = await this.render({ ...options, html: item.html });
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    const workers = Array.from({ length: Math.min(this.#options.poolSize, chunk.length) }, worker);
    await Promise.all(workers);
    return out;
  }

  /** Keeps the promise of a render until it settles, so that `close` can wait for it. */
  #track<T>(promise: Promise<T>): Promise<T> {
    this.#jobs.add(promise);
    const forget = () => {
      this.#jobs.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }

  /** Runs a job on a pooled tab: waits for a slot, retries once on a fresh tab or browser. */
  async #run<T>(
    job: Job<T>,
    documents: (result: T) => number,
    timeoutMs: number | undefined,
    cabinet: string | undefined,
  ): Promise<T> {
    const budget =
      timeoutMs === undefined
        ? this.#options.renderTimeoutMs
        : positiveInteger('timeoutMs', timeoutMs);
    if (this.#closed) throw new RendererUnavailableError(CLOSED_DETAIL);
    // NUL cannot be in an organization id: these lines never merge with a cabinet's.
    const line = cabinet ?? `\u0000${this.#anonymous++}`;
    const release = await this.#admission.acquire(line);
    try {
      for (let attempt = 1; ; attempt++) {
        const generation = await this.#currentGeneration();
        try {
          return await this.#attempt(generation, job, documents, budget);
        } catch (error) {
          if (!(error instanceof RetryableRenderError)) throw error;
          if (attempt >= 2) {
            throw new RenderFailedError(
              `Chromium failed twice on this document (${error.message}).`,
              { cause: error.cause },
            );
          }
          this.#logger.warn({ err: error.cause, reason: error.message }, 'renderer: retrying');
        }
      }
    } finally {
      release();
    }
  }

  async #attempt<T>(
    generation: Generation,
    job: Job<T>,
    documents: (result: T) => number,
    timeoutMs: number,
  ): Promise<T> {
    const state: { page: PooledPage | undefined; timedOut: boolean } = {
      page: undefined,
      timedOut: false,
    };
    generation.inFlight++;
    let timer: NodeJS.Timeout | undefined;
    const work = (async () => {
      const pooled = await this.#takePage(generation);
      if (state.timedOut) {
        void this.#discardPage(generation, pooled);
        throw new RenderTimeoutError(timeoutMs);
      }
      state.page = pooled;
      const navigations = pooled.navigations;
      const result = await job(pooled, timeoutMs);
      if (pooled.navigations !== navigations) {
        throw new RetryableRenderError('the document navigated', {
          cause: new Error('The document reloaded itself.'),
        });
      }
      return result;
    })();
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        state.timedOut = true;
        reject(new RenderTimeoutError(timeoutMs));
      }, timeoutMs);
    });
    try {
      const result = await Promise.race([work, deadline]);
      if (state.page) this.#returnPage(generation, state.page);
      this.#completed(generation, documents(result));
      return result;
    } catch (error) {
      if (state.page) await this.#discardPage(generation, state.page);
      if (state.timedOut) throw new RenderTimeoutError(timeoutMs);
      if (error instanceof AppError || error instanceof RetryableRenderError) throw error;
      // The browser or the tab died, or the document navigated while printing (« Printing
      // failed »): a fresh tab may well succeed. A document that always fails costs two tries.
      const reason = generation.disconnected
        ? 'browser gone'
        : state.page?.crashed
          ? 'tab crashed'
          : 'print failed';
      throw new RetryableRenderError(reason, { cause: error });
    } finally {
      clearTimeout(timer);
      generation.inFlight--;
      this.#closeIfDrained(generation);
    }
  }

  async #print(
    pooled: PooledPage,
    margin: PdfMargin | undefined,
    headerFooter: HeaderFooterOptions,
  ): Promise<Buffer> {
    if (headerFooter.displayHeaderFooter && pooled.fontsWarmAt !== pooled.navigations) {
      await pooled.page.evaluate((await headerFooterFonts()).warmUp);
      pooled.fontsWarmAt = pooled.navigations;
    }
    return pooled.page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      margin: pdfMargin(margin),
      ...headerFooter,
    });
  }

  #completed(generation: Generation, documents: number): void {
    this.#renders += documents;
    generation.renders += documents;
    generation.prints++;
    if (generation.renders >= this.#options.recycleAfter) {
      this.#logger.info({ renders: generation.renders }, 'renderer: recycling the browser');
      this.#retire(generation);
    } else if (
      this.#maxRssBytes !== undefined &&
      generation.prints % this.#options.memoryCheckEvery === 0
    ) {
      void this.#checkMemory(generation, this.#maxRssBytes);
    }
  }

  async #checkMemory(generation: Generation, maxBytes: number): Promise<void> {
    if (!generation.cdp || generation.retiring) return;
    try {
      const { processInfo } = await generation.cdp.send('SystemInfo.getProcessInfo');
      const bytes = await residentBytes([...new Set(processInfo.map((process) => process.id))]);
      generation.rssBytes = bytes;
      if (bytes > maxBytes && !generation.retiring) {
        this.#logger.info(
          { rssMiB: Math.round(bytes / 1024 / 1024), maxMiB: maxBytes / 1024 / 1024 },
          'renderer: browser memory over the limit, recycling it',
        );
        this.#retire(generation);
      }
    } catch {
      // The browser went away meanwhile: the disconnect handler replaces it.
    }
  }

  #currentGeneration(): Promise<Generation> {
    // Renders admitted before close() still print on the running browser; none starts after it.
    if (this.#generation) return Promise.resolve(this.#generation);
    if (this.#closed) return Promise.reject(new RendererUnavailableError(CLOSED_DETAIL));
    this.#launching ??= this.#launch().finally(() => {
      this.#launching = undefined;
    });
    return this.#launching;
  }

  #resolveExecutable(): Promise<ChromiumExecutable> {
    if (!this.#executable) {
      const resolving = resolveChromium({ chromiumPath: this.#chromiumPath });
      this.#executable = resolving;
      // Not cached when it fails: installing Chromium fixes the next render without a restart.
      resolving.catch(() => {
        if (this.#executable === resolving) this.#executable = undefined;
      });
    }
    return this.#executable;
  }

  async #launch(): Promise<Generation> {
    // Drain, then swap: a retiring browser finishes its renders and exits before the next starts,
    // so two browsers never hold memory together.
    await Promise.all([...this.#generations].map((generation) => generation.closed));
    const executable = await this.#resolveExecutable();
    let browser: Browser;
    try {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({
        executablePath: executable.path,
        args: [...executable.args, ...ISOLATION_ARGS],
        timeout: this.#options.launchTimeoutMs,
        // The application's shutdown calls close(); Playwright's own SIGINT handler would exit.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    } catch (error) {
      this.#logger.error({ err: error, path: executable.path }, 'renderer: Chromium did not start');
      throw new RendererUnavailableError(
        `Le moteur PDF n'a pas démarré (${executable.path}) : vérifiez l'installation de Chromium ou CHROMIUM_PATH.`,
        { cause: error },
      );
    }
    try {
      const context = await browser.newContext({
        javaScriptEnabled: false,
        serviceWorkers: 'block',
        acceptDownloads: false,
      });
      await context.route('**/*', (route) => this.#answer(route));
      let markClosed: () => void = noop;
      const closed = new Promise<void>((resolve) => {
        markClosed = () => resolve();
      });
      const generation: Generation = {
        browser,
        context,
        cdp: undefined,
        pid: undefined,
        idle: [],
        inFlight: 0,
        renders: 0,
        prints: 0,
        retiring: false,
        disconnected: false,
        rssBytes: undefined,
        closing: undefined,
        closed,
        markClosed,
      };
      try {
        generation.cdp = await browser.newBrowserCDPSession();
        const { processInfo } = await generation.cdp.send('SystemInfo.getProcessInfo');
        generation.pid = processInfo.find((process) => process.type === 'browser')?.id;
      } catch {
        // Only memory checks and stats need the process id.
      }
      this.#launches++;
      this.#generations.add(generation);
      this.#generation = generation;
      browser.on('disconnected', () => this.#disconnected(generation));
      // Died before the listener was there: no event will come.
      if (!browser.isConnected()) this.#disconnected(generation);
      this.#logger.info(
        { path: executable.path, source: executable.source, pid: generation.pid },
        'renderer: browser started',
      );
      if (this.#closed) this.#retire(generation);
      return generation;
    } catch (error) {
      await browser.close().catch(noop);
      throw error;
    }
  }

  /** Answers every request a document makes: bundled assets, else nothing. */
  async #answer(route: Route): Promise<void> {
    const request = route.request();
    try {
      const asset = await readAsset(request.url());
      if (asset) {
        await route.fulfill({
          status: 200,
          contentType: asset.contentType,
          // Fonts load in CORS mode; the document's origin is opaque.
          headers: {
            'access-control-allow-origin': '*',
            'cache-control': 'public, max-age=31536000, immutable',
          },
          body: asset.body,
        });
      } else if (request.isNavigationRequest()) {
        // A 204 leaves the current document in place; an aborted navigation would replace it
        // with an error page (a `<meta http-equiv="refresh">` to a URL, an iframe).
        await route.fulfill({ status: 204 });
      } else {
        await route.abort('blockedbyclient');
      }
    } catch {
      // The tab closed while the request was pending.
    }
  }

  #disconnected(generation: Generation): void {
    generation.disconnected = true;
    if (!generation.retiring) {
      this.#logger.warn({ pid: generation.pid }, 'renderer: browser exited, starting a new one');
    }
    this.#retire(generation);
  }

  #retire(generation: Generation): void {
    generation.retiring = true;
    if (this.#generation === generation) this.#generation = undefined;
    this.#closeIfDrained(generation);
  }

  #closeIfDrained(generation: Generation): void {
    if (!generation.retiring || generation.inFlight > 0 || generation.closing) return;
    generation.closing = (async () => {
      const closing = generation.browser.close().catch(noop);
      const finished = await Promise.race([
        closing.then(() => true),
        delay(CLOSE_TIMEOUT_MS).then(() => false),
      ]);
      if (!finished && generation.pid !== undefined) {
        try {
          process.kill(generation.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
        await closing;
      }
      this.#generations.delete(generation);
      generation.markClosed();
    })();
  }

  async #takePage(generation: Generation): Promise<PooledPage> {
    const idle = generation.idle.pop();
    if (idle) return idle;
    const page = await generation.context.newPage();
    const pooled: PooledPage = { page, navigations: 0, crashed: false, fontsWarmAt: undefined };
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) pooled.navigations++;
    });
    page.on('crash', () => {
      pooled.crashed = true;
    });
    return pooled;
  }

  #returnPage(generation: Generation, pooled: PooledPage): void {
    if (generation.retiring || pooled.crashed) void pooled.page.close().catch(noop);
    else generation.idle.push(pooled);
  }

  /** Closes a tab that failed or timed out; a tab that will not close takes its browser along. */
  async #discardPage(generation: Generation, pooled: PooledPage): Promise<void> {
    if (generation.disconnected) return;
    const closed = await Promise.race([
      pooled.page.close().then(
        () => true,
        () => true,
      ),
      delay(CLOSE_TIMEOUT_MS).then(() => false),
    ]);
    if (!closed) {
      this.#logger.warn(
        { pid: generation.pid },
        'renderer: a tab did not close, replacing the browser',
      );
      this.#retire(generation);
    }
  }
}

/** A renderer with these options; Chromium starts on the first render, not here. */
export function createPdfRenderer(options: PdfRendererOptions = {}): PdfRenderer {
  return new PdfRenderer(options);
}
