import { describe, expect, it } from 'vitest';
import { countByMonth, describeMonthCounts, monthBounds, monthsFrom } from './dashboard-figures.ts';

describe('months', () => {
  it('counts months from today’s, across a year end', () => {
    expect(monthsFrom('2026-11-24', 4)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });

  it('knows the last day of each month, leap years included', () => {
    expect(monthBounds('2028-02')).toEqual({ first: '2028-02-01', last: '2028-02-29' });
    expect(monthBounds('2027-02')).toEqual({ first: '2027-02-01', last: '2027-02-28' });
    expect(monthBounds('2026-12')).toEqual({ first: '2026-12-01', last: '2026-12-31' });
  });
});

describe('countByMonth', () => {
  const dates = [
    '2026-11-30',
    '2026-12-01',
    '2026-12-31',
    '2027-01-15',
    '2027-11-01',
    '2026-10-31',
  ];

  it('puts each date in its month and leaves out those outside the span', () => {
    const buckets = countByMonth(dates, '2026-11-24', 12);
    expect(buckets).toHaveLength(12);
    expect(buckets.map((b) => b.count)).toEqual([1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(buckets[0]).toMatchObject({ month: '2026-11', label: 'novembre 2026' });
  });

  it('shows the year under the first bar and each January only', () => {
    const labels = countByMonth([], '2026-11-24', 4).map((b) => b.shortLabel);
    expect(labels).toEqual(['nov. 26', 'déc.', 'janv. 27', 'févr.']);
  });

  it('says the span, the total and the busiest month', () => {
    const buckets = countByMonth(dates, '2026-11-24', 12);
    expect(describeMonthCounts(buckets, ['échéance', 'échéances'])).toBe(
      '4 échéances de novembre 2026 à octobre 2027 ; le plus en décembre 2026 (2).',
    );
    expect(describeMonthCounts(countByMonth([], '2026-11-24', 3), ['échéance', 'échéances'])).toBe(
      'Aucune échéance de novembre 2026 à janvier 2027.',
    );
  });
});
