import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears, compareDates, daysBetween } from './dates.ts';
import { applyRate } from './money.ts';
import {
  buildPremiumSchedule,
  DEFAULT_TAX_RATE_BPS,
  PAYMENT_FREQUENCIES,
  PRODUCT_LINES,
  termPremiumCents,
  type PaymentFrequency,
  type PremiumScheduleInput,
  type ScheduledPremium,
} from './schedule.ts';

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const PER_YEAR: Record<PaymentFrequency, number> = {
  annual: 1,
  semiannual: 2,
  quarterly: 4,
  monthly: 12,
};

function fullYear(termStart: string): { termStart: string; termEnd: string } {
  return { termStart, termEnd: addDays(addYears(termStart, 1), -1) };
}

function schedule(overrides: Partial<PremiumScheduleInput> = {}): ScheduledPremium[] {
  return buildPremiumSchedule({
    ...fullYear('2025-01-01'),
    frequency: 'monthly',
    annualPremiumCents: 120_000,
    taxRateBps: 900,
    commissionRateBps: 1_500,
    ...overrides,
  });
}

const column = <K extends keyof ScheduledPremium>(rows: ScheduledPremium[], key: K) =>
  rows.map((row) => row[key]);

describe('PRODUCT_LINES and DEFAULT_TAX_RATE_BPS', () => {
  it('give a documented default rate to every product line', () => {
    expect(PRODUCT_LINES).toEqual([
      'auto',
      'habitation',
      'sante',
      'prevoyance',
      'rc_pro',
      'multirisque_pro',
      'vie',
      'emprunteur',
      'autre',
    ]);
    expect(DEFAULT_TAX_RATE_BPS).toEqual({
      auto: 3300,
      habitation: 3000,
      sante: 1327,
      prevoyance: 900,
      rc_pro: 900,
      multirisque_pro: 900,
      vie: 0,
      emprunteur: 900,
      autre: 900,
    });
  });
});

describe('termPremiumCents', () => {
  it('is the annual premium for a full year, leap or not', () => {
    for (const start of ['2025-01-01', '2024-01-01', '2024-02-29', '2023-03-01', '2025-01-31']) {
      const { termEnd } = fullYear(start);
      expect(termPremiumCents(123_457, start, termEnd)).toBe(123_457);
    }
  });

  it('is pro rata temporis over the days of the year starting at termStart', () => {
    // 2025-07-15..2025-12-31: 170 days of 365 → 55 890.41
    expect(termPremiumCents(120_000, '2025-07-15', '2025-12-31')).toBe(55_890);
    // 2028 is a leap year: 183 days of 366 are exactly half, 182 days are 497.268 €.
    expect(termPremiumCents(100_000, '2028-01-01', '2028-07-01')).toBe(50_000);
    expect(termPremiumCents(100_000, '2028-01-01', '2028-06-30')).toBe(49_727);
    // One day of a 366-day year on 183 cents is exactly half a cent: rounded up.
    expect(termPremiumCents(183, '2024-01-01', '2024-01-01')).toBe(1);
    expect(termPremiumCents(182, '2024-01-01', '2024-01-01')).toBe(0);
  });

  it('throws a RangeError when the term ends before it starts or for a bad premium', () => {
    expect(() => termPremiumCents(100, '2025-01-02', '2025-01-01')).toThrow(RangeError);
    expect(() => termPremiumCents(-1, '2025-01-01', '2025-12-31')).toThrow(RangeError);
    expect(() => termPremiumCents(1.5, '2025-01-01', '2025-12-31')).toThrow(RangeError);
  });
});

