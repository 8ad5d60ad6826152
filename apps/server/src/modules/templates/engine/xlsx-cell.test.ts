import fc from 'fast-check';
import { Context } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import type { RenderData } from './data-model.ts';
import { TemplateSyntaxError } from './errors.ts';
import { createLiquid, DEFAULT_TEMPLATE_LIMITS } from './liquid.ts';
import {
  compileCell,
  isTemplated,
  rewriteListReferences,
  typedValue,
  type FillContext,
} from './xlsx-cell.ts';

const liquid = createLiquid(false, DEFAULT_TEMPLATE_LIMITS);

function fillContext(data: RenderData): FillContext {
  const root = new Context({}, liquid.options, {}, { liquid });
  return { liquid, data, limits: { memoryLimit: root.memoryLimit, renderLimit: root.renderLimit } };
}

/** The cell's value through the fast path and through LiquidJS alone. */
function bothWays(text: string, data: RenderData, item: unknown, list = ['premiums']) {
  const fill = fillContext(data);
  const outcome = (fastPath: boolean) => {
    try {
      return { value: compileCell(liquid, text, list, 'A1', { fastPath }).evaluate(fill, item) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  return { fast: outcome(true), slow: outcome(false) };
}

const SOURCES = [
  '{{ premiums[].amount }}',
  '{{ premiums[].amount | money }}',
  '{{ premiums[].due_date }}',
  '{{ premiums[].due_date | date_fr }}',
  '{{premiums[].due_date|date_long}}',
  '{{ premiums[].rate | percent }}',
  '{{ premiums[].nested.value }}',
  '{{ premiums[] }}',
  'N° {{ premiums[].amount }} — {{ policy.number }} ({{ premiums[].due_date | date_fr }})',
  '{{ policy.number }}',
  '{{ policy.missing.deep }}',
  '{{ policy.number.size }}',
  '{{ premiums[].nested.size }}',
  '{{ premiums[].amount | plus: 1 }}',
  '{{ premiums[].amount | round: 1 }}',
];

const value = fc.oneof(
  fc.double({ noNaN: false }),
  fc.integer(),
  fc.string(),
  fc.constantFrom('2026-04-12', '2026-02-30', '2024-02-29T10:00:00Z', '', '12,5', '1e3'),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('value', 'size', 'x'), fc.oneof(fc.string(), fc.integer())),
);

describe('compileCell', () => {
  it('gives the same value through the fast path as through LiquidJS', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SOURCES),
        fc.record({
          amount: value,
          due_date: value,
          rate: value,
          nested: value,
        }),
        value,
        value,
        (source, item, number, alone) => {
          const data = { policy: { number }, premiums: [] };
          const { fast, slow } = bothWays(
            source,
            data,
            source === '{{ premiums[] }}' ? alone : item,
          );
          expect(fast).toEqual(slow);
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('types a lone placeholder: numbers, dates without a filter, text, nothing', () => {
    const item = { amount: 12.5, due_date: '2026-04-12', label: 'Payée', zero: 0, none: null };
    const fill = fillContext({ policy: { tacit_renewal: true } });
    const value = (text: string) =>
      compileCell(liquid, text, ['premiums'], 'A1').evaluate(fill, item);
    expect(value('{{ premiums[].amount }}')).toBe(12.5);
    expect(value('{{ premiums[].zero }}')).toBe(0);
    expect(value('{{ premiums[].due_date }}')).toEqual(new Date(Date.UTC(2026, 3, 12)));
    expect(value('{{ premiums[].due_date | date_fr }}')).toBe('12/04/2026');
    expect(value('{{ premiums[].due_date | default: "x" }}')).toBe('2026-04-12');
    expect(value('{{ premiums[].label }}')).toBe('Payée');
    expect(value('{{ premiums[].none }}')).toBeNull();
    expect(value('{{ premiums[].none | money }}')).toBeNull();
    expect(value('{{ premiums[].amount | times: 2 }}')).toBe(25);
    expect(value('{{ policy.tacit_renewal }}')).toBe('true');
    expect(value('{% if premiums[].amount > 10 %}{{ premiums[].amount }}{% endif %}')).toBe('12.5');
    expect(typedValue(Number.POSITIVE_INFINITY, false)).toBe('Infinity');
  });

  it('reports the variables a cell reads, the row item resolved', () => {
    const { uses } = compileCell(
      liquid,
      '{{ premiums[].amount }} {{ policy.number }} {% for l in client.address_lines %}{{ l }}{% endfor %}',
      ['premiums'],
      'A1',
    );
    expect(uses.map((use) => use.segments.join('.'))).toEqual([
      'premiums.[].amount',
      'policy.number',
      'client.address_lines',
      'client.address_lines.[]',
    ]);
  });

  it('rewrites list references inside Liquid markup only', () => {
    expect(
      rewriteListReferences(
        'premiums[] : {{ premiums[].a }} {% if x.premiums[] %}{% endif %}',
        'A1',
      ),
    ).toEqual({
      source: 'premiums[] : {{ __item.a }} {% if __item %}{% endif %}',
      lists: ['premiums', 'x.premiums'],
    });
    expect(() => rewriteListReferences('{{ a[].b[].c }}', 'Feuil1!A1')).toThrow(
      TemplateSyntaxError,
    );
    expect(isTemplated('a {{ b }}')).toBe(true);
    expect(isTemplated('a {% b %}')).toBe(true);
    expect(isTemplated('a { b }')).toBe(false);
  });
});
