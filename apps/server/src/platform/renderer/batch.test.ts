import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { BATCH_ITEM_TAG, documentParts, planBatch } from './batch.ts';
import { pageNumberFooter, templateClasses, withSinglePageNumbers } from './header-footer.ts';
import { htmlDocument, pdfText, wordBoxes } from './pdf-inspect.test-support.ts';
import { PdfRenderer } from './renderer.ts';

const renderer = new PdfRenderer({ poolSize: 2 });

afterAll(() => renderer.close());

async function pages(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf)).getPageCount();
}

/** A quittance as the starters write them: flex letterhead, tables, margins from @page. */
const QUITTANCE_STYLE = `
  @page { size: A4; margin: 14mm 17mm 27mm 17mm; }
  * { box-sizing: border-box; }
  body { font-size: 9.5pt; line-height: 1.45; }
  .top { display: flex; justify-content: space-between; min-height: 44mm; }
  h1 { margin: 7mm 0 5mm; font-size: 19pt; }
  .refs > div:first-child { border-left: none; }
  table { width: 100%; border-collapse: collapse; }
  td { padding: 1.5mm 0; border-bottom: 0.75pt solid #e3e7ec; }
  ol li { margin: 1mm 0; }`;

function quittance(index: number, title = `Quittance ${index}`): string {
  const rows = Array.from(
    { length: 6 },
    (_, row) => `<tr><td>Garantie ${row}</td><td>${(index + 1) * (row + 3)},00 €</td></tr>`,
  ).join('');
  return htmlDocument(
    `<div class="top"><div>Cabinet Martin</div><div>Client-${index}</div></div>` +
      `<h1>Quittance n° ${index}</h1><p>Échéance du 1<sup>er</sup> janvier</p>` +
      `<table>${rows}</table><ol><li>Conserver</li><li>Payer</li></ol>`,
    { title, style: QUITTANCE_STYLE },
  );
}

