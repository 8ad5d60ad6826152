import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addYears,
  buildPremiumSchedule,
  compareDates,
  DEFAULT_NOTICE_MONTHS,
  nextTerm,
  PRODUCT_LINES,
  renewalInfo,
  type ProductLine,
  type RenewalInfoInput,
} from './index.ts';

function info(overrides: Partial<RenewalInfoInput> = {}) {
  return renewalInfo({
    renewalDate: '2026-01-01',
    tacitRenewal: true,
    productLine: 'habitation',
    consumer: true,
    today: '2025-10-01',
    ...overrides,
  });
}

describe('DEFAULT_NOTICE_MONTHS', () => {
  it('is two months for every product line', () => {
    expect(Object.keys(DEFAULT_NOTICE_MONTHS).sort()).toEqual([...PRODUCT_LINES].sort());
    for (const line of PRODUCT_LINES) expect(DEFAULT_NOTICE_MONTHS[line]).toBe(2);
  });
});

describe('renewalInfo', () => {
  it('gives the cancellation deadline, the last day to send the notice and the days left', () => {
    expect(info()).toEqual({
      renewalDate: '2026-01-01',
      cancellationDeadline: '2025-11-01',
      chatelApplies: true,
      noticeLatestSendDate: '2025-10-17',
      daysUntilRenewal: 92,
    });
  });

  it('clamps the deadline to the end of a shorter month', () => {
    expect(info({ renewalDate: '2026-04-30' })).toMatchObject({
      cancellationDeadline: '2026-02-28',
      noticeLatestSendDate: '2026-02-13',
    });
    expect(info({ renewalDate: '2027-04-29' }).cancellationDeadline).toBe('2027-02-28');
    expect(info({ renewalDate: '2028-04-29' }).cancellationDeadline).toBe('2028-02-29');
    expect(info({ renewalDate: '2026-05-31' }).cancellationDeadline).toBe('2026-03-31');
  });

  it('applies the loi Chatel only to tacitly renewed contracts of consumers', () => {
    expect(info({ tacitRenewal: true, consumer: true }).chatelApplies).toBe(true);
    expect(info({ tacitRenewal: true, consumer: false }).chatelApplies).toBe(false);
    expect(info({ tacitRenewal: false, consumer: true }).chatelApplies).toBe(false);
    expect(info({ tacitRenewal: false, consumer: false }).chatelApplies).toBe(false);
  });

  it('takes the notice of the policy over the product line default', () => {
    expect(info({ noticeMonths: 1 }).cancellationDeadline).toBe('2025-12-01');
    expect(info({ noticeMonths: 3 }).cancellationDeadline).toBe('2025-10-01');
    expect(info({ noticeMonths: 0 })).toMatchObject({
      cancellationDeadline: '2026-01-01',
      noticeLatestSendDate: '2025-12-17',
    });
  });

  it('counts the days until the renewal date, negative once it has passed', () => {
    expect(info({ today: '2026-01-01' }).daysUntilRenewal).toBe(0);
    expect(info({ today: '2025-12-31' }).daysUntilRenewal).toBe(1);
    expect(info({ today: '2026-01-11' }).daysUntilRenewal).toBe(-10);
    expect(info({ renewalDate: '2025-03-01', today: '2024-02-28' }).daysUntilRenewal).toBe(367);
  });

  it.each<[string, Partial<RenewalInfoInput>]>([
    ['a negative notice', { noticeMonths: -1 }],
    ['a fractional notice', { noticeMonths: 1.5 }],
    ['an unknown product line', { productLine: 'bateau' as ProductLine }],
    ['an invalid renewal date', { renewalDate: '2026-02-30' }],
    ['an invalid today', { today: '01/10/2025' }],
  ])('throws a RangeError for %s', (_, overrides) => {
    expect(() => info(overrides)).toThrow(RangeError);
  });

  it('puts the notice date 15 days before a deadline at most the notice months before renewal', () => {
    fc.assert(
      fc.property(
        fc
          .date({
            min: new Date('2000-01-01T00:00:00Z'),
            max: new Date('2100-12-31T00:00:00Z'),
            noInvalidDate: true,
          })
          .map((date) => date.toISOString().slice(0, 10)),
        fc.integer({ min: 0, max: 12 }),
        (renewalDate, noticeMonths) => {
          const result = info({ renewalDate, noticeMonths, today: renewalDate });
          expect(result.daysUntilRenewal).toBe(0);
          expect(compareDates(result.cancellationDeadline, renewalDate)).toBeLessThanOrEqual(0);
          expect(
            (Date.parse(result.cancellationDeadline) - Date.parse(result.noticeLatestSendDate)) /
              86_400_000,
          ).toBe(15);
          // The deadline is in the month noticeMonths before, on the same day or that month's end.
          const renewal = new Date(`${renewalDate}T00:00:00Z`);
          const deadline = new Date(`${result.cancellationDeadline}T00:00:00Z`);
          const monthsApart =
            (renewal.getUTCFullYear() - deadline.getUTCFullYear()) * 12 +
            renewal.getUTCMonth() -
            deadline.getUTCMonth();
          expect(monthsApart).toBe(noticeMonths);
        },
      ),
    );
  });
});

describe('nextTerm', () => {
  it('opens a one-year term at the renewal date', () => {
    expect(nextTerm('2025-07-15', '2026-01-01')).toEqual({
      termStart: '2026-01-01',
      termEnd: '2026-12-31',
      nextRenewalDate: '2027-01-01',
    });
    expect(nextTerm('2025-01-01', '2026-01-01').termEnd).toBe('2026-12-31');
  });

  it('moves a 29 February renewal to 28 February', () => {
    expect(nextTerm('2023-03-01', '2024-02-29')).toEqual({
      termStart: '2024-02-29',
      termEnd: '2025-02-27',
      nextRenewalDate: '2025-02-28',
    });
  });

  it('throws a RangeError when the renewal date is not after the current term start', () => {
    expect(() => nextTerm('2026-01-01', '2026-01-01')).toThrow(RangeError);
    expect(() => nextTerm('2026-01-02', '2026-01-01')).toThrow(RangeError);
    expect(() => nextTerm('2025-01-01', '2026-02-29')).toThrow(RangeError);
  });

  it('makes a full-year term whose schedule costs the annual premium exactly', () => {
    fc.assert(
      fc.property(
        fc
          .date({
            min: new Date('2000-01-01T00:00:00Z'),
            max: new Date('2100-12-31T00:00:00Z'),
            noInvalidDate: true,
          })
          .map((date) => date.toISOString().slice(0, 10)),
        fc.integer({ min: 0, max: 10_000_000 }),
        (renewalDate, annualPremiumCents) => {
          const term = nextTerm(addYears(renewalDate, -1), renewalDate);
          expect(term.nextRenewalDate).toBe(addYears(renewalDate, 1));
          const rows = buildPremiumSchedule({
            termStart: term.termStart,
            termEnd: term.termEnd,
            frequency: 'monthly',
            annualPremiumCents,
            taxRateBps: 900,
            commissionRateBps: 1_000,
          });
          expect(rows).toHaveLength(12);
          expect(rows.reduce((total, row) => total + row.amountCents, 0)).toBe(annualPremiumCents);
        },
      ),
    );
  });
});
