/**
 * The text-level steps of showing a rendered template inside the app (see ShadowHtmlPreview):
 * what must leave the source before it is parsed, so the page's CSP has nothing to refuse.
 */

const DOCUMENT_SELECTOR = /(^|[\s,>+~(])(html|body|:root)(?=$|[\s,.#:[>+~)])/gi;

/**
 * A selector with its `html`, `:root` and `body` pointed at the two wrappers that stand in for
 * them in a shadow root (`.tpl-html`, `.tpl-body`).
 */
export function retargetSelector(selector: string): string {
  return selector.replace(
    DOCUMENT_SELECTOR,
    (_match, before: string, name: string) =>
      `${before}${name.toLowerCase() === 'body' ? '.tpl-body' : '.tpl-html'}`,
  );
}

const COMMENT = /<!--[\s\S]*?-->/g;
const STYLE_ELEMENT = /<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;

/**
 * Takes the `<style>` elements out of the source before it is parsed: parsing them, even in an
 * inert DOMParser document, is checked against the page's CSP (and reported). Their text ends at
 * the first `</style`, as the HTML parser reads it.
 */
export function extractStyles(html: string): { markup: string; css: string[] } {
  const css: string[] = [];
  const markup = html.replace(COMMENT, '').replace(STYLE_ELEMENT, (_element, text: string) => {
    css.push(text);
    return '';
  });
  return { markup, css };
}

const STYLE_ATTRIBUTE = /(<[a-z][^<>]*?\s)style(\s*=)/gi;
const EVENT_ATTRIBUTE = /(<[a-z][^<>]*?\s)(on[a-z]+\s*=)/gi;
export const PARKED_STYLE = 'data-tpl-style';
export const PARKED_EVENT = 'data-tpl-dropped-';

/**
 * Renames, in the source, the attributes the CSP would check (and report) while the source is
 * parsed: `style` (applied later through the CSSOM) and event handlers (dropped later). A regular
 * expression matches one attribute per tag and pass, so it runs until nothing changes.
 */
export function parkAttributes(html: string): string {
  let current = html;
  for (;;) {
    const next = current
      .replace(STYLE_ATTRIBUTE, `$1${PARKED_STYLE}$2`)
      .replace(EVENT_ATTRIBUTE, `$1${PARKED_EVENT}$2`);
    if (next === current) return next;
    current = next;
  }
}
