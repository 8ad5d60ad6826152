import { describe, expect, it } from 'vitest';
import {
  countByMonth,
  describeMonthCounts,
  mapWithConcurrency,
  monthBounds,
  monthsFrom,
  premiumsDueIn,
  type PremiumLike,
} from './dashboard-figures.ts';

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

describe('premiumsDueIn', () => {
  const premium = (dueDate: string, totalCents: number, status: PremiumLike['status']) => ({
    dueDate,
    totalCents,
    status,
  });

  it('sums the month’s instalments, cancelled ones left out, and counts paid and unpaid', () => {
    const result = premiumsDueIn(
      [
        premium('2026-11-01', 10_000, 'paid'),
        premium('2026-11-30', 2_550, 'unpaid'),
        premium('2026-11-15', 1_000, 'issued'),
        premium('2026-11-10', 99_999, 'cancelled'),
        premium('2026-10-31', 50_000, 'issued'),
        premium('2026-12-01', 50_000, 'issued'),
      ],
      '2026-11',
    );
    expect(result).toEqual({ totalCents: 13_550, count: 3, paidCount: 1, unpaidCount: 1 });
  });
});

describe('mapWithConcurrency', () => {
  it('keeps the order of results and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 2, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      // Yield a varying number of times so tasks finish out of order.
      for (let i = 0; i < n; i += 1) await Promise.resolve();
      running -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });

  it('resolves at once with nothing to do', async () => {
    expect(await mapWithConcurrency([], 6, async () => 1)).toEqual([]);
  });
});
