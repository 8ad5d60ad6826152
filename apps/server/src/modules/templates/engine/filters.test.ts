import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dateFr,
  dateLong,
  FILTERS,
  isoDateToUtc,
  money,
  percent,
  SIMPLE_FILTERS,
  sum,
  toCents,
  toNumber,
} from './filters.ts';
import { createTemplateEngine } from './liquid.ts';

/** Intl's French spaces: narrow no-break between thousands, no-break before the unit. */
const THIN = '\u202f';
const NBSP = '\u00a0';

/** Reads `1 234,56 €` back into cents. */
function parseMoney(text: string): number {
  const number = text.replace(/[\s€]/g, '').replace(',', '.');
  return Math.round(Number(number) * 100);
}

describe('money', () => {
  it.each([
    [1234.56, `1${THIN}234,56${NBSP}€`],
    [-1234.56, `-1${THIN}234,56${NBSP}€`],
    [0, `0,00${NBSP}€`],
    [-0, `0,00${NBSP}€`],
    [-0.001, `0,00${NBSP}€`],
    [1234567.891, `1${THIN}234${THIN}567,89${NBSP}€`],
    [1.005, `1,01${NBSP}€`],
    [-1.005, `-1,01${NBSP}€`],
    [0.1 + 0.2, `0,30${NBSP}€`],
    ['1234.5', `1${THIN}234,50${NBSP}€`],
    [1e16, `10${THIN}000${THIN}000${THIN}000${THIN}000${THIN}000,00${NBSP}€`],
  ])('%s → %s', (value, expected) => {
    expect(money(value)).toBe(expected);
  });

  it('prints nothing for an absent value and unreadable values unchanged', () => {
    expect(money(null)).toBe('');
    expect(money(undefined)).toBe('');
    expect(money('')).toBe('');
    expect(money('douze')).toBe('douze');
    expect(money(Number.NaN)).toBe('NaN');
    expect(money(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(money(true)).toBe('true');
  });

  it('reads back to the same cents, for any amount up to ±10 million euros', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), (cents) => {
        expect(parseMoney(money(cents / 100))).toBe(cents);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('toCents and toNumber', () => {
  it('rounds half away from zero on the written decimal', () => {
    expect(toCents(0.125)).toBe(13);
    expect(toCents(-0.125)).toBe(-13);
    expect(toCents(2.675)).toBe(268);
    expect(toCents(1e-7)).toBe(0);
    expect(Object.is(toCents(-0.001), 0)).toBe(true);
  });

  it('accepts numbers and decimal strings only', () => {
    expect(toNumber(' 12.5 ')).toBe(12.5);
    expect(toNumber('-.5')).toBe(-0.5);
    expect(toNumber('1e3')).toBe(1000);
    expect(toNumber('12,5')).toBeUndefined();
    expect(toNumber('')).toBeUndefined();
    expect(toNumber('1e999')).toBeUndefined();
    expect(toNumber(Number.NaN)).toBeUndefined();
    expect(toNumber({})).toBeUndefined();
  });
});

describe('percent', () => {
  it.each([
    [12.5, `12,5${THIN}%`],
    [9, `9${THIN}%`],
    [13.4, `13,4${THIN}%`],
    [0, `0${THIN}%`],
    [-2.25, `-2,25${THIN}%`],
    [33.333, `33,33${THIN}%`],
    [1234.5, `1${THIN}234,5${THIN}%`],
    ['7', `7${THIN}%`],
    [null, ''],
    ['n/a', 'n/a'],
  ])('%s → %s', (value, expected) => {
    // ICU puts a narrow no-break space before % in French; some versions a no-break space.
    expect(percent(value).replace(NBSP, THIN)).toBe(expected);
  });
});

describe('date_fr and date_long', () => {
  it.each([
    ['2026-04-12', '12/04/2026', '12 avril 2026'],
    ['2026-05-01', '01/05/2026', '1er mai 2026'],
    ['2024-02-29', '29/02/2024', '29 février 2024'],
    ['2000-02-29', '29/02/2000', '29 février 2000'],
    ['2026-12-31T23:30:00Z', '31/12/2026', '31 décembre 2026'],
    ['0099-08-07', '07/08/0099', '7 août 99'],
  ])('%s → %s, %s', (value, short, long) => {
    expect(dateFr(value)).toBe(short);
    expect(dateLong(value)).toBe(long);
  });

  it.each([
    '2026-02-30',
    '2025-02-29',
    '1900-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-00',
    '12/04/2026',
    'demain',
  ])('leaves %s unchanged', (value) => {
    expect(dateFr(value)).toBe(value);
    expect(dateLong(value)).toBe(value);
  });

  it('prints nothing for an absent date, reads JS dates in UTC, and shows other values', () => {
    expect(dateFr(null)).toBe('');
    expect(dateLong('')).toBe('');
    expect(dateFr(new Date(Date.UTC(2026, 3, 12, 23, 59)))).toBe('12/04/2026');
    expect(dateLong(new Date(Number.NaN))).toBe('Invalid Date');
    expect(dateFr(20260412)).toBe('20260412');
  });

  it('turns exact ISO dates into UTC midnights for Excel', () => {
    expect(isoDateToUtc('2026-04-12')?.toISOString()).toBe('2026-04-12T00:00:00.000Z');
    expect(isoDateToUtc('2026-04-12T10:00:00Z')).toBeUndefined();
    expect(isoDateToUtc('2026-02-30')).toBeUndefined();
  });
});

describe('sum', () => {
  const premiums = [
    { amount: 0.1, total: 10 },
    { amount: 0.2, total: '20.5' },
    { amount: null },
    { amount: 'n/a' },
    null,
    7,
  ];

  it('adds a field over a list, to the cent', () => {
    expect(sum(premiums, 'amount')).toBe(0.3);
    expect(sum(premiums, 'total')).toBe(30.5);
    expect(sum([{ amount: 1.005 }, { amount: 1.005 }], 'amount')).toBe(2.02);
  });

  it('adds the items themselves without a field', () => {
    expect(sum([1.5, '2', null, 'x'])).toBe(3.5);
    expect(sum([1, 2], null)).toBe(3);
  });

  it('is 0 for an empty list or anything else', () => {
    expect(sum([], 'amount')).toBe(0);
    expect(sum(null, 'amount')).toBe(0);
    expect(sum({ amount: 3 }, 'amount')).toBe(0);
  });

  it('never reads inherited fields', () => {
    expect(sum([{}, Object.create({ amount: 5 }) as object], 'amount')).toBe(0);
  });
});

describe('registration', () => {
  it('documents exactly the filters the engine adds, each with an example that renders', async () => {
    const engine = createTemplateEngine();
    expect(FILTERS.map((f) => f.name)).toEqual(['money', 'date_fr', 'date_long', 'percent', 'sum']);
    expect(Object.keys(SIMPLE_FILTERS)).toEqual(['money', 'date_fr', 'date_long', 'percent']);
    for (const filter of FILTERS) {
      const [template = ''] = filter.example.split(' → ');
      expect(() => engine.parse(template)).not.toThrow();
    }
    expect(
      await engine.render(
        '{{ p | sum: "total" | money }}',
        { p: [{ total: 1 }] },
        { escape: false },
      ),
    ).toBe(`1,00${NBSP}€`);
  });
});
