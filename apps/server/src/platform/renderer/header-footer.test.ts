import { describe, expect, it } from 'vitest';
import { ASSET_ORIGIN, baseStylesheet, HEADER_FONTS_GLOBAL, headerFooterFonts } from './fonts.ts';
import { HeaderFooterError } from './errors.ts';
import {
  checkHeaderFooter,
  escapeHtml,
  headerFooterLoad,
  headerFooterOptions,
  pageNumberFooter,
} from './header-footer.ts';

describe('headerFooterOptions', () => {
  it('prints no header or footer unless asked', async () => {
    expect(await headerFooterOptions({})).toEqual({ displayHeaderFooter: false });
    expect(await headerFooterOptions({ header: '', footer: '' })).toEqual({
      displayHeaderFooter: false,
    });
  });

  it('gives the bundled font to the templates given, and an empty one to the other', async () => {
    const { stylesheet } = await headerFooterFonts();

    const headerOnly = await headerFooterOptions({ header: '<b>En-tête</b>' });
    expect(headerOnly).toEqual({
      displayHeaderFooter: true,
      headerTemplate: `<style>${stylesheet}</style><b>En-tête</b>`,
      footerTemplate: '<span></span>',
    });
    const footerOnly = await headerFooterOptions({ footer: '<i>Pied</i>' });
    expect(footerOnly.headerTemplate).toBe('<span></span>');
    expect(footerOnly.footerTemplate).toMatch(/<\/style><i>Pied<\/i>$/);
  });

  it('inlines Inter 400 and 700 and loads the same data into the page', async () => {
    const { stylesheet, warmUp } = await headerFooterFonts();

    const urls = [...stylesheet.matchAll(/url\((data:font\/woff2;base64,[^)]+)\)/g)].map(
      (match) => match[1],
    );
    expect(urls).toHaveLength(2);
    for (const url of urls) expect(warmUp).toContain(`url(${url})`);
    expect(stylesheet).toContain('font-weight:400');
    expect(stylesheet).toContain('font-weight:700');
    expect(warmUp).toContain(`globalThis.${HEADER_FONTS_GLOBAL} = faces`);
  });
});

describe('pageNumberFooter', () => {
  it('centres « Page n / N » alone, or puts it right of a text', () => {
    const alone = pageNumberFooter();
    expect(alone).toContain('justify-content:center');
    expect(alone).toContain(
      'Page <span class="pageNumber"></span> / <span class="totalPages"></span>',
    );
    expect(pageNumberFooter('Cabinet « Durand » & fils')).toContain(
      '<span>Cabinet « Durand » &amp; fils</span>',
    );
  });

  it('escapes HTML', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('baseStylesheet', () => {
  it('declares Inter from the asset origin and drops the body margin', () => {
    const css = baseStylesheet();

    expect(css).toContain(`src:url(${ASSET_ORIGIN}/fonts/inter-latin-400-normal.woff2)`);
    expect(css).toContain(`src:url(${ASSET_ORIGIN}/fonts/inter-latin-ext-700-italic.woff2)`);
    expect(css).toContain('font-display:block');
    expect(css).toMatch(/body\{margin:0;font-family:Inter,/);
  });
});

describe('headerFooterLoad', () => {
  it('finds what would load a style sheet, a font or a document, however it is written', () => {
    const cases: [string, string][] = [
      ['<style>@import url("https://example.com/x.css");</style>Pied', '@import'],
      ['<style>@IMPORT "x.css";</style>', '@import'],
      ['<style>@\\69mport url(x.css)</style>', '@import'],
      ['<style>@\\000069 mport url(x.css)</style>', '@import'],
      ['<svg><style>&#64;import url("x.css");</style></svg>', '@import'],
      ['<svg><style>&commat;import url("x.css");</style></svg>', '@import'],
      [
        '<style>@font-face{font-family:X;src:url(https://example.com/x.woff2)}</style>',
        '@font-face',
      ],
      ['<style>@font-face{font-family:X;src:url(&#104;ttps://e/x.woff2)}</style>', '@font-face'],
      ['<link rel="stylesheet" href="https://example.com/x.css">', '<link>'],
      ['<LINK REL=stylesheet HREF=x.css>', '<link>'],
      ['<style>span{clip-path:url(https://example.com/c.svg#x)}</style>', 'url()'],
      ['<span style="clip-path:url(\'/c.svg#x\')">x</span>', 'url()'],
    ];
    for (const [template, construct] of cases) {
      expect(headerFooterLoad(template), template).toBe(construct);
    }
  });

  it('lets through what loads nothing', () => {
    for (const template of [
      pageNumberFooter('Cabinet Durand'),
      '<style>@font-face{font-family:X;src:url(data:font/woff2;base64,AAAA)}</style>',
      '<span style="clip-path:url(#c)">x</span>',
      '<img src="data:image/png;base64,AAAA"> Linkage @important',
    ]) {
      expect(headerFooterLoad(template), template).toBeUndefined();
    }
  });

  it('names the part in a 422 problem', () => {
    expect(() => checkHeaderFooter({ header: '<b>ok</b>', footer: '<link href=x>' })).toThrow(
      HeaderFooterError,
    );
    try {
      checkHeaderFooter({ header: '<style>@import "x"</style>' });
    } catch (error) {
      expect(error).toMatchObject({ status: 422, part: 'header', construct: '@import' });
      expect((error as Error).message).toMatch(/^L'en-tête du PDF ne peut charger/);
    }
  });
});
