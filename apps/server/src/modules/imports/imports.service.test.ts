import { describe, expect, it } from 'vitest';
import { parseDate, parseEuros, parsePercentBps } from './imports.service.ts';

describe('import value parsing', () => {
  it.each([
    ['2026-03-01', '2026-03-01'],
    ['01/03/2026', '2026-03-01'],
    ['1/3/2026', '2026-03-01'],
    ['29/02/2024', '2024-02-29'],
    ['29/02/2025', undefined],
    ['2026/03/01', undefined],
    ['', undefined],
  ])('date %s → %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each([
    ['1 234,56', 123_456],
    ['1\u202f234,56 €', 123_456],
    ['480', 48_000],
    ['480.5', 48_050],
    ['0,07', 7],
    ['12,345', undefined],
    ['-5', undefined],
    ['cent', undefined],
  ])('euros %s → %s cents', (input, expected) => {
    expect(parseEuros(input)).toBe(expected);
  });

  it.each([
    ['15', 1500],
    ['12,5 %', 1250],
    ['0', 0],
    ['100', 10_000],
    ['150', undefined],
    ['abc', undefined],
  ])('percent %s → %s bps', (input, expected) => {
    expect(parsePercentBps(input)).toBe(expected);
  });
});