describe('buildPremiumSchedule', () => {
  it('keeps the 31st in a monthly schedule starting on 31 January', () => {
    const rows = schedule({ ...fullYear('2025-01-31'), annualPremiumCents: 100_000 });
    expect(column(rows, 'sequence')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(column(rows, 'dueDate')).toEqual([
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
      '2025-06-30',
      '2025-07-31',
      '2025-08-31',
      '2025-09-30',
      '2025-10-31',
      '2025-11-30',
      '2025-12-31',
    ]);
    expect(column(rows, 'periodEnd')).toEqual([
      '2025-02-27',
      '2025-03-30',
      '2025-04-29',
      '2025-05-30',
      '2025-06-29',
      '2025-07-30',
      '2025-08-30',
      '2025-09-29',
      '2025-10-30',
      '2025-11-29',
      '2025-12-30',
      '2026-01-30',
    ]);
    expect(column(rows, 'amountCents')).toEqual([
      8_334, 8_334, 8_334, 8_334, 8_333, 8_333, 8_333, 8_333, 8_333, 8_333, 8_333, 8_333,
    ]);
    // 9 % of 1 000 € is 90 €, 7.50 € an instalment; 15 % commission is 12.50 € each.
    expect(new Set(column(rows, 'taxCents'))).toEqual(new Set([750]));
    expect(new Set(column(rows, 'commissionCents'))).toEqual(new Set([1_250]));
    expect(rows[0]).toEqual({
      sequence: 1,
      dueDate: '2025-01-31',
      periodStart: '2025-01-31',
      periodEnd: '2025-02-27',
      amountCents: 8_334,
      taxCents: 750,
      totalCents: 9_084,
      commissionCents: 1_250,
    });
  });

  it('has 29 February as a due date in 2028', () => {
    const rows = schedule({ ...fullYear('2028-01-31') });
    expect(rows[0]!.periodEnd).toBe('2028-02-28');
    expect(rows[1]).toMatchObject({
      dueDate: '2028-02-29',
      periodStart: '2028-02-29',
      periodEnd: '2028-03-30',
    });
    expect(rows[2]).toMatchObject({ periodStart: '2028-03-31', periodEnd: '2028-04-29' });
  });

  it('runs a term starting on 29 February 2024 to 27 February 2025', () => {
    const quarterly = schedule({ ...fullYear('2024-02-29'), frequency: 'quarterly' });
    expect(quarterly.map((row) => [row.periodStart, row.periodEnd])).toEqual([
      ['2024-02-29', '2024-05-28'],
      ['2024-05-29', '2024-08-28'],
      ['2024-08-29', '2024-11-28'],
      ['2024-11-29', '2025-02-27'],
    ]);
    const monthly = schedule({ ...fullYear('2024-02-29') });
    expect(monthly).toHaveLength(12);
    expect(monthly[11]).toMatchObject({ periodStart: '2025-01-29', periodEnd: '2025-02-27' });
    expect(sum(column(monthly, 'amountCents'))).toBe(120_000);
  });

  it('has one instalment for an annual payment and two for a semiannual one', () => {
    const annual = schedule({ ...fullYear('2025-04-01'), frequency: 'annual' });
    expect(annual).toEqual([
      {
        sequence: 1,
        dueDate: '2025-04-01',
        periodStart: '2025-04-01',
        periodEnd: '2026-03-31',
        amountCents: 120_000,
        taxCents: 10_800,
        totalCents: 130_800,
        commissionCents: 18_000,
      },
    ]);
    const semiannual = schedule({ ...fullYear('2025-08-31'), frequency: 'semiannual' });
    expect(semiannual.map((row) => [row.periodStart, row.periodEnd])).toEqual([
      ['2025-08-31', '2026-02-27'],
      ['2026-02-28', '2026-08-30'],
    ]);
  });

  it('allocates the tax and the commission computed on the whole premium', () => {
    // 10 € monthly: 0.84 € × 4 then 0.83 € × 8. Tax 9 % = 90 cents, shares 7.56 and 7.47: the six
    // largest remainders (the four 7.56, then the first two 7.47) get the six cents left over.
    const rows = schedule({ annualPremiumCents: 1_000, taxRateBps: 900, commissionRateBps: 1_500 });
    expect(column(rows, 'amountCents')).toEqual([84, 84, 84, 84, 83, 83, 83, 83, 83, 83, 83, 83]);
    expect(column(rows, 'taxCents')).toEqual([8, 8, 8, 8, 8, 8, 7, 7, 7, 7, 7, 7]);
    expect(column(rows, 'totalCents')).toEqual([92, 92, 92, 92, 91, 91, 90, 90, 90, 90, 90, 90]);
    // Commission 15 % = 150 cents: shares 12.60 and 12.45.
    expect(column(rows, 'commissionCents')).toEqual([
      13, 13, 13, 13, 13, 13, 12, 12, 12, 12, 12, 12,
    ]);
  });

  it('yields zeros for a zero premium', () => {
    const rows = schedule({ annualPremiumCents: 0 });
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      expect([row.amountCents, row.taxCents, row.totalCents, row.commissionCents]).toEqual([
        0, 0, 0, 0,
      ]);
    }
  });

  it('has only the periods that start in a short first term, the last cut at termEnd', () => {
    // Effective mid-July, renewal date 1 January: 170 days of premium.
    const quarterly = schedule({
      termStart: '2025-07-15',
      termEnd: '2025-12-31',
      frequency: 'quarterly',
      annualPremiumCents: 120_000,
      taxRateBps: 3_300,
    });
    expect(quarterly).toEqual([
      {
        sequence: 1,
        dueDate: '2025-07-15',
        periodStart: '2025-07-15',
        periodEnd: '2025-10-14',
        amountCents: 27_945,
        taxCents: 9_222,
        totalCents: 37_167,
        commissionCents: 4_192,
      },
      {
        sequence: 2,
        dueDate: '2025-10-15',
        periodStart: '2025-10-15',
        periodEnd: '2025-12-31',
        amountCents: 27_945,
        taxCents: 9_222,
        totalCents: 37_167,
        commissionCents: 4_192,
      },
    ]);
    const monthly = schedule({ termStart: '2025-07-15', termEnd: '2025-12-31' });
    expect(column(monthly, 'dueDate')).toEqual([
      '2025-07-15',
      '2025-08-15',
      '2025-09-15',
      '2025-10-15',
      '2025-11-15',
      '2025-12-15',
    ]);
    expect(monthly[5]!.periodEnd).toBe('2025-12-31');
    expect(sum(column(monthly, 'amountCents'))).toBe(55_890);
  });

  it('handles a one-day term', () => {
    const rows = schedule({ termStart: '2025-12-31', termEnd: '2025-12-31', frequency: 'monthly' });
    expect(rows).toHaveLength(1);
    // 1 200 € / 365 = 3.2877 €
    expect(rows[0]).toMatchObject({
      periodStart: '2025-12-31',
      periodEnd: '2025-12-31',
      amountCents: 329,
    });
  });

  it.each<[string, Partial<PremiumScheduleInput>]>([
    ['a term ending before it starts', { termStart: '2025-06-01', termEnd: '2025-05-31' }],
    ['an invalid date', { termStart: '2025-02-29' }],
    ['an unknown frequency', { frequency: 'weekly' as PaymentFrequency }],
    ['a negative premium', { annualPremiumCents: -100 }],
    ['a fractional premium', { annualPremiumCents: 100.5 }],
    ['a negative tax rate', { taxRateBps: -1 }],
    ['a fractional commission rate', { commissionRateBps: 12.5 }],
  ])('throws a RangeError for %s', (_, overrides) => {
    expect(() => schedule(overrides)).toThrow(RangeError);
  });

  const termStarts = fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2100-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((date) => date.toISOString().slice(0, 10));
  // Days of the month that clamp (29–31) are drawn far more often than chance would.
  const monthEndBiasedStarts = fc.oneof(
    termStarts,
    fc
      .tuple(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 12 }))
      .chain(([year, month]) =>
        fc.constantFrom(28, 29, 30, 31).map((day) => {
          const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
          return new Date(Date.UTC(year, month - 1, Math.min(day, lastDay)))
            .toISOString()
            .slice(0, 10);
        }),
      ),
  );
  const inputs = fc.record({
    frequency: fc.constantFrom(...PAYMENT_FREQUENCIES),
    annualPremiumCents: fc.oneof(
      fc.integer({ min: 0, max: 100 }),
      fc.integer({ min: 0, max: 10_000_000_000 }),
    ),
    taxRateBps: fc.integer({ min: 0, max: 5_000 }),
    commissionRateBps: fc.integer({ min: 0, max: 5_000 }),
  });

  function expectWellFormed(rows: ScheduledPremium[], input: PremiumScheduleInput): void {
    const premium = termPremiumCents(input.annualPremiumCents, input.termStart, input.termEnd);
    expect(column(rows, 'sequence')).toEqual(rows.map((_, index) => index + 1));
    // Contiguous periods from termStart to termEnd, none empty, due on their first day.
    expect(rows[0]!.periodStart).toBe(input.termStart);
    expect(rows.at(-1)!.periodEnd).toBe(input.termEnd);
    rows.forEach((row, index) => {
      expect(row.dueDate).toBe(row.periodStart);
      expect(compareDates(row.periodStart, row.periodEnd)).toBeLessThanOrEqual(0);
      expect(row.periodStart).toBe(
        addMonths(input.termStart, (index * 12) / PER_YEAR[input.frequency]),
      );
      const next = rows[index + 1];
      if (next) expect(addDays(row.periodEnd, 1)).toBe(next.periodStart);
    });
    const coveredDays = sum(rows.map((row) => daysBetween(row.periodStart, row.periodEnd) + 1));
    expect(coveredDays).toBe(daysBetween(input.termStart, input.termEnd) + 1);
    // Exact sums, non-negative parts, even instalments.
    expect(sum(column(rows, 'amountCents'))).toBe(premium);
    expect(sum(column(rows, 'taxCents'))).toBe(applyRate(premium, input.taxRateBps));
    expect(sum(column(rows, 'commissionCents'))).toBe(applyRate(premium, input.commissionRateBps));
    for (const row of rows) {
      expect(row.totalCents).toBe(row.amountCents + row.taxCents);
      for (const cents of [row.amountCents, row.taxCents, row.commissionCents]) {
        expect(Number.isSafeInteger(cents) && cents >= 0).toBe(true);
      }
    }
    const amounts = column(rows, 'amountCents');
    expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
  }

  it('covers a full year with n instalments that add up to the cent', () => {
    fc.assert(
      fc.property(monthEndBiasedStarts, inputs, (termStart, rest) => {
        const input = { ...fullYear(termStart), ...rest };
        const rows = buildPremiumSchedule(input);
        expect(rows).toHaveLength(PER_YEAR[input.frequency]);
        expect(sum(column(rows, 'amountCents'))).toBe(input.annualPremiumCents);
        expectWellFormed(rows, input);
      }),
    );
  });

  it('covers a term of any length with the periods that start in it', () => {
    fc.assert(
      fc.property(
        monthEndBiasedStarts,
        fc.integer({ min: 0, max: 800 }),
        inputs,
        (termStart, extraDays, rest) => {
          const input = { termStart, termEnd: addDays(termStart, extraDays), ...rest };
          const rows = buildPremiumSchedule(input);
          const monthsPerPeriod = 12 / PER_YEAR[input.frequency];
          expect(
            compareDates(addMonths(termStart, rows.length * monthsPerPeriod), input.termEnd),
          ).toBe(1);
          expectWellFormed(rows, input);
        },
      ),
    );
  });
});
