import type { PDFDocument } from 'pdf-lib';

/**
 * Printing many documents as one print is several times faster than one print each (Chromium's
 * print pipeline costs more than the layout of one page). The catch is knowing which page belongs
 * to which document without reading the PDF back. Here each document is wrapped in a block that
 * starts a new page, so every document takes at least one page; when the print has exactly as
 * many pages as documents, each took exactly one and page i is document i. Anything that could
 * make the combined print differ from separate prints sends the batch back to one print per
 * document: same result, only slower. See `planBatch` and `batchProbe`.
 */

/** The element wrapping each document of a combined print. */
export const BATCH_ITEM_TAG = 'monassurance-batch-item';

/**
 * Inline and `!important`, so that no template rule (`* { … }` resets included) can change the
 * wrapper: `all: unset` keeps inheritance (fonts) and drops anything else a rule could set.
 */
const ITEM_STYLE = 'all:unset!important;display:block!important;position:relative!important;';
const BREAK_STYLE = 'break-before:page!important;';

export interface DocumentParts {
  /** Everything up to and including the `<body …>` tag, without the `<title>`. */
  head: string;
  body: string;
  title: string | undefined;
  /** `<style>` and `<link>` elements inside the body, which would apply to the whole batch. */
  bodyStyles: string;
}

const BODY_OPEN = /<body\b[^>]*>/i;
const TAIL = /^<\/body\s*>\s*(?:<\/html\s*>)?\s*$/i;
const TITLE = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i;
const STYLE_ELEMENTS = /<style\b[\s\S]*?<\/style\s*>|<link\b[^>]*>/gi;

/** Splits a whole HTML document around its body; undefined when it has no explicit body. */
export function documentParts(html: string): DocumentParts | undefined {
  const open = BODY_OPEN.exec(html);
  if (!open) return undefined;
  const start = open.index + open[0].length;
  const end = html.toLowerCase().lastIndexOf('</body');
  if (end < start || !TAIL.test(html.slice(end))) return undefined;
  const rawHead = html.slice(0, start);
  const body = html.slice(start, end);
  return {
    head: rawHead.replace(TITLE, ''),
    body,
    title: TITLE.exec(rawHead)?.[1],
    bodyStyles: (body.match(STYLE_ELEMENTS) ?? []).join('\n'),
  };
}

/** A combined print of several documents, or why they cannot share one. */
export type BatchPlan = { html: string } | { refused: string };

/**
 * One document printing them all, each starting on its own page; refused when the documents do
 * not share the same head and body styles (their rules would leak into each other), when the
 * header or footer shows the document title and titles differ, or when one uses declarative
 * shadow DOM (which the layout probe cannot inspect).
 */
export function planBatch(htmls: string[], headerFooterClasses: Set<string>): BatchPlan {
  const parts: DocumentParts[] = [];
  for (const html of htmls) {
    const part = documentParts(html);
    if (!part) return { refused: 'no-body' };
    if (/shadowrootmode/i.test(html)) return { refused: 'shadow-dom' };
    parts.push(part);
  }
  const [first] = parts;
  if (!first) return { refused: 'empty' };
  if (parts.some((part) => part.head !== first.head || part.bodyStyles !== first.bodyStyles)) {
    return { refused: 'different-styles' };
  }
  const titles = parts.map((part) => part.title);
  const sameTitle = titles.every((title) => title === first.title);
  if (!sameTitle && headerFooterClasses.has('title')) return { refused: 'title-in-header' };
  const titleTag = sameTitle && first.title !== undefined ? `<title>${first.title}</title>` : '';
  const items = parts.map((part, index) => {
    // The title rides along as an attribute, decoded by the parser as the <title> would be.
    const title =
      part.title === undefined ? '' : ` data-title="${part.title.replace(/"/g, '&quot;')}"`;
    const style = ITEM_STYLE + (index === 0 ? '' : BREAK_STYLE);
    return `<${BATCH_ITEM_TAG} style="${style}"${title}>${part.body}</${BATCH_ITEM_TAG}>`;
  });
  // The title goes back right after <head …> when it is the same for all (header `title` class).
  const head = titleTag
    ? first.head.replace(/<head\b[^>]*>/i, (tag) => tag + titleTag)
    : first.head;
  return { html: `${head}${items.join('')}</body></html>` };
}

