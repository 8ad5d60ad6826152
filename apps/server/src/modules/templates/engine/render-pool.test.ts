import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { TemplateLimitError, TemplateRenderError, TemplateSyntaxError } from './errors.ts';
import { createTemplateEngine } from './liquid.ts';
import { createTemplateRenderPool } from './render-pool.ts';
import { parseWorkbookTemplate } from './xlsx.ts';

const DOS = '{% for a in (1..10000) %}{% for b in (1..10000) %}{% endfor %}{% endfor %}';
const html = { escape: true };

/** Counts turns of the main event loop until stopped. */
function loopTurns() {
  let turns = 0;
  const timer = setInterval(() => turns++, 1);
  return {
    get turns() {
      return turns;
    },
    stop: () => clearInterval(timer),
  };
}

const pool = createTemplateRenderPool({ size: 2 });
afterAll(() => pool.close());

describe('TemplateRenderPool', () => {
  it('renders in a worker what the engine renders in process, French filters included', async () => {
    const source = '<p>{{ client.display_name }} — {{ premium | money }} — {{ "<b>" }}</p>';
    const data = { client: { display_name: 'Zoé Lefèvre' }, premium: 123456.5 };
    const text = await pool.render('cabinet-a', source, data, html);
    expect(text).toBe(await createTemplateEngine().render(source, data, html));
    expect(text).toMatch(/Zoé Lefèvre — 123\s456,50\s€ — &lt;b&gt;/);
  });

  it("gives back the engine's own errors, with their French message and line", async () => {
    const error = await pool
      .render('cabinet-a', 'Ligne 1\n  {{ "%%%" | base64_decode }}', {}, html)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect((error as TemplateRenderError).line).toBe(2);
    expect((error as Error).message).toMatch(/^Le modèle n'a pas pu être produit/);
  });

  it('keeps the main event loop turning while a template loops, and stops it with a 422 limit', async () => {
    const loop = loopTurns();
    const error = await pool.render('cabinet-a', DOS, {}, html).catch((e: unknown) => e);
    const turnsDuringRender = loop.turns;
    loop.stop();
    expect(error).toBeInstanceOf(TemplateLimitError);
    expect((error as TemplateLimitError).code).toBe('render_timeout');
    // Rendered on this thread, the loop would not have turned once before the render ended.
    expect(turnsDuringRender).toBeGreaterThan(10);
  });

  it("serves another cabinet's render while one cabinet's templates loop", async () => {
    // Both workers started, so that no render below waits for a worker to load.
    await Promise.all([pool.render('warm-1', 'x', {}, html), pool.render('warm-2', 'x', {}, html)]);
    expect(pool.stats().workers).toBe(2);
    const finished: string[] = [];
    const attacks = [1, 2, 3].map((n) =>
      pool
        .render('cabinet-a', DOS, {}, html)
        .catch(() => undefined)
        .then(() => finished.push(`a${n}`)),
    );
    const other = pool
      .render('cabinet-b', '<p>{{ n }}</p>', { n: 1 }, html)
      .then(() => finished.push('b'));
    await Promise.all([...attacks, other]);
    // Cabinet A holds one of the two workers at most: B never waits for A's loops.
    expect(finished[0]).toBe('b');
  });

  it('terminates a worker that overruns its budget, replaces it, and renders on', async () => {
    // LiquidJS's own limit set far away: only the pool's hard budget can stop this render.
    const strict = createTemplateRenderPool({
      size: 1,
      limits: { renderTimeMs: 600_000 },
      renderBudgetMs: 300,
    });
    try {
      await strict.render('cabinet-a', 'prêt', {}, html);
      expect(strict.stats()).toMatchObject({ workers: 1, replaced: 0 });
      const error = await strict.render('cabinet-a', DOS, {}, html).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TemplateLimitError);
      expect((error as TemplateLimitError).code).toBe('render_timeout');
      expect(strict.stats()).toMatchObject({ workers: 1, replaced: 1, active: 0, queued: 0 });
      expect(await strict.render('cabinet-b', 'encore {{ n }}', { n: 2 }, html)).toBe('encore 2');
    } finally {
      await strict.close();
    }
  });

  it('stops a render that needs more than the heap budget, as a memory limit', async () => {
    // Time budgets out of the way (a slow machine, or coverage instrumentation, would otherwise
    // end the render as a timeout first): only the heap can stop it.
    const small = createTemplateRenderPool({
      size: 1,
      memoryMiB: 32,
      renderBudgetMs: 120_000,
      limits: { memoryLimit: Number.MAX_SAFE_INTEGER, renderTimeMs: 120_000 },
    });
    try {
      const error = await small
        .render(
          'cabinet-a',
          '{% assign big = (1..20000000) | join: "," %}{{ big | size }}',
          {},
          html,
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TemplateLimitError);
      expect((error as TemplateLimitError).code).toBe('memory');
      expect(await small.render('cabinet-a', 'ok', {}, html)).toBe('ok');
    } finally {
      await small.close();
    }
  });

  it('fills an XLSX template in a worker', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Feuil1').getCell('A1').value = '{{ client.display_name }}';
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const filled = await pool.fillWorkbook('cabinet-a', file, {
      client: { display_name: 'Zoé' },
    });
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(filled as unknown as ArrayBuffer);
    expect(read.getWorksheet('Feuil1')?.getCell('A1').value).toBe('Zoé');
  });

  it('checks a template in a worker as the engine does: variables, warnings, syntax errors', async () => {
    const source =
      '<p>{{ client.display_name }} {{ Client.Nom }}</p>\n{% if policy.number %}ok{% endif %}';
    const inProcess = createTemplateEngine().parse(source);
    expect(await pool.analyse('cabinet-a', source)).toEqual({
      variables: inProcess.variables,
      warnings: inProcess.warnings,
    });
    expect(inProcess.warnings.length).toBeGreaterThan(0);
    const error = await pool
      .analyse('cabinet-a', 'Ligne 1\nLigne 2 {% if client %}')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect((error as TemplateSyntaxError).line).toBe(2);
    expect((error as Error).message).toMatch(/n'est pas fermée/);
  });

  it('keeps the main event loop turning while a long template is checked', async () => {
    // About 500 KB and 10,000 tags: most of a second to check on this thread, where the loop
    // would not turn once until the check ended.
    const unit =
      '<p>{{ client.display_name }} {% if policy.number %}{{ policy.number | upcase }}{% endif %}</p>\n';
    const source = unit.repeat(Math.floor(500_000 / unit.length));
    const loop = loopTurns();
    const analysis = await pool.analyse('cabinet-a', source);
    const turnsDuringCheck = loop.turns;
    loop.stop();
    expect(analysis.variables).toEqual(['client.display_name', 'policy.number']);
    expect(turnsDuringCheck).toBeGreaterThan(10);
  });

  it('checks an XLSX template in a worker as parseWorkbookTemplate does', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Feuil1');
    sheet.getCell('A1').value = '{{ client.display_name }}';
    sheet.getCell('B2').value = '{{ inconnu.champ }}';
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const expected = await parseWorkbookTemplate(file);
    expect(await pool.analyseWorkbook('cabinet-a', file)).toEqual({
      variables: expected.variables,
      warnings: expected.warnings,
    });
    expect(expected.variables).toContain('client.display_name');
  });

  it('refuses renders once closed', async () => {
    const closing = createTemplateRenderPool({ size: 1 });
    await closing.close();
    await expect(closing.render('cabinet-a', 'x', {}, html)).rejects.toThrow(/closed/);
  });
});
