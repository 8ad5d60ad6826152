import type { DocumentFormat, TemplateKind } from '../../db/schema/index.ts';
import { AppError, BusinessRuleError } from '../../platform/errors.ts';
import type { Metrics } from '../../platform/observability/metrics.ts';
import { withSpan } from '../../platform/observability/tracing.ts';
import {
  baseStylesheet,
  BUSY_RETRY_AFTER_SECONDS,
  HeaderFooterError,
  pageNumberFooter,
  type PdfRenderer,
} from '../../platform/renderer/index.ts';
import { TemplateLimitError, TemplateRenderError } from '../templates/index.ts';
import {
  TemplatePoolBusyError,
  TemplatePoolClosedError,
  XLSX_MEDIA_TYPE,
  type TemplateRenderPool,
} from '../templates/index.ts';

export const CONTENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  xlsx: XLSX_MEDIA_TYPE,
};

/** Which formats a template kind can produce. */
export const FORMATS_OF: Record<TemplateKind, readonly DocumentFormat[]> = {
  html: ['pdf', 'html'],
  xlsx: ['xlsx'],
};

export interface ComposeInput {
  kind: TemplateKind;
  /** LiquidJS source (html templates). */
  content: string | null;
  /** Workbook (xlsx templates). */
  file: Buffer | null;
  format: DocumentFormat;
  data: Record<string, unknown>;
  /**
   * The cabinet the document is for: renders wait in per-cabinet lines served in turn, for the
   * template workers and for Chromium. Work without one (operator commands) is a line of its own.
   */
  organizationId?: string | undefined;
}

/** Renders templates off the main thread, admitted per cabinet (`TemplateRenderPool`). */
export type TemplateRunner = Pick<TemplateRenderPool, 'render' | 'fillWorkbook'>;

let anonymous = 0;
/** NUL cannot be in an organization id: these lines never merge with a cabinet's. */
const lineOf = (organizationId: string | undefined) =>
  organizationId ?? `\u0000compose-${anonymous++}`;

const FURNITURE = /<template\s+id\s*=\s*["']pdf-(header|footer)["']\s*>([\s\S]*?)<\/template>/gi;

/**
 * Lifts the `<template id="pdf-header">` / `pdf-footer` blocks out of a rendered page: Chromium
 * prints them in the margins, where `pageNumber` and `totalPages` spans are filled in.
 */
export function splitPageFurniture(html: string): {
  body: string;
  header: string | undefined;
  footer: string | undefined;
} {
  let header: string | undefined;
  let footer: string | undefined;
  const body = html.replace(FURNITURE, (_match, which: string, inner: string) => {
    if (which.toLowerCase() === 'header') header = inner;
    else footer = inner;
    return '';
  });
  return { body, header, footer };
}

/** The bundled fonts and base styles go first in <head>, so the template's own CSS wins. */
export function withBaseStyles(html: string): string {
  const style = `<style>${baseStylesheet()}</style>`;
  const head = /<head[^>]*>/i.exec(html);
  if (head)
    return (
      html.slice(0, head.index + head[0].length) + style + html.slice(head.index + head[0].length)
    );
  return style + html;
}

/** Template version + data → document bytes, for every kind and format. */
export class DocumentComposer {
  constructor(
    private readonly templates: TemplateRunner,
    private readonly renderer: PdfRenderer,
    private readonly metrics?: Metrics,
  ) {}

  async compose(input: ComposeInput): Promise<Buffer> {
    if (!FORMATS_OF[input.kind].includes(input.format)) {
      throw new BusinessRuleError(
        'format-mismatch',
        `Un modèle ${input.kind.toUpperCase()} produit ${FORMATS_OF[input.kind].join(' ou ')}, pas ${input.format}.`,
        { allowed: FORMATS_OF[input.kind] },
      );
    }
    const started = process.hrtime.bigint();
    try {
      const bytes = await withSpan(
        'document.render',
        { 'document.format': input.format, 'template.kind': input.kind },
        () => this.bytes(input),
      );
      this.metrics?.documentRenderDuration.observe(
        { format: input.format },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
      return bytes;
    } catch (error) {
      throw asProblem(error);
    }
  }

  private async bytes(input: ComposeInput): Promise<Buffer> {
    const line = lineOf(input.organizationId);
    if (input.kind === 'xlsx') {
      return this.templates.fillWorkbook(line, input.file ?? Buffer.alloc(0), input.data);
    }
    const html = await this.templates.render(line, input.content ?? '', input.data, {
      escape: true,
    });
    if (input.format === 'html') return Buffer.from(html, 'utf8');
    const { body, header, footer } = splitPageFurniture(html);
    return this.renderer.render({
      html: withBaseStyles(body),
      header,
      footer: footer ?? pageNumberFooter(),
      cabinet: line,
    });
  }

  /** Many documents of one html template printed as one batch (reports). */
  async composeBatch(
    content: string,
    items: Record<string, unknown>[],
    organizationId?: string,
  ): Promise<Buffer[]> {
    const line = lineOf(organizationId);
    try {
      const pages = [];
      for (const data of items) {
        const html = await this.templates.render(line, content, data, { escape: true });
        pages.push({ html: withBaseStyles(splitPageFurniture(html).body) });
      }
      return await this.renderer.renderBatch(pages, { cabinet: line });
    } catch (error) {
      throw asProblem(error);
    }
  }
}

/**
 * Template failures at render time (limits, a filter on bad data) become 422 problems; the
 * renderer's own errors are already problems (busy 503, timeout 422, unavailable 503).
 */
function asProblem(error: unknown): unknown {
  if (error instanceof TemplateLimitError || error instanceof TemplateRenderError) {
    return new BusinessRuleError('template-render-failed', error.message, { code: error.code });
  }
  if (error instanceof HeaderFooterError) {
    // The header and footer come from the template's <template id="pdf-header|pdf-footer">, in
    // its content: a draft's `content` in a preview, the saved version's otherwise.
    return new BusinessRuleError(error.slug, error.message, {
      ...error.extensions,
      errors: [{ path: '/content', in: 'body', message: error.message }],
    });
  }
  if (error instanceof TemplatePoolBusyError || error instanceof TemplatePoolClosedError) {
    return new AppError(
      503,
      'template-workers-busy',
      'Trop de documents sont en cours de génération : réessayez dans quelques secondes.',
      { retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS },
      { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) },
    );
  }
  return error;
}
