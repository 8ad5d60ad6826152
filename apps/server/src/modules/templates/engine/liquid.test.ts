import { describe, expect, it } from 'vitest';
import { SAMPLE_DATA, sampleData } from './data-model.ts';
import { TemplateLimitError, TemplateRenderError, TemplateSyntaxError } from './errors.ts';
import { createTemplateEngine, ParsedTemplate, syntaxFailure, renderFailure } from './liquid.ts';

const engine = createTemplateEngine();
const html = { escape: true };
const text = { escape: false };

function syntaxError(source: string): TemplateSyntaxError {
  try {
    engine.parse(source);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for ${source}`);
}

async function renderError(source: string, data = sampleData()): Promise<Error> {
  return engine.render(source, data, html).then(
    () => {
      throw new Error(`expected ${source} to fail`);
    },
    (error: unknown) => error as Error,
  );
}

describe('parse: syntax errors', () => {
  it('points at an unclosed {% if %} with its line and column', () => {
    const error = syntaxError('<p>\n  Bonjour\n  {% if client.kind == "person" %}Madame\n</p>');
    expect(error).toMatchObject({ code: 'invalid_syntax', line: 3, column: 3 });
    expect(error.message).toBe(
      'La balise {% if client.kind == "person" %} n\'est pas fermée : ajoutez {% endif %}.',
    );
  });

  it('points at the name of an unknown filter, not at the start of the output', () => {
    const error = syntaxError('Bonjour,\n{{ abc | moneyy }}');
    expect(error).toMatchObject({ code: 'unknown_filter', line: 2, column: 10 });
    expect(error.message).toContain('« moneyy »');
    // Inside a tag too.
    expect(syntaxError('{% assign x = y |  nope %}')).toMatchObject({
      code: 'unknown_filter',
      line: 1,
      column: 20,
    });
  });

  it.each([
    ['{{ client.name ', 1, 1, "La balise {{ client.name n'est pas fermée : ajoutez }}."],
    ['a\n{% endif %}', 2, 1, 'Balise inconnue ou inattendue : {% endif %}.'],
    ['{% frobnicate %}', 1, 1, 'Balise inconnue ou inattendue : {% frobnicate %}.'],
    ['{% for x in %}{% endfor %}', 1, 1, 'Balise mal formée : {% for x in %}.'],
    ['{% raw %}', 1, 1, "La balise {% raw %} n'est pas fermée : ajoutez {% endraw %}."],
    ['{% if a %}{% else %}{% else %}{% endif %}', 1, 1, 'Un seul {% else %} par bloc.'],
    ['{% if a %}{% else %}{% elsif b %}{% endif %}', 1, 1, '{% elsif %} doit précéder {% else %}.'],
    ['\n{% if %}{% endif %}', 2, 6, 'Expression invalide.'],
    ['{{ a[0 }}', 1, 7, 'Crochet « [ » non fermé.'],
    ['{% for i in (1..3 %}{% endfor %}', 1, 19, 'Intervalle mal formé : écrivez (1..5).'],
    ['{% assign = 1 %}', 1, 11, 'Erreur de syntaxe : expected variable name.'],
  ])('%j', (source, line, column, message) => {
    expect(syntaxError(source)).toMatchObject({ code: 'invalid_syntax', line, column, message });
  });

  it('refuses templates longer than the parse limit', () => {
    const small = createTemplateEngine({ parseLimit: 100 });
    expect(() => small.parse('x'.repeat(101))).toThrow(TemplateLimitError);
    expect(() => small.parse('x'.repeat(101))).toThrow(/trop long/);
    expect(small.parse('x'.repeat(100)).variables).toEqual([]);
  });

  it('wraps what is not a LiquidJS error', () => {
    const cause = new Error('boom');
    expect(syntaxFailure(cause)).toMatchObject({ code: 'invalid_syntax', cause });
  });
});

describe('parse: variables and warnings', () => {
  it('lists the data paths a template reads, loop variables resolved', () => {
    const parsed = engine.parse(
      [
        '{{ organization.name }} — {{ policy.number }}',
        '{% for p in premiums %}{{ p.due_date | date_fr }} {{ p.amount | money }}{% endfor %}',
        '{{ premiums[0].amount }} {{ premiums.first.total }} {{ premiums.size }}',
        '{% for line in client.address_lines %}{{ line }}{% endfor %}',
        '{% assign q = premium %}{{ q.paid_at }} {% assign n = 3 %}{{ n }}',
        '{% for pol in policies %}{% for l in pol.insured_object %}{{ l }}{% endfor %}{% endfor %}',
        '{{ policy.insured_object.make }} {{ "abc".size }} {{ (1..3).first }} {{ forloop.index }}',
        '{% tablerow p in premiums %}{{ p.tax }}{{ tablerowloop.col }}{% endtablerow %}',
        '{% capture c %}{{ today }}{% endcapture %}{{ c }} {% increment k %}',
        '{{ premiums[policy.tax_rate].total }} {{ policy["number"] }}',
      ].join('\n'),
    );
    expect(parsed).toBeInstanceOf(ParsedTemplate);
    expect(parsed.variables).toEqual([
      'organization.name',
      'policy.number',
      'premiums',
      'premiums[].due_date',
      'premiums[].amount',
      'premiums[].total',
      'premiums.size',
      'client.address_lines',
      'client.address_lines[]',
      'premium',
      'premium.paid_at',
      'policies',
      'policies[].insured_object',
      'policies[].insured_object[]',
      'policy.insured_object.make',
      'forloop.index',
      'premiums[].tax',
      'today',
      'policy.tax_rate',
    ]);
    // forloop is only a loop's own outside of one; everything else is in the model.
    expect(parsed.warnings.map((w) => w.variable)).toEqual(['forloop.index']);
  });

  it('warns about unknown variables with their position and a suggestion, without throwing', () => {
    const { warnings } = engine.parse('Bonjour\n  {{ client.dispay_name }} {{ client.nom }}');
    expect(warnings).toEqual([
      {
        code: 'unknown_variable',
        variable: 'client.dispay_name',
        line: 2,
        column: 6,
        message:
          "La variable « client.dispay_name » n'existe pas dans le modèle de données : elle sera vide dans les documents. Vouliez-vous dire « client.display_name » ?",
      },
      {
        code: 'unknown_variable',
        variable: 'client.nom',
        line: 2,
        column: 31,
        message:
          "La variable « client.nom » n'existe pas dans le modèle de données : elle sera vide dans les documents.",
      },
    ]);
  });

  it('warns once per variable, on its first use', () => {
    const { warnings, variables } = engine.parse('{{ x.y }}\n{{ x.y }}');
    expect(variables).toEqual(['x.y']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ line: 1, column: 4 });
  });

  it('resolves loops over an unknown list, and an unknown field of a known list', () => {
    const { warnings } = engine.parse(
      '{% for p in premiums %}{{ p.montant }}{% endfor %}{% for x in nope %}{{ x.a }}{% endfor %}',
    );
    expect(warnings.map((w) => w.variable)).toEqual(['premiums[].montant', 'nope', 'nope[].a']);
  });

  it('does not report values built by the template itself', () => {
    const { variables } = engine.parse(
      '{% for i in (1..3) %}{{ i }}{% endfor %}{% assign t = premiums | sum: "total" %}{{ t }}',
    );
    expect(variables).toEqual(['premiums']);
  });

  it('flags names that are not snake_case, suggesting the model name', () => {
    const { warnings } = engine.parse('{{ client.displayName }} {{ policy.Foo }}');
    expect(warnings.map((w) => [w.code, w.variable])).toEqual([
      ['not_snake_case', 'client.displayName'],
      ['not_snake_case', 'policy.Foo'],
    ]);
    expect(warnings[0]?.message).toContain('vouliez-vous dire « client.display_name » ?');
    expect(warnings[1]?.message).toContain('elle sera vide');
  });

  it('explains that the [] notation is for XLSX rows only', () => {
    const { warnings } = engine.parse('{{ premiums[].amount }}');
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'unknown_variable', variable: 'premiums[].amount' }),
    ]);
    expect(warnings[0]?.message).toContain('modèle Excel');
  });
});

describe('sandbox', () => {
  it.each([
    ["{% include '/etc/passwd' %}", 'include'],
    ["{% render '../../package.json' %}", 'render'],
    ["{% layout 'base' %}contenu", 'layout'],
  ])('refuses %s when the template is saved', async (source, tag) => {
    const error = syntaxError(source);
    expect(error.code).toBe('forbidden_tag');
    expect(error.message).toContain(`{% ${tag} %}`);
    expect(error).toMatchObject({ line: 1, column: 1 });
    // Rendering an unsaved source fails the same way, never reading the file.
    await expect(engine.render(source, {}, html)).rejects.toMatchObject({
      code: 'forbidden_tag',
    });
  });

  it('hides prototypes and the process', async () => {
    const out = await engine.render(
      [
        '{{ client.constructor }}|{{ client.__proto__ }}|{{ client["constructor"] }}',
        '{{ client.constructor.constructor }}|{{ premiums | map: "constructor" | join: "," }}',
        '{{ process }}|{{ require }}|{{ global }}|{{ globalThis }}|{{ this }}',
        '{{ process.env }}|{{ client.display_name.constructor }}|{{ client.toString }}',
      ].join('|'),
      sampleData(),
      html,
    );
    expect(out).toBe('||||,,,||||||||');
  });

  it('stops a huge range at once (memory limit)', async () => {
    const error = await renderError('{% for i in (1..100000000) %}x{% endfor %}');
    expect(error).toBeInstanceOf(TemplateLimitError);
    // `memory`, not `render_timeout`: the range is refused before the first iteration.
    expect(error).toMatchObject({ code: 'memory', line: 1, column: 1 });
  });

  it('stops nested loops that build ever larger strings (memory limit)', async () => {
    const error = await renderError(
      '{% for i in (1..1000) %}{% for j in (1..1000) %}{% assign s = s | append: "xxxxxxxxxx" %}{% endfor %}{% endfor %}',
    );
    expect(error).toMatchObject({ code: 'memory' });
  });

  it('stops a render that takes too long', async () => {
    const quick = createTemplateEngine({ renderTimeMs: 50 });
    const error = await quick
      .render(
        '{% for a in (1..1000) %}{% for b in (1..1000) %}{% for c in (1..100) %}{% endfor %}{% endfor %}{% endfor %}',
        {},
        html,
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateLimitError);
    expect(error).toMatchObject({ code: 'render_timeout' });
  });

  it('stops an output larger than the limit (6 MB against 5 MiB)', async () => {
    const error = await renderError('{% for i in (1..600000) %}xxxxxxxxxx{% endfor %}');
    expect(error).toMatchObject({ code: 'output_too_large' });
    const small = createTemplateEngine({ maxOutputBytes: 10 });
    // Bytes, not characters: « é » is two.
    expect(small.renderSync('ééééé', {}, text)).toBe('ééééé');
    expect(() => small.renderSync('éééééé', {}, text)).toThrow(TemplateLimitError);
  });

  it('maps a string too long for V8 to a memory error', () => {
    expect(renderFailure(new RangeError('Invalid string length'))).toMatchObject({
      code: 'memory',
    });
  });

  it('turns failing filters into French render errors at the tag', async () => {
    const error = await renderError('ok\n  {{ "%%%" | base64_decode }}');
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect(error).toMatchObject({ code: 'render_failed', line: 2, column: 3 });
    expect(error.message).toMatch(/^Le modèle n'a pas pu être produit : /);
    expect(renderFailure(new Error('plain'))).toMatchObject({
      code: 'render_failed',
      message: "Le modèle n'a pas pu être produit : plain.",
    });
    expect(renderFailure('odd').message).toContain('odd');
  });
});

describe('render', () => {
  it('renders the sample with the French filters, escaping HTML', async () => {
    const data = sampleData();
    (data.client as Record<string, unknown>).display_name = 'Hélène <Dupré> & fils';
    const out = await engine.render(
      [
        '{{ client.display_name }}|{{ client.display_name | raw }}',
        '{{ policy.annual_premium_total | money }}|{{ premiums | sum: "total" | money }}',
        '{{ today | date_long }}|{{ policy.renewal_date | date_fr }}|{{ policy.tax_rate | percent }}',
        '{{ today | date: "%d %B %Y" }}|{{ client.missing }}|{{ premium.status_label | upcase }}',
        '{% if policy.tacit_renewal %}tacite{% endif %}|{{ client.address_lines | join: ", " }}',
      ].join('\n'),
      data,
      html,
    );
    expect(out.split('\n')).toEqual([
      'Hélène &lt;Dupré&gt; &amp; fils|Hélène <Dupré> & fils',
      '915,60\u00a0€|915,60\u00a0€',
      '15 juin 2026|15/01/2027|9\u00a0%',
      '15 juin 2026||PAYÉE',
      'tacite|8 allée des Tilleuls, Bâtiment B, 44000 Nantes',
    ]);
  });

  it('does not escape for text outputs, and keeps each mode apart', () => {
    const parsed = engine.parse('{{ "<b>" }}');
    expect(engine.renderSync(parsed, {}, text)).toBe('<b>');
    expect(engine.renderSync(parsed, {}, html)).toBe('&lt;b&gt;');
    expect(engine.renderSync(parsed, {}, text)).toBe('<b>');
    expect(engine.renderSync('{{ "<b>" }}', {}, text)).toBe('<b>');
  });

  it('renders a parsed template or its source alike, from another engine too', async () => {
    const source = '{% for p in premiums %}{{ p.due_date | date_fr }};{% endfor %}';
    const parsed = engine.parse(source);
    const expected = '15/01/2026;15/04/2026;15/07/2026;15/10/2026;';
    expect(await engine.render(parsed, sampleData(), html)).toBe(expected);
    expect(await engine.render(source, sampleData(), html)).toBe(expected);
    expect(await createTemplateEngine().render(parsed, sampleData(), html)).toBe(expected);
  });

  it('reports syntax errors of an unsaved source at render', () => {
    expect(() => engine.renderSync('{{ x | nope }}', {}, html)).toThrow(TemplateSyntaxError);
  });

  it('is deterministic and leaves the data untouched', async () => {
    const source =
      '{% increment counter %}{{ counter }} {{ today | date_long }} {{ premiums | sum: "amount" }} {{ "now" | date: "%Y" }}';
    const data = sampleData();
    const first = await engine.render(source, data, html);
    const second = await engine.render(source, data, html);
    expect(second).toBe(first);
    expect(first.startsWith('01 15 juin 2026 840 ')).toBe(true);
    expect(data).toEqual(SAMPLE_DATA);
    // Frozen data renders too.
    expect(await engine.render(source, SAMPLE_DATA, html)).toBe(first);
  });

  it('keeps recently used sources compiled, and still renders past the cache size', () => {
    for (let i = 0; i < 40; i++) {
      expect(engine.renderSync(`{{ ${i} | plus: 1 }}`, {}, html)).toBe(String(i + 1));
    }
    expect(engine.renderSync('{{ 0 | plus: 1 }}', {}, html)).toBe('1');
  });
});
