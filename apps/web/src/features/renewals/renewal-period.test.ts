import { describe, expect, it } from 'vitest';
import { horizonOf, paramsOf, periodErrors, periodOf } from './renewal-period.ts';

const TODAY = '2026-03-10';

describe('the period in the URL', () => {
  it('reads presets and custom dates, and falls back to 60 days', () => {
    expect(periodOf(new URLSearchParams('jours=30'), TODAY)).toEqual({ kind: 'days', days: 30 });
    expect(periodOf(new URLSearchParams('jours=45'), TODAY)).toEqual({ kind: 'days', days: 60 });
    expect(periodOf(new URLSearchParams(''), TODAY)).toEqual({ kind: 'days', days: 60 });
    expect(periodOf(new URLSearchParams('du=2026-04-01&au=2026-04-30'), TODAY)).toEqual({
      kind: 'dates',
      from: '2026-04-01',
      to: '2026-04-30',
    });
    // A past start (an old bookmark) is not shown as if it were valid.
    expect(periodOf(new URLSearchParams('du=2026-01-01&au=2026-04-30'), TODAY)).toEqual({
      kind: 'days',
      days: 60,
    });
  });

  it('writes the default period as no parameter', () => {
    expect(paramsOf({ kind: 'days', days: 60 }).toString()).toBe('');
    expect(paramsOf({ kind: 'days', days: 90 }).toString()).toBe('jours=90');
    expect(paramsOf({ kind: 'dates', from: '2026-04-01', to: '2026-04-30' }).toString()).toBe(
      'du=2026-04-01&au=2026-04-30',
    );
  });
});

describe('periodErrors', () => {
  it('accepts a future period within a year', () => {
    expect(periodErrors('2026-03-10', '2027-03-11', TODAY)).toEqual({});
  });

  it('names what is wrong', () => {
    expect(Object.keys(periodErrors('', '', TODAY))).toEqual(['from', 'to']);
    expect(periodErrors('2026-03-09', '2026-04-01', TODAY).from).toMatch(/passée/);
    expect(periodErrors('2026-04-02', '2026-04-01', TODAY).to).toMatch(/suivre/);
    expect(periodErrors('2026-04-02', '2027-03-12', TODAY).to).toMatch(/366/);
  });
});

describe('horizonOf', () => {
  it('asks the API up to the end of the period and keeps from its start', () => {
    expect(horizonOf({ kind: 'days', days: 30 }, TODAY)).toEqual({ withinDays: 30, from: TODAY });
    expect(horizonOf({ kind: 'dates', from: '2026-04-01', to: '2026-04-30' }, TODAY)).toEqual({
      withinDays: 51,
      from: '2026-04-01',
    });
  });
});