/**
 * Evaluated in the combined document through the DevTools protocol, which works while the
 * documents' own scripts stay disabled. Returns why the combined print could differ from separate
 * prints, or else the documents' titles (null for none):
 * - a wrapper that is not a direct child of the body (an unclosed table swallowed the next one,
 *   or a document contains the tag itself);
 * - margin, border or padding on html or body, which only the first page would get;
 * - a fixed element (repeated on every page of the batch) or an absolute one (placed against the
 *   page in a separate print, against its wrapper here);
 * - counters (they would run on across documents);
 * - selectors that relate body-level elements (`body > p`, `:root …:first-child`, `:has()`), or
 *   page selectors (`@page :first`, `:left`), which change meaning when documents are wrapped;
 * - a stylesheet whose rules cannot be read (a data: URL sheet is cross-origin to the document).
 */
export function batchProbe(count: number): string {
  return `(() => {
  const body = document.body;
  if (!body) return 'no-body';
  const items = body.querySelectorAll('${BATCH_ITEM_TAG}');
  if (items.length !== ${count} || body.querySelectorAll(':scope > ${BATCH_ITEM_TAG}').length !== ${count}) return 'structure';
  for (const element of [document.documentElement, body]) {
    const style = getComputedStyle(element);
    for (const side of ['Top', 'Bottom']) {
      for (const box of ['margin' + side, 'padding' + side, 'border' + side + 'Width']) {
        if (style[box] !== '0px') return 'body-box';
      }
    }
  }
  const ownCounter = (value) => value !== 'none' && value.split(/\\s+/).some((token) => token !== 'list-item' && !/^-?\\d+$/.test(token));
  for (const element of body.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after']) {
      const style = getComputedStyle(element, pseudo);
      if (style.position === 'fixed' || style.position === 'absolute') return 'positioned';
      if (ownCounter(style.counterIncrement) || ownCounter(style.counterReset) || ownCounter(style.counterSet)) return 'counters';
    }
  }
  const bodyLevel = /(^|[\\s,(])(html|body|:root)(?![\\w-])[^,{]*?(>|\\+|~|:first|:last|:nth|:only|:empty)|:has\\(/i;
  const walk = (rules) => {
    for (const rule of rules) {
      if (rule.type === 6 && rule.selectorText) return 'page-selector';
      if (rule.selectorText && bodyLevel.test(rule.selectorText)) return 'body-selector';
      if (rule.styleSheet) {
        let nested;
        try { nested = rule.styleSheet.cssRules; } catch { return 'opaque-stylesheet'; }
        const found = walk(nested);
        if (found) return found;
      }
      if (rule.cssRules) {
        const found = walk(rule.cssRules);
        if (found) return found;
      }
    }
    return null;
  };
  for (const sheet of document.styleSheets) {
    let rules;
    try { rules = sheet.cssRules; } catch { return 'opaque-stylesheet'; }
    const found = walk(rules);
    if (found) return found;
  }
  // As document.title reads a <title>: whitespace stripped and collapsed.
  return [...items].map((item) => {
    const title = item.getAttribute('data-title');
    return title === null ? null : title.replace(/[\\t\\n\\f\\r ]+/g, ' ').trim();
  });
})()`;
}

/** One PDF per page of `source`, each with its document's title when it had one. */
export async function splitPages(
  source: PDFDocument,
  titles: readonly (string | null | undefined)[],
): Promise<Buffer[]> {
  // Loaded on first use, like the renderer's: pdf-lib costs about a second of start-up.
  const { PDFDocument } = await import('pdf-lib');
  const out: Buffer[] = [];
  for (let index = 0; index < source.getPageCount(); index++) {
    const single = await PDFDocument.create();
    const [page] = await single.copyPages(source, [index]);
    if (page) single.addPage(page);
    const title = titles[index];
    if (title) single.setTitle(title);
    out.push(Buffer.from(await single.save()));
  }
  return out;
}
