import { describe, expect, it } from 'vitest';
import { bpsToInput, centsToInput, formatRate, parseEuros, parsePercent } from './amount-input.ts';

describe('parseEuros', () => {
  it.each([
    ['1 234,56', 123456],
    ['1234.56', 123456],
    ['1\u202f234,5 €', 123450],
    ['0,07', 7],
    ['980', 98000],
    ['12,', 1200],
    ['0.1', 10],
  ])('reads « %s » as %i cents', (input, cents) => {
    expect(parseEuros(input)).toBe(cents);
  });

  it.each(['', 'abc', '12,345', '-5', '1,2,3', '1e3', '€'])('refuses « %s »', (input) => {
    expect(parseEuros(input)).toBeNull();
  });
});

describe('parsePercent', () => {
  it.each([
    ['15', 1500],
    ['13,27', 1327],
    ['12.5 %', 1250],
    ['0', 0],
    ['100', 10000],
  ])('reads « %s » as %i basis points', (input, bps) => {
    expect(parsePercent(input)).toBe(bps);
  });

  it.each(['', '13,275', 'quinze', '-1'])('refuses « %s »', (input) => {
    expect(parsePercent(input)).toBeNull();
  });
});

describe('back to the fields', () => {
  it('shows cents and basis points as a French user would type them', () => {
    expect(centsToInput(123456)).toBe('1234,56');
    expect(centsToInput(7)).toBe('0,07');
    expect(bpsToInput(1500)).toBe('15');
    expect(bpsToInput(1327)).toBe('13,27');
    expect(bpsToInput(1250)).toBe('12,5');
    expect(bpsToInput(5)).toBe('0,05');
    expect(formatRate(3300)).toBe('33\u00a0%');
    expect(formatRate(null)).toBe('');
  });

  it('round-trips every rate', () => {
    for (let bps = 0; bps <= 10000; bps += 7) expect(parsePercent(bpsToInput(bps))).toBe(bps);
  });
});
