import { HeaderFooterError } from './errors.ts';
import { headerFooterFonts } from './fonts.ts';

/** Page margins as CSS lengths (`'15mm'`, `'1cm'`, `'0'`). */
export interface PdfMargin {
  top?: string;
  right?: string;
  bottom?: string;
  left?: string;
}

/**
 * Margins when a render names none: room for a header or footer. A template's own
 * `@page { margin: … }` wins over them (Chromium prefers the CSS page box).
 */
export const DEFAULT_MARGIN: Readonly<Required<PdfMargin>> = {
  top: '15mm',
  right: '15mm',
  bottom: '15mm',
  left: '15mm',
};

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * A small footer « Page 1 / 3 », with `text` (escaped) on the left when given. Chromium fills
 * `<span class="pageNumber">` and `<span class="totalPages">` in any header or footer template,
 * so templates get « page n / N » the same way.
 */
export function pageNumberFooter(text?: string): string {
  const pages = 'Page <span class="pageNumber"></span> / <span class="totalPages"></span>';
  const label = text ? `<span>${escapeHtml(text)}</span>` : '';
  return (
    `<div style="box-sizing:border-box;width:100%;padding:0 15mm;display:flex;justify-content:${text ? 'space-between' : 'center'};` +
    `font-size:8pt;color:#555">${label}<span>${pages}</span></div>`
  );
}

/**
 * The text as the CSS parser of a `<style>` sees it: character references decoded (they are, in
 * the `<style>` of an SVG), then CSS escapes (`@\69mport` is `@import`).
 */
function cssText(template: string): string {
  return template
    .replace(
      /&(?:#x([0-9a-f]+)|#(\d+)|(commat|bsol));?/gi,
      (all, hex?: string, dec?: string, name?: string) => {
        if (name) return name.toLowerCase() === 'commat' ? '@' : '\\';
        const code = hex ? parseInt(hex, 16) : Number(dec);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
      },
    )
    .replace(
      /\\(?:([0-9a-f]{1,6})[ \t\r\n\f]?|([^\r\n\f0-9a-f]))/gi,
      (all, hex?: string, char?: string) => {
        if (char !== undefined) return char;
        const code = parseInt(hex ?? '', 16);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
      },
    );
}

/** A CSS `url(…)` and its target. */
const URL_FUNCTION = /url\(\s*(["']?)\s*([^"')\s]*)/gi;

const loadsSomething = (block: string) =>
  [...block.matchAll(URL_FUNCTION)].some((match) => !/^(data:|#)/i.test(match[2] ?? ''));

/**
 * What in a header or footer template would make Chromium load a style sheet, a font or another
 * document, or undefined. Chromium prints these templates in documents of their own, and such a
 * load crashes the print (seen with Chromium 147: « Printing failed » or a crashed tab, with
 * request interception or without) — `<link>`, `@import`, an `@font-face` or a `clip-path` from a
 * URL. Only `data:` URLs and fragments (`#id`) are allowed; images (`<img src>`) are left to the
 * renderer's routing, which refuses them without harm.
 */
export function headerFooterLoad(template: string): string | undefined {
  if (/<link[\s/>]/i.test(template)) return '<link>';
  const css = cssText(template);
  if (/@import(?![\w-])/i.test(css)) return '@import';
  for (const face of css.matchAll(/@font-face[^{]*\{([^}]*)\}?/gi)) {
    if (loadsSomething(face[1] ?? '')) return '@font-face';
  }
  if (loadsSomething(css)) return 'url()';
  return undefined;
}

/** Refuses a header or footer that would crash the print (see `headerFooterLoad`). */
export function checkHeaderFooter(input: HeaderFooterInput): void {
  for (const part of ['header', 'footer'] as const) {
    const construct = input[part] ? headerFooterLoad(input[part]) : undefined;
    if (construct) throw new HeaderFooterError(part, construct);
  }
}

export interface HeaderFooterInput {
  header?: string | undefined;
  footer?: string | undefined;
}

export interface HeaderFooterOptions {
  displayHeaderFooter: boolean;
  headerTemplate?: string;
  footerTemplate?: string;
}

/**
 * Page.printToPDF options for a header and footer. Chromium prints its own date/title/URL header
 * when a template is missing, so the absent one becomes empty; the given ones get the bundled
 * font inline (see `headerFooterFonts` for why the page must load it too).
 */
export async function headerFooterOptions(input: HeaderFooterInput): Promise<HeaderFooterOptions> {
  if (!input.header && !input.footer) return { displayHeaderFooter: false };
  const style = `<style>${(await headerFooterFonts()).stylesheet}</style>`;
  // Each template is a document of its own on every page: the empty one gets no fonts to parse.
  const template = (html: string | undefined) => (html ? style + html : '<span></span>');
  return {
    displayHeaderFooter: true,
    headerTemplate: template(input.header),
    footerTemplate: template(input.footer),
  };
}

const CLASS_ATTRIBUTE = /(\sclass\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)/gi;

/** Class names Chromium fills in header and footer templates, by the text they take in a batch. */
const PAGE_CLASSES = new Map([
  ['pageNumber', 'monassurance-page-number'],
  ['totalPages', 'monassurance-total-pages'],
]);

/** The Chromium-filled class names a header or footer template uses (`pageNumber`, `title`, …). */
export function templateClasses(template: string): Set<string> {
  const found = new Set<string>();
  for (const match of template.matchAll(CLASS_ATTRIBUTE)) {
    const value = (match[2] ?? '').replace(/^["']|["']$/g, '');
    for (const name of value.split(/\s+/)) if (name) found.add(name);
  }
  return found;
}

/**
 * For a batch of one-page documents printed as one: « page n / N » must read « 1 / 1 » on every
 * page, not the position in the batch. The classes Chromium fills are renamed to ones whose text
 * comes from CSS.
 */
export function withSinglePageNumbers(template: string): string {
  const classes = templateClasses(template);
  if (![...PAGE_CLASSES.keys()].some((name) => classes.has(name))) return template;
  const renamed = template.replace(CLASS_ATTRIBUTE, (_all, prefix: string, value: string) => {
    const tokens = value.replace(
      /(?<=^|[\s"'])(pageNumber|totalPages)(?=$|[\s"'])/g,
      (name) => PAGE_CLASSES.get(name) ?? name,
    );
    return prefix + tokens;
  });
  const css = [...PAGE_CLASSES.values()].map((name) => `.${name}::before{content:"1"}`).join('');
  return `<style>${css}</style>${renamed}`;
}
