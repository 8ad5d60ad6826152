import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatBytes,
  formatDate,
  formatDateTime,
  formatLongDate,
  formatMoney,
  todayInParis,
} from './format.ts';

// Intl writes French thousands with a narrow no-break space and « € » after a no-break space.
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('French formats', () => {
  it('writes euros with two decimals, from numbers or decimal strings', () => {
    expect(plain(formatMoney(1234.5))).toBe('1 234,50 €');
    expect(plain(formatMoney('98765.43'))).toBe('98 765,43 €');
    expect(formatMoney(null)).toBe('');
  });

  it('writes a calendar day without shifting it across time zones', () => {
    expect(formatDate('2026-01-01')).toBe('01/01/2026');
    expect(formatDate('2026-12-31')).toBe('31/12/2026');
    expect(formatLongDate('2026-03-05')).toBe('5 mars 2026');
  });

  it('writes timestamps in Paris time (summer and winter)', () => {
    expect(formatDateTime('2026-07-14T22:30:00Z')).toBe('15/07/2026 00:30');
    expect(formatDateTime('2026-01-14T22:30:00Z')).toBe('14/01/2026 23:30');
  });

  it('gives the Paris business day, which differs from UTC around midnight', () => {
    expect(todayInParis(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(todayInParis(new Date('2026-06-30T21:30:00Z'))).toBe('2026-06-30');
  });

  it('adds days across months and leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 60)).toBe('2027-03-01');
  });

  it('writes sizes in French units', () => {
    expect(formatBytes(512)).toBe('512 o');
    expect(plain(formatBytes(12_600))).toBe('12,3 Ko');
    expect(plain(formatBytes(5_400_000))).toBe('5,1 Mo');
  });
});
