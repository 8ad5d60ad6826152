import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../observability/metrics.ts';
import { HeaderFooterError, RenderFailedError, RendererUnavailableError } from './errors.ts';
import { ASSET_ORIGIN, readAsset } from './fonts.ts';
import { pageNumberFooter } from './header-footer.ts';
import {
  htmlDocument,
  pdfFonts,
  pdfImageSizes,
  pdfText,
  wordBoxes,
} from './pdf-inspect.test-support.ts';
import { createPdfRenderer, PdfRenderer } from './renderer.ts';

const metrics = createMetrics({ processMetrics: false });
const renderer = createPdfRenderer({ poolSize: 2, metrics });

afterAll(() => renderer.close());

async function pageCount(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf)).getPageCount();
}

/** One transparent pixel. */
const PIXEL_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('PdfRenderer.render', () => {
  it('prints a French document with its accents and the bundled Inter font', async () => {
    const pdf = await renderer.render({
      html: htmlDocument(
        '<h1>Avis d’échéance</h1><p>« Échéance » : 1 234,56 € — <em>Œuvre</em> déjà réglée.</p>',
        { title: 'Avis' },
      ),
    });

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain('Avis d’échéance');
    expect(text).toContain('« Échéance »');
    expect(text).toContain('1 234,56 €');
    expect(text).toContain('Œuvre déjà réglée');
    const fonts = await pdfFonts(pdf);
    expect(fonts).toEqual(expect.arrayContaining(['Inter-Bold', 'Inter-Regular']));
    // Nothing from the machine: every font in the file is Inter (regular, bold, italic).
    expect(fonts.every((font) => font.startsWith('Inter'))).toBe(true);
  });

  it('numbers pages « Page n / N » in a footer printed with the bundled font', async () => {
    const lines = [1, 2, 3]
      .map((page) => `<section style="break-after: page">Section ${page}</section>`)
      .join('');
    const pdf = await renderer.render({
      html: htmlDocument(lines),
      header: '<div style="font-size:8pt;width:100%;text-align:center">Cabinet Durand</div>',
      footer: pageNumberFooter('Quittance n° 42'),
    });

    expect(await pageCount(pdf)).toBe(3);
    const text = await pdfText(pdf);
    for (const page of [1, 2, 3]) expect(text).toContain(`Page ${page} / 3`);
    expect(text.match(/Cabinet Durand/g)).toHaveLength(3);
    expect(text.match(/Quittance n° 42/g)).toHaveLength(3);
    expect((await pdfFonts(pdf)).every((font) => font.startsWith('Inter'))).toBe(true);
  });

  it('keeps Chromium’s date and title out when only a footer is given', async () => {
    const pdf = await renderer.render({
      html: htmlDocument('<p>Corps</p>', { title: 'Titre secret' }),
      footer: pageNumberFooter(),
    });

    const text = await pdfText(pdf);
    expect(text).toContain('Page 1 / 1');
    expect(text).not.toContain('Titre secret');
    expect(text).not.toMatch(/\d{1,2}\/\d{1,2}\/\d{2,4}/);
  });

  it('escapes the footer text', async () => {
    const pdf = await renderer.render({
      html: htmlDocument('<p>Corps</p>'),
      footer: pageNumberFooter('<b>Dupont & fils</b>'),
    });

    expect(await pdfText(pdf)).toContain('<b>Dupont & fils</b>');
  });

  it('applies the margins asked for, over the default', async () => {
    const left = async (margin?: { left: string }) => {
      const pdf = await renderer.render({ html: htmlDocument('<p>Marge</p>'), margin });
      return (await wordBoxes(pdf)).find((box) => box.word === 'Marge')?.x;
    };

    // 15 mm ≈ 42.5 pt by default, 40 mm ≈ 113.4 pt when asked (less the glyph's side bearing).
    const byDefault = await left();
    const asked = await left({ left: '40mm' });
    expect(Math.abs(byDefault! - 42.5)).toBeLessThan(2);
    expect(Math.abs(asked! - 113.4)).toBeLessThan(2);
  });

  it('lets a template’s @page size and margins win', async () => {
    const pdf = await renderer.render({
      html: htmlDocument('<p>Paysage</p>', { style: '@page { size: A4 landscape; margin: 0 }' }),
    });

    const page = (await PDFDocument.load(pdf)).getPage(0);
    expect(page.getWidth()).toBeGreaterThan(page.getHeight());
    expect((await wordBoxes(pdf)).find((box) => box.word === 'Paysage')?.x).toBeLessThan(1);
  });

  it('refuses a header or footer that would load a style sheet or a font (Chromium crashed on them)', async () => {
    const importing = renderer.render({
      html: htmlDocument('<p>Corps</p>'),
      footer: '<style>@import url("https://example.com/x.css");</style><span>Pied</span>',
    });
    await expect(importing).rejects.toBeInstanceOf(HeaderFooterError);
    await expect(importing).rejects.toMatchObject({ status: 422, part: 'footer' });
    const font = renderer.renderBatch([{ html: htmlDocument('<p>Corps</p>') }], {
      header:
        '<style>@font-face{font-family:X;src:url(https://example.com/x.woff2)}</style><span style="font-family:X">En-tête</span>',
    });
    await expect(font).rejects.toMatchObject({ part: 'header', construct: '@font-face' });
    // The pool was not harmed: the same body with a plain footer prints.
    const pdf = await renderer.render({
      html: htmlDocument('<p>Corps</p>'),
      footer: '<span>Pied</span>',
    });
    expect(await pdfText(pdf)).toContain('Pied');
  });

  it("prints another cabinet's document before one cabinet's long line drains", async () => {
    const finished: string[] = [];
    const print = (cabinet: string, label: string) =>
      renderer
        .render({ html: htmlDocument(`<p>${label}</p>`), cabinet })
        .then(() => finished.push(label));
    const mass = Array.from({ length: 6 }, (_, index) => print('cabinet-a', `a${index}`));
    const other = print('cabinet-b', 'b0');
    await Promise.all([...mass, other]);
    // First come, first served would print b0 last (index 6), after a5. Cabinet A holds one of
    // the two tabs at most, so b0 starts at once, beside a0: it ends among the first few (its
    // tab may be opened for it, so it can end after a1 or a2 have, on the warm tab).
    expect(finished.indexOf('b0')).toBeLessThanOrEqual(3);
    expect(finished).toHaveLength(7);
  });

  it('prints 10 documents at once on 2 tabs, each with its own content', async () => {
    const renders = Array.from({ length: 10 }, (_, index) =>
      renderer.render({ html: htmlDocument(`<p>Document-${index}</p>`) }),
    );
    // Admission is synchronous: 2 printing, 8 in line, and the gauges say so.
    expect(renderer.stats()).toMatchObject({ busy: 2, queued: 8 });
    expect(await metrics.registry.getSingleMetricAsString('renderer_pool_queued')).toContain(
      'renderer_pool_queued 8',
    );

    const pdfs = await Promise.all(renders);
    for (const [index, pdf] of pdfs.entries()) {
      const text = await pdfText(pdf);
      expect(text).toContain(`Document-${index}`);
      expect(text.match(/Document-\d+/g)).toHaveLength(1);
    }
    expect(renderer.stats()).toMatchObject({ busy: 0, queued: 0, browserLaunches: 1 });
    expect(await metrics.registry.getSingleMetricAsString('renderer_pool_busy')).toContain(
      'renderer_pool_busy 0',
    );
  });

  it('does not let a self-reloading document blank the documents printed after it', async () => {
    const serial = new PdfRenderer({ poolSize: 1 });
    try {
      await serial.render({ html: htmlDocument('<p>Chauffe</p>') });
      const reloading = htmlDocument(
        '<meta http-equiv="refresh" content="1.2;url=about:blank"><p>Rechargée</p>',
      );
      expect(await pdfText(await serial.render({ html: reloading }))).toContain('Rechargée');
      // The refresh fires while the next documents print in the same tab: each one must still be
      // printed with its own content, never the blank page it navigates to.
      const started = Date.now();
      for (let index = 0; index < 100 && Date.now() - started < 2_000; index++) {
        const text = await pdfText(
          await serial.render({ html: htmlDocument(`<p>Suivant-${index}</p>`) }),
        );
        expect(text).toContain(`Suivant-${index}`);
      }
    } finally {
      await serial.close();
    }
  });

  it('gives up on a document that reloads itself at once', async () => {
    const serial = new PdfRenderer({ poolSize: 1 });
    try {
      const reloading = htmlDocument(
        '<meta http-equiv="refresh" content="0;url=about:blank"><p>Rechargée</p>',
      );
      // Printed before the reload, or refused after two tries: never a blank page.
      const outcome = await serial.render({ html: reloading }).then(
        (pdf) => pdfText(pdf),
        (error: unknown) => error,
      );
      if (typeof outcome === 'string') expect(outcome).toContain('Rechargée');
      else {
        expect(outcome).toBeInstanceOf(RenderFailedError);
        // The document's fault, not the server's: a problem the author can act on.
        expect(outcome).toMatchObject({ status: 422, slug: 'render-failed' });
      }
      expect(await pdfText(await serial.render({ html: htmlDocument('<p>Après</p>') }))).toContain(
        'Après',
      );
    } finally {
      await serial.close();
    }
  });
});

