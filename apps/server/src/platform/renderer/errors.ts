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

/** Chromium failed on a document for another reason (renderer crash, self-reloading page, …). */
export class RenderFailedError extends Error {
  override name = 'RenderFailedError';
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds.toLocaleString('fr-FR', { maximumFractionDigits: 3 })} s`;
}
