import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * The origin documents load bundled assets from. `.invalid` never resolves (RFC 6761), so nothing
 * but the renderer's own request handler can answer it: a document printed elsewhere fails closed.
 */
export const ASSET_ORIGIN = 'https://assets.monassurance.invalid';

const FONT_PREFIX = `${ASSET_ORIGIN}/fonts/`;

/** Fontsource's subsets of Inter: Latin covers French (with Œ, €); Latin Extended the rest of Europe. */
const SUBSETS = {
  latin:
    'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD',
  'latin-ext':
    'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF',
} as const;

type Subset = keyof typeof SUBSETS;
type FontStyle = 'normal' | 'italic';

interface Face {
  subset: Subset;
  weight: number;
  style: FontStyle;
}

/** The faces templates may use; Chromium downloads a file only when some text needs it. */
const FACES: readonly Face[] = (['latin', 'latin-ext'] as const).flatMap((subset) => [
  ...[400, 500, 600, 700].map((weight) => ({ subset, weight, style: 'normal' as const })),
  ...[400, 700].map((weight) => ({ subset, weight, style: 'italic' as const })),
]);

const fileName = ({ subset, weight, style }: Face) => `inter-${subset}-${weight}-${style}.woff2`;

const FONT_FILES = new Set(FACES.map(fileName));

const require = createRequire(import.meta.url);

function fontFilePath(name: string): string {
  return require.resolve(`@fontsource/inter/files/${name}`);
}

function fontFace(face: Face, src: string): string {
  return (
    `@font-face{font-family:Inter;font-style:${face.style};font-weight:${face.weight};` +
    // block: a PDF printed before the font arrived would keep the fallback font for good.
    `font-display:block;src:url(${src}) format('woff2');unicode-range:${SUBSETS[face.subset]}}`
  );
}

const FONT_STACK = "Inter, 'Helvetica Neue', Arial, sans-serif";

const BASE_STYLESHEET =
  FACES.map((face) => fontFace(face, FONT_PREFIX + fileName(face))).join('\n') +
  '\nhtml{-webkit-print-color-adjust:exact;print-color-adjust:exact}' +
  // No body margin: the page margins (PDF options or @page) frame the text, as on paper.
  `\nbody{margin:0;font-family:${FONT_STACK}}\n`;

/**
 * The CSS every document starts from (to put in a `<style>` before the template's own): Inter,
 * bundled with the server and served by the renderer itself, so a PDF depends neither on the fonts
 * of the machine (for Latin text) nor on the network; and no body margin (the PDF margins or the
 * template's `@page` rule frame the page).
 */
export function baseStylesheet(): string {
  return BASE_STYLESHEET;
}

/** A bundled asset for a URL under {@link ASSET_ORIGIN}, or undefined when there is none. */
export interface Asset {
  body: Buffer;
  contentType: string;
}

const cache = new Map<string, Promise<Buffer>>();

function readFont(name: string): Promise<Buffer> {
  let content = cache.get(name);
  if (!content) {
    content = readFile(fontFilePath(name));
    // A failed read is not cached: the next request tries again.
    content.catch(() => cache.delete(name));
    cache.set(name, content);
  }
  return content;
}

/** The bytes served for `url`, or undefined for anything that is not a bundled asset. */
export async function readAsset(url: string): Promise<Asset | undefined> {
  if (!url.startsWith(FONT_PREFIX)) return undefined;
  const name = url.slice(FONT_PREFIX.length);
  // Only the listed files: no path traversal, no query strings.
  if (!FONT_FILES.has(name)) return undefined;
  return { body: await readFont(name), contentType: 'font/woff2' };
}

/** The inline fonts of header and footer templates, and how to make them usable there. */
export interface HeaderFooterFonts {
  /** CSS to put first in each header and footer template. */
  stylesheet: string;
  /**
   * An expression to evaluate in the printed document before printing. Header and footer
   * templates are separate documents that Chromium prints without loading anything: a font they
   * declare is used only if the page's renderer already holds the very same resource, else the
   * text falls back to a system font. This loads the same data: URLs in the page and keeps them
   * alive on its global object, which outlives the documents put in the tab after it.
   */
  warmUp: string;
}

/** The global that keeps the header fonts of a tab alive (set by `warmUp`). */
export const HEADER_FONTS_GLOBAL = '__monassuranceHeaderFonts';

let headerFooter: Promise<HeaderFooterFonts> | undefined;

/**
 * Inter Latin 400 and 700 (French and page numbers) as data: URLs, about 64 KB of base64 sent
 * with each print that has a header or footer.
 */
export function headerFooterFonts(): Promise<HeaderFooterFonts> {
  headerFooter ??= (async () => {
    const faces = FACES.filter(
      (face) =>
        face.subset === 'latin' &&
        face.style === 'normal' &&
        (face.weight === 400 || face.weight === 700),
    );
    const sources = await Promise.all(
      faces.map(async (face) => {
        const content = await readFont(fileName(face));
        return { face, url: `data:font/woff2;base64,${content.toString('base64')}` };
      }),
    );
    // swap, not block: should the resource be missing, a fallback font beats invisible text.
    const rules = sources.map(({ face, url }) =>
      fontFace(face, url).replace('font-display:block', 'font-display:swap'),
    );
    const loads = sources.map(
      ({ face, url }) =>
        `new FontFace('Inter', 'url(${url})', { weight: '${face.weight}', style: '${face.style}' }).load()`,
    );
    return {
      stylesheet: `${rules.join('')}html{font-family:${FONT_STACK};font-size:9pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}`,
      warmUp: `Promise.all([${loads.join(',')}]).then((faces) => { globalThis.${HEADER_FONTS_GLOBAL} = faces; return faces.length; })`,
    };
  })();
  headerFooter.catch(() => (headerFooter = undefined));
  return headerFooter;
}