describe('renderBatch', () => {
  it('prints documents of one template together, one single-page PDF each', async () => {
    const items = Array.from({ length: 5 }, (_, index) => ({ html: quittance(index) }));
    const before = renderer.stats().batchFallbacks;

    const pdfs = await renderer.renderBatch(items);

    expect(pdfs).toHaveLength(5);
    expect(renderer.stats().batchFallbacks).toBe(before);
    for (const [index, pdf] of pdfs.entries()) {
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(await pages(pdf)).toBe(1);
      const text = await pdfText(pdf);
      expect(text).toContain(`Client-${index}`);
      expect(text.match(/Client-\d/g)).toHaveLength(1);
      expect((await PDFDocument.load(pdf)).getTitle()).toBe(`Quittance ${index}`);
    }
  });

  it('lays each document out exactly as when printed alone', async () => {
    const [, batched] = await renderer.renderBatch([
      { html: quittance(1) },
      { html: quittance(2) },
    ]);
    const alone = await renderer.render({ html: quittance(2) });

    const batchedWords = await wordBoxes(batched!);
    expect(batchedWords.length).toBeGreaterThan(20);
    expect(batchedWords).toEqual(await wordBoxes(alone));
  });

  it('numbers each document « Page 1 / 1 » in a combined print', async () => {
    const items = Array.from({ length: 3 }, (_, index) => ({ html: quittance(index) }));

    const pdfs = await renderer.renderBatch(items, { footer: pageNumberFooter('Cabinet Martin') });

    for (const pdf of pdfs) expect(await pdfText(pdf)).toContain('Page 1 / 1');
  });

  it('prints in chunks, keeping the order', async () => {
    const chunked = new PdfRenderer({ batchChunkSize: 2 });
    try {
      const items = Array.from({ length: 5 }, (_, index) => ({ html: quittance(index) }));
      const pdfs = await chunked.renderBatch(items);

      expect(pdfs).toHaveLength(5);
      for (const [index, pdf] of pdfs.entries()) {
        expect(await pdfText(pdf)).toContain(`Client-${index}`);
      }
      // 2 + 2 combined, the last one alone.
      expect(chunked.stats()).toMatchObject({ renders: 5, batchFallbacks: 0 });
    } finally {
      await chunked.close();
    }
  });

  it('falls back to one print each when a document takes two pages', async () => {
    const items = [
      { html: quittance(0) },
      {
        html: htmlDocument('<p>Long-1</p><p style="break-before: page">Suite de Long-1</p>'),
      },
      { html: quittance(2) },
    ];
    const before = renderer.stats().batchFallbacks;

    const pdfs = await renderer.renderBatch(items, { footer: pageNumberFooter() });

    expect(renderer.stats().batchFallbacks).toBe(before + 1);
    expect(await Promise.all(pdfs.map(pages))).toEqual([1, 2, 1]);
    const long = await pdfText(pdfs[1]!);
    expect(long).toContain('Suite de Long-1');
    expect(long).toContain('Page 2 / 2');
  });

  it.each([
    ['a fixed element', 'position: fixed; bottom: 0'],
    ['an absolute element', 'position: absolute; top: 100mm'],
    ['a pseudo-element out of the flow', 'position: relative'],
  ])('falls back to one print each with %s', async (_name, declaration) => {
    const style =
      declaration === 'position: relative'
        ? '.mark::after { content: ""; position: fixed; top: 0 }'
        : `.mark { ${declaration} }`;
    const items = [0, 1].map((index) => ({
      html: htmlDocument(`<p>Corps-${index}</p><div class="mark">Repère-${index}</div>`, {
        style,
      }),
    }));
    const before = renderer.stats();

    const pdfs = await renderer.renderBatch(items);

    // The combined print was refused before printing: only the two separate prints count.
    expect(renderer.stats()).toMatchObject({
      batchFallbacks: before.batchFallbacks + 1,
      renders: before.renders + 2,
    });
    for (const [index, pdf] of pdfs.entries()) {
      const text = await pdfText(pdf);
      expect(text).toContain(`Repère-${index}`);
      expect(text.match(/Repère-\d/g)).toHaveLength(1);
    }
  });

  it.each([
    ['counters', 'h2 { counter-increment: section } h2::before { content: counter(section) }'],
    ['body-level selectors', 'body > h2 { color: red }'],
    ['page selectors', '@page :first { margin-top: 50mm }'],
    [':has()', 'main:has(h2) { color: red }'],
    ['an @import', '@import url("data:text/css,body%20%3E%20h2%7Bcolor:red%7D");'],
    ['body margins', 'body { padding-top: 10mm }'],
  ])('falls back to one print each with %s', async (_name, style) => {
    const items = [0, 1].map((index) => ({
      html: htmlDocument(`<main><h2>Titre-${index}</h2></main>`, { style }),
    }));
    const before = renderer.stats().batchFallbacks;

    const pdfs = await renderer.renderBatch(items);

    expect(renderer.stats().batchFallbacks).toBe(before + 1);
    for (const [index, pdf] of pdfs.entries()) {
      expect(await pdfText(pdf)).toContain(`Titre-${index}`);
    }
  });

  it('falls back to one print each when a document swallows the next one', async () => {
    // An unclosed table keeps the next wrapper inside it.
    const items = [0, 1, 2].map((index) => ({
      html: htmlDocument(`<table><tr><td>Cellule-${index}`),
    }));
    const before = renderer.stats().batchFallbacks;

    const pdfs = await renderer.renderBatch(items);

    expect(renderer.stats().batchFallbacks).toBe(before + 1);
    for (const [index, pdf] of pdfs.entries()) {
      expect(await pdfText(pdf)).toContain(`Cellule-${index}`);
    }
  });

  it('prints a single document or none', async () => {
    expect(await renderer.renderBatch([])).toEqual([]);
    const [pdf] = await renderer.renderBatch([{ html: quittance(7) }]);
    expect(await pdfText(pdf!)).toContain('Client-7');
  });
});