describe('PdfRenderer isolation', () => {
  let server: http.Server;
  let hits: string[];
  let connections: number;
  let base: string;

  beforeAll(async () => {
    hits = [];
    connections = 0;
    server = http.createServer((request, response) => {
      hits.push(request.url ?? '');
      response.setHeader('content-type', 'text/html');
      response.end('<p>SECRET-FROM-SERVER</p>');
    });
    server.on('connection', () => connections++);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reaches no network, no file and runs no script, but shows data: images', async () => {
    const host = base.replace('127.0.0.1', 'localhost');
    const head = `
      <link rel="stylesheet" href="${base}/style.css">
      <link rel="preconnect" href="${base}">
      <link rel="dns-prefetch" href="${host}">
      <link rel="prefetch" href="${base}/prefetch">
      <link rel="preload" as="image" href="${base}/preload.png">
      <link rel="icon" href="${base}/favicon.ico">
      <meta http-equiv="refresh" content="0;url=${base}/refresh">
      <style>
        @import url("${base}/import.css");
        @font-face { font-family: Remote; src: url(${base}/font.woff2); }
        body { background: url(${base}/background.png); }
        p { font-family: Remote, Inter; }
      </style>
      <script src="${base}/script.js"></script>`;
    const body = `
      <p>Contenu visible</p>
      <img src="${base}/image.png"><img src="${host}/localhost.png">
      <iframe src="${base}/frame"></iframe>
      <iframe src="file:///etc/passwd"></iframe>
      <img src="file:///etc/passwd">
      <object data="${base}/object"></object><embed src="${base}/embed">
      <video poster="${base}/poster.png" src="${base}/video.mp4"></video>
      <svg width="10" height="10"><image href="${base}/svg.png" width="10" height="10"/></svg>
      <picture><source srcset="${base}/srcset.png"><img src="${base}/fallback.png"></picture>
      <img src="${PIXEL_PNG}" width="40" height="40">
      <script>document.write('SCRIPT-RAN')</script>
      <iframe srcdoc="<script>document.write('SRCDOC-SCRIPT')</script><p>Cadre local</p>"></iframe>`;
    const html = htmlDocument(body).replace('</head>', `${head}</head>`);

    const pdf = await renderer.render({ html });
    // Leave time for anything that would still try (the refresh, the prefetch).
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(hits).toEqual([]);
    expect(connections).toBe(0);
    const text = await pdfText(pdf);
    expect(text).toContain('Contenu visible');
    expect(text).toContain('Cadre local');
    expect(text).not.toContain('SECRET-FROM-SERVER');
    expect(text).not.toContain('root:');
    expect(text).not.toContain('SCRIPT-RAN');
    expect(text).not.toContain('SRCDOC-SCRIPT');
    // The data: pixel is drawn (next to blocked-image icons and the video's controls).
    expect(await pdfImageSizes(pdf)).toContain('1x1');
  });

  it('serves only the bundled fonts from its asset origin', async () => {
    const font = await readAsset(`${ASSET_ORIGIN}/fonts/inter-latin-400-normal.woff2`);
    expect(font?.contentType).toBe('font/woff2');
    expect(font?.body.subarray(0, 4).toString('latin1')).toBe('wOF2');
    for (const url of [
      `${ASSET_ORIGIN}/fonts/../package.json`,
      `${ASSET_ORIGIN}/fonts/inter-latin-400-normal.woff2?x=1`,
      `${ASSET_ORIGIN}/fonts/inter-latin-100-normal.woff2`,
      `${ASSET_ORIGIN}/other`,
      'https://example.org/fonts/inter-latin-400-normal.woff2',
    ]) {
      expect(await readAsset(url)).toBeUndefined();
    }
  });

  it('answers nothing but fonts from its asset origin inside a document', async () => {
    const pdf = await renderer.render({
      html: htmlDocument(
        `<p>Police</p><iframe src="${ASSET_ORIGIN}/fonts/../../etc/passwd"></iframe><img src="${ASSET_ORIGIN}/x.png">`,
      ),
    });

    const text = await pdfText(pdf);
    expect(text).toContain('Police');
    expect(text).not.toContain('root:');
    expect((await pdfImageSizes(pdf)).every((size) => size === '14x16')).toBe(true);
  });
});

describe('PdfRenderer after close', () => {
  it('refuses new renders', async () => {
    const closed = new PdfRenderer();
    await closed.close();

    await expect(closed.render({ html: htmlDocument('<p>x</p>') })).rejects.toBeInstanceOf(
      RendererUnavailableError,
    );
    expect(closed.stats()).toMatchObject({ browserLaunches: 0, browserPid: undefined });
  });

  it('rejects invalid options', () => {
    expect(() => new PdfRenderer({ poolSize: 0 })).toThrow(RangeError);
    expect(() => new PdfRenderer({ maxQueue: -1 })).toThrow(RangeError);
    expect(() => new PdfRenderer({ maxBrowserRssMiB: 1.5 })).toThrow(RangeError);
  });

  it('rejects an invalid budget before taking a tab', async () => {
    await expect(renderer.render({ html: htmlDocument('<p>x</p>'), timeoutMs: 0 })).rejects.toThrow(
      RangeError,
    );
    expect(renderer.stats()).toMatchObject({ busy: 0, queued: 0 });
  });
});
