import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  daysBetween,
  formatFrenchDate,
  isIsoDate,
  isLeapYear,
} from './dates.ts';

const DAY_MS = 86_400_000;

/**
 * Dates from 1100 to 9900: `Date` serves as a reference there (it maps years 0–99 to 19xx), and a
 * few years either side leave room to add to them.
 */
const isoDates = fc
  .date({
    min: new Date('1100-01-01T00:00:00Z'),
    max: new Date('9900-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString().slice(0, 10));

function utcMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

describe('isIsoDate', () => {
  it.each(['2024-02-29', '2000-02-29', '2025-12-31', '2025-01-01', '0000-01-01', '9999-12-31'])(
    'accepts %s',
    (date) => {
      expect(isIsoDate(date)).toBe(true);
    },
  );

  it.each([
    '2025-02-29',
    '1900-02-29',
    '2100-02-29',
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '2025-1-01',
    '25-01-01',
    '20250101',
    '2025/01/01',
    ' 2025-01-01',
    '2025-01-01T00:00:00Z',
    '+02025-01-01',
    '２０２５-01-01',
    '',
  ])('rejects %j', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });

  it('accepts exactly the days Date round-trips', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const value = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const parsed = new Date(`${value}T00:00:00Z`);
          const real =
            !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
          expect(isIsoDate(value)).toBe(real);
        },
      ),
    );
  });
});

describe('isLeapYear', () => {
  it('follows the Gregorian rule', () => {
    expect([2024, 2028, 2000, 2400, 0].map(isLeapYear)).toEqual([true, true, true, true, true]);
    expect([2025, 2026, 1900, 2100, 2200].map(isLeapYear)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('throws a RangeError for a fractional year', () => {
    expect(() => isLeapYear(2024.5)).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', 365)).toBe('2026-01-01');
    expect(addDays('2024-01-01', 365)).toBe('2024-12-31');
    expect(addDays('2025-06-15', 0)).toBe('2025-06-15');
  });

  it('covers years 0–99, which Date.UTC maps to 19xx', () => {
    expect(addDays('0000-12-31', 1)).toBe('0001-01-01');
    expect(addDays('0004-02-28', 1)).toBe('0004-02-29');
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
    expect(daysBetween('0000-01-01', '1970-01-01')).toBe(719_528);
  });

  it('throws a RangeError outside 0000–9999, for a fractional count or an invalid date', () => {
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('0000-01-01', -1)).toThrow(RangeError);
    expect(() => addDays('2025-01-01', 0.5)).toThrow(RangeError);
    expect(() => addDays('2025-02-29', 1)).toThrow(RangeError);
  });

  it('agrees with UTC Date arithmetic', () => {
    fc.assert(
      fc.property(isoDates, fc.integer({ min: -3_000, max: 3_000 }), (date, days) => {
        const expected = new Date(utcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
        expect(addDays(date, days)).toBe(expected);
        expect(daysBetween(date, addDays(date, days))).toBe(days);
        expect(addDays(addDays(date, days), -days)).toBe(date);
      }),
    );
  });
});

describe('addMonths', () => {
  it('keeps the day of the month, or clamps it to a shorter month', () => {
    expect(addMonths('2025-01-15', 1)).toBe('2025-02-15');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-03-31', 1)).toBe('2025-04-30');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2025-05-31', -3)).toBe('2025-02-28');
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2025-12-15', 1)).toBe('2026-01-15');
    expect(addMonths('2025-01-15', -1)).toBe('2024-12-15');
    expect(addMonths('2025-01-15', -13)).toBe('2023-12-15');
    expect(addMonths('2025-01-15', 0)).toBe('2025-01-15');
  });

  it('is not associative: a series is computed from its first date', () => {
    expect(addMonths(addMonths('2025-01-31', 1), 1)).toBe('2025-03-28');
    expect(addMonths('2025-01-31', 2)).toBe('2025-03-31');
  });

  it('throws a RangeError outside 0000–9999 or for a fractional count', () => {
    expect(() => addMonths('9999-12-01', 1)).toThrow(RangeError);
    expect(() => addMonths('0000-01-31', -1)).toThrow(RangeError);
    expect(() => addMonths('2025-01-31', 1.5)).toThrow(RangeError);
  });

  it('moves by whole months and clamps only when the day does not exist', () => {
    fc.assert(
      fc.property(isoDates, fc.integer({ min: -120, max: 120 }), (date, months) => {
        const [year, month, day] = date.split('-').map(Number) as [number, number, number];
        const result = addMonths(date, months);
        const [newYear, newMonth, newDay] = result.split('-').map(Number) as [
          number,
          number,
          number,
        ];
        expect(newYear * 12 + newMonth - (year * 12 + month)).toBe(months);
        expect(newDay).toBe(Math.min(day, lastDayOfMonth(newYear, newMonth)));
      }),
    );
  });
});

describe('addYears', () => {
  it('moves 29 February to 28 February outside leap years', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addYears('2025-02-28', 1)).toBe('2026-02-28');
    expect(addYears('2025-07-14', 10)).toBe('2035-07-14');
  });

  it('throws a RangeError for a fractional count', () => {
    expect(() => addYears('2025-01-01', 0.5)).toThrow(RangeError);
  });
});

describe('compareDates and daysBetween', () => {
  it('order dates and count the days between them', () => {
    expect(compareDates('2025-01-01', '2025-01-02')).toBe(-1);
    expect(compareDates('2025-01-02', '2025-01-01')).toBe(1);
    expect(compareDates('2025-01-01', '2025-01-01')).toBe(0);
    expect(['2025-03-01', '2024-12-31', '2025-02-28'].sort(compareDates)).toEqual([
      '2024-12-31',
      '2025-02-28',
      '2025-03-01',
    ]);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2025-03-01', '2025-02-28')).toBe(-1);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
  });

  it('throw a RangeError for an invalid date', () => {
    expect(() => compareDates('2025-01-01', '2025-02-30')).toThrow(RangeError);
    expect(() => daysBetween('01/01/2025', '2025-01-01')).toThrow(RangeError);
  });

  it('agree with UTC Date arithmetic and with the order of the strings', () => {
    fc.assert(
      fc.property(isoDates, isoDates, (a, b) => {
        expect(daysBetween(a, b)).toBe((utcMs(b) - utcMs(a)) / DAY_MS);
        expect(compareDates(a, b)).toBe(-Math.sign(daysBetween(a, b)) || 0);
        expect(compareDates(a, b)).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });
});

describe('formatFrenchDate', () => {
  it('prints day/month/year with leading zeros', () => {
    expect(formatFrenchDate('2026-04-12')).toBe('12/04/2026');
    expect(formatFrenchDate('2024-02-29')).toBe('29/02/2024');
    expect(formatFrenchDate('0987-01-05')).toBe('05/01/0987');
  });

  it('throws a RangeError for an invalid date', () => {
    expect(() => formatFrenchDate('2025-02-29')).toThrow(RangeError);
  });
});
