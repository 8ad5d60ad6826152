import { AppError } from '../errors.ts';

/** Seconds a client is told to wait when every renderer is taken and the queue is full. */
export const BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * No Chromium can be started: none configured, none on the system, and the bundled one does not
 * fit this platform (or failed to unpack). An operator problem, hence a 503 that says what to do.
 */
export class RendererUnavailableError extends AppError {
  override name = 'RendererUnavailableError';
  constructor(
    detail = 'Le moteur PDF est indisponible : installez Chromium (paquet Debian `chromium`) ou renseignez CHROMIUM_PATH.',
    options?: { cause?: unknown },
  ) {
    super(503, 'renderer-unavailable', detail);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** Every renderer is busy and the waiting line is full: back-pressure, not failure (503 + Retry-After). */
export class RendererBusyError extends AppError {
  override name = 'RendererBusyError';
  constructor() {
    super(
      503,
      'renderer-busy',
      'Trop de documents sont en cours de génération : réessayez dans quelques secondes.',
      { retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS },
      { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) },
    );
  }
}

/**
 * One document took longer than the render budget. The budget counts only the rendering, not the
 * wait in line, so it is the document that is too heavy (images, pages): 422 with advice.
 */
export class RenderTimeoutError extends AppError {
  override name = 'RenderTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(
      422,
      'render-timeout',
      `La génération du PDF a dépassé ${formatSeconds(timeoutMs)} : allégez le modèle (images, nombre de pages).`,
      { timeoutMs },
    );
  }
}

/**
 * Chromium failed twice on a document, each time on a fresh tab (renderer crash, a document that
 * reloads itself, …): the document is the likely cause, so it is a 422 rather than a 500. The
 * English reason (for the log) is in `reason`.
 */
export class RenderFailedError extends AppError {
  override name = 'RenderFailedError';
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      422,
      'render-failed',
      "Chromium n'a pas pu imprimer ce document : allégez-le, et vérifiez qu'il ne se recharge pas lui-même.",
    );
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/**
 * A PDF header or footer that would load a style sheet, a font or another document: such a load
 * crashes Chromium's print (see `headerFooterLoad`), so it is refused before printing, naming the
 * part and the construct.
 */
export class HeaderFooterError extends AppError {
  override name = 'HeaderFooterError';
  constructor(
    readonly part: 'header' | 'footer',
    readonly construct: string,
  ) {
    super(
      422,
      'pdf-header-footer',
      `${part === 'header' ? "L'en-tête" : 'Le pied de page'} du PDF ne peut charger ni feuille de style, ni police, ni fichier externe (${construct}) : retirez-le, ou utilisez une adresse data:. La police Inter y est déjà disponible.`,
      { part, construct },
    );
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds.toLocaleString('fr-FR', { maximumFractionDigits: 3 })} s`;
}