describe('planBatch', () => {
  const plain = (body: string, title?: string) =>
    `<!doctype html><html><head>${title ? `<title>${title}</title>` : ''}<style>p{}</style></head><body class="b">${body}</body></html>`;

  it('wraps each body, the first without a page break', () => {
    const plan = planBatch([plain('<p>A</p>', 'T'), plain('<p>B</p>', 'T')], new Set());

    if (!('html' in plan)) throw new Error(plan.refused);
    expect(plan.html).toContain('<title>T</title>');
    expect(plan.html).toContain('<body class="b">');
    const wrappers = plan.html.split(`<${BATCH_ITEM_TAG} `).slice(1);
    expect(wrappers).toHaveLength(2);
    expect(wrappers[0]).not.toContain('break-before');
    expect(wrappers[1]).toContain('break-before:page');
  });

  it('keeps different titles out of the combined head, for the PDFs', () => {
    const plan = planBatch([plain('A', 'Un'), plain('B', 'Deux')], new Set(['pageNumber']));

    if (!('html' in plan)) throw new Error(plan.refused);
    expect(plan.html).toContain('data-title="Un"');
    expect(plan.html).toContain('data-title="Deux"');
    expect(plan.html).not.toContain('<title>');
  });

  it.each([
    ['no-body', ['<p>fragment</p>', plain('B')]],
    ['no-body', [`${plain('A')}<p>after the end</p>`, plain('B')]],
    ['shadow-dom', [plain('<div><template shadowrootmode="open">A</template></div>'), plain('B')]],
    ['different-styles', [plain('A'), plain('B').replace('p{}', 'p{color:red}')]],
    ['different-styles', [plain('<style>a{}</style>A'), plain('B')]],
    ['empty', []],
  ])('refuses (%s)', (reason, htmls) => {
    expect(planBatch(htmls, new Set())).toEqual({ refused: reason });
  });

  it('refuses different titles when the header shows the title', () => {
    expect(planBatch([plain('A', 'Un'), plain('B', 'Deux')], new Set(['title']))).toEqual({
      refused: 'title-in-header',
    });
  });

  it('splits a document around its body', () => {
    expect(
      documentParts('<html><head><title>T &amp; U</title></head><BODY>x</body>\n</html>\n'),
    ).toEqual({
      head: '<html><head></head><BODY>',
      body: 'x',
      title: 'T &amp; U',
      bodyStyles: '',
    });
  });

  it('decodes titles for the PDFs', async () => {
    const titles = ['Avis &amp; relev&eacute; &#233;&#xE9;  "n°&nbsp;1"', '  Deux\n lignes '];
    const pdfs = await renderer.renderBatch(
      titles.map((title) => ({ html: htmlDocument('<p>T</p>', { title }) })),
    );
    const alone = await renderer.render({ html: htmlDocument('<p>T</p>', { title: titles[0] }) });

    const [first, second] = await Promise.all(
      pdfs.map(async (pdf) => (await PDFDocument.load(pdf)).getTitle()),
    );
    expect(first).toBe('Avis & relevé éé "n°\u00a01"');
    expect(first).toBe((await PDFDocument.load(alone)).getTitle());
    expect(second).toBe('Deux lignes');
  });
});

describe('header and footer templates in a batch', () => {
  it('lists the classes a template uses', () => {
    expect(
      templateClasses(`<span class="pageNumber big"></span><b class='title'></b><i class=date>`),
    ).toEqual(new Set(['pageNumber', 'big', 'title', 'date']));
  });

  it('turns page numbers into « 1 » and leaves other templates alone', () => {
    const footer = `<span class="x pageNumber"></span>/<span class='totalPages'></span>`;
    const rewritten = withSinglePageNumbers(footer);

    expect(rewritten).not.toMatch(/class="[^"]*\bpageNumber\b/);
    expect(rewritten).toContain('class="x monassurance-page-number"');
    expect(rewritten).toContain("class='monassurance-total-pages'");
    expect(rewritten).toContain('content:"1"');
    expect(withSinglePageNumbers('<span class="date"></span>')).toBe('<span class="date"></span>');
  });
});
