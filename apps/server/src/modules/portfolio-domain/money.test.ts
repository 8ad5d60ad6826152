import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, applyRate, formatEuros, splitEvenly } from './money.ts';

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** Non-negative integer weights with at least one above zero. */
const integerWeights = fc
  .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 })
  .filter((weights) => weights.some((weight) => weight > 0));
const totals = fc.integer({ min: 0, max: 1e12 });

describe('allocate', () => {
  it('splits in proportion to the weights', () => {
    expect(allocate(1_000, [1, 2, 3, 4])).toEqual([100, 200, 300, 400]);
    expect(allocate(7, [1, 2])).toEqual([2, 5]);
    expect(allocate(100, [50, 30, 20])).toEqual([50, 30, 20]);
  });

  it('gives the leftover cents to the largest remainders', () => {
    // Exact shares 3.3, 3.3, 3.4: the only cent left goes to 3.4 although it is last.
    expect(allocate(10, [33, 33, 34])).toEqual([3, 3, 4]);
    // Shares 1.8, 3.6, 4.6: two cents left, to remainders .8 and .6 (index 1 before index 2).
    expect(allocate(10, [18, 36, 46])).toEqual([2, 4, 4]);
  });

  it('breaks ties by the lower index', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocate(5, [3, 0, 3])).toEqual([3, 0, 2]);
  });

  it('gives nothing to a zero weight, and a zero total gives zeros', () => {
    expect(allocate(1, [0, 1, 0])).toEqual([0, 1, 0]);
    expect(allocate(0, [1, 2, 3])).toEqual([0, 0, 0]);
    expect(allocate(42, [5])).toEqual([42]);
  });

  it('takes fractional weights exactly as the binary numbers they are', () => {
    expect(allocate(10, [0.1, 0.2, 0.7])).toEqual([1, 2, 7]);
    expect(allocate(4, [0.5, 0.25, 0.25])).toEqual([2, 1, 1]);
    expect(allocate(1, [0.25, 0.25, 0.5])).toEqual([0, 0, 1]);
    // 0.1 + 0.2 is a hair above 0.3: the tie is not one.
    expect(allocate(1, [0.3, 0.1 + 0.2])).toEqual([0, 1]);
    expect(allocate(2, [Number.MIN_VALUE, 1e300])).toEqual([0, 2]);
  });

  it('stays exact where total × weight exceeds 2^53', () => {
    const parts = allocate(Number.MAX_SAFE_INTEGER, [1, 2, 1_000_003]);
    expect(sum(parts)).toBe(Number.MAX_SAFE_INTEGER);
    expect(parts).toEqual([9_007_145_212, 18_014_290_424, 9_007_172_233_305_355]);
  });

  it.each([
    ['a negative total', -1, [1]],
    ['a fractional total', 10.5, [1]],
    ['a NaN total', Number.NaN, [1]],
    ['an infinite total', Number.POSITIVE_INFINITY, [1]],
    ['a total beyond 2^53', 2 ** 53, [1]],
    ['no weights', 10, []],
    ['all-zero weights', 10, [0, 0]],
    ['a negative weight', 10, [2, -1]],
    ['a NaN weight', 10, [1, Number.NaN]],
    ['an infinite weight', 10, [1, Number.POSITIVE_INFINITY]],
  ])('throws a RangeError for %s', (_, total, weights) => {
    expect(() => allocate(total, weights)).toThrow(RangeError);
  });

  it('always adds up exactly to the total', () => {
    fc.assert(
      fc.property(totals, integerWeights, (total, weights) => {
        const parts = allocate(total, weights);
        expect(parts).toHaveLength(weights.length);
        expect(sum(parts)).toBe(total);
        for (const part of parts) expect(Number.isSafeInteger(part) && part >= 0).toBe(true);
      }),
    );
  });

  it('gives each part the floor or the ceiling of its exact share, the extra cents to the largest remainders', () => {
    fc.assert(
      fc.property(totals, integerWeights, (total, weights) => {
        const parts = allocate(total, weights);
        const weightSum = BigInt(sum(weights));
        const shares = weights.map((weight) => {
          const numerator = BigInt(total) * BigInt(weight);
          return { floor: numerator / weightSum, remainder: numerator % weightSum };
        });
        const rounded = parts.map((part, index) => BigInt(part) - shares[index]!.floor);
        for (const extra of rounded) expect(extra === 0n || extra === 1n).toBe(true);
        // Every part that got an extra cent had a remainder at least as large as every part that
        // did not, and a lower index on equal remainders.
        rounded.forEach((extraUp, up) => {
          if (extraUp !== 1n) return;
          rounded.forEach((extraDown, down) => {
            if (extraDown !== 0n) return;
            const upRemainder = shares[up]!.remainder;
            const downRemainder = shares[down]!.remainder;
            expect(
              upRemainder > downRemainder || (upRemainder === downRemainder && up < down),
            ).toBe(true);
          });
        });
      }),
    );
  });

  it('never gives a larger weight less than a smaller one, nor anything to a zero weight', () => {
    fc.assert(
      fc.property(totals, integerWeights, (total, weights) => {
        const parts = allocate(total, weights);
        weights.forEach((weight, i) => {
          if (weight === 0) expect(parts[i]).toBe(0);
          weights.forEach((other, j) => {
            if (weight > other || (weight === other && i < j)) {
              expect(parts[i]).toBeGreaterThanOrEqual(parts[j]!);
            }
          });
        });
      }),
    );
  });

  it('depends only on the ratios of the weights', () => {
    fc.assert(
      fc.property(
        totals,
        integerWeights,
        fc.integer({ min: 2, max: 1_000 }),
        (total, weights, k) => {
          expect(
            allocate(
              total,
              weights.map((weight) => weight * k),
            ),
          ).toEqual(allocate(total, weights));
          expect(
            allocate(
              total,
              weights.map((weight) => weight / 4),
            ),
          ).toEqual(allocate(total, weights));
        },
      ),
    );
  });
});

describe('splitEvenly', () => {
  it('gives the extra cents to the first parts', () => {
    expect(splitEvenly(100, 3)).toEqual([34, 33, 33]);
    expect(splitEvenly(100_000, 12)).toEqual([
      8_334, 8_334, 8_334, 8_334, 8_333, 8_333, 8_333, 8_333, 8_333, 8_333, 8_333, 8_333,
    ]);
    expect(splitEvenly(1, 4)).toEqual([1, 0, 0, 0]);
    expect(splitEvenly(0, 2)).toEqual([0, 0]);
    expect(splitEvenly(999, 1)).toEqual([999]);
  });

  it.each([0, -1, 1.5, Number.NaN])('throws a RangeError for %s parts', (parts) => {
    expect(() => splitEvenly(100, parts)).toThrow(RangeError);
  });

  it('throws a RangeError for a negative total', () => {
    expect(() => splitEvenly(-100, 2)).toThrow(RangeError);
  });

  it('makes parts that add up, differ by at most a cent and never increase', () => {
    fc.assert(
      fc.property(totals, fc.integer({ min: 1, max: 366 }), (total, count) => {
        const parts = splitEvenly(total, count);
        expect(parts).toHaveLength(count);
        expect(sum(parts)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
        for (let i = 1; i < parts.length; i++) expect(parts[i]).toBeLessThanOrEqual(parts[i - 1]!);
      }),
    );
  });
});

describe('applyRate', () => {
  it('applies basis points and rounds half up', () => {
    expect(applyRate(12_345, 3_300)).toBe(4_074); // 4 073.85
    expect(applyRate(100_000, 1_327)).toBe(13_270);
    expect(applyRate(1, 5_000)).toBe(1); // 0.5
    expect(applyRate(1, 4_999)).toBe(0); // 0.4999
    expect(applyRate(1_005, 5_000)).toBe(503); // 502.5
    expect(applyRate(0, 3_300)).toBe(0);
    expect(applyRate(12_345, 0)).toBe(0);
    expect(applyRate(12_345, 10_000)).toBe(12_345);
  });

  it('rounds a negative amount half away from zero, mirroring the positive one', () => {
    expect(applyRate(-1_005, 5_000)).toBe(-503);
    expect(applyRate(-1, 4_999)).toBe(0);
    expect(Object.is(applyRate(-1, 4_999), 0)).toBe(true);
  });

  it('is exact for amounts up to 10^12 cents, where a float computation is a cent off', () => {
    // The true value is 999 899 995 001.4999; in floating point it becomes …001.5 and rounds up.
    expect(Math.round((999_999_995_001 * 9_999) / 10_000)).toBe(999_899_995_002);
    expect(applyRate(999_999_995_001, 9_999)).toBe(999_899_995_001);
    expect(applyRate(1e12, 1_327)).toBe(132_700_000_000);
  });

  it.each([
    ['a fractional amount', 10.5, 100],
    ['a NaN amount', Number.NaN, 100],
    ['a fractional rate', 100, 0.5],
    ['an infinite rate', 100, Number.POSITIVE_INFINITY],
  ])('throws a RangeError for %s', (_, cents, rate) => {
    expect(() => applyRate(cents, rate)).toThrow(RangeError);
  });

  it('throws a RangeError when the result is beyond 2^53', () => {
    expect(() => applyRate(Number.MAX_SAFE_INTEGER, 20_000)).toThrow(RangeError);
  });

  it('is within half a cent of the exact value, ties away from zero, and odd in the amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 0, max: 10_000 }),
        (cents, rate) => {
          const result = applyRate(cents, rate);
          const exactTimes10000 = BigInt(cents) * BigInt(rate);
          const error = BigInt(result) * 10_000n - exactTimes10000;
          const absError = error < 0n ? -error : error;
          expect(absError <= 5_000n).toBe(true);
          if (absError === 5_000n) {
            // A tie: the result is the one further from zero.
            expect(Math.abs(result) * 10_000 > Math.abs(cents * rate)).toBe(true);
          }
          expect(applyRate(-cents, rate)).toBe(-result || 0);
        },
      ),
    );
  });
});

describe('formatEuros', () => {
  const NNBSP = '\u202F';
  const NBSP = '\u00A0';

  it('prints French amounts with a narrow no-break space between thousands and a no-break space before €', () => {
    expect(formatEuros(123_456)).toBe(`1${NNBSP}234,56${NBSP}€`);
    expect(formatEuros(123_456_789)).toBe(`1${NNBSP}234${NNBSP}567,89${NBSP}€`);
    expect(formatEuros(100_000)).toBe(`1${NNBSP}000,00${NBSP}€`);
    expect(formatEuros(99_999)).toBe(`999,99${NBSP}€`);
    expect(formatEuros(100)).toBe(`1,00${NBSP}€`);
    expect(formatEuros(5)).toBe(`0,05${NBSP}€`);
    expect(formatEuros(0)).toBe(`0,00${NBSP}€`);
    expect(formatEuros(-0)).toBe(`0,00${NBSP}€`);
    expect(formatEuros(-123_456)).toBe(`-1${NNBSP}234,56${NBSP}€`);
    expect(formatEuros(1e12)).toBe(`10${NNBSP}000${NNBSP}000${NNBSP}000,00${NBSP}€`);
  });

  it('throws a RangeError for a fractional amount', () => {
    expect(() => formatEuros(1.5)).toThrow(RangeError);
  });

  it('matches what Intl.NumberFormat fr-FR EUR prints on this Node', () => {
    const intl = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
    expect(intl.format(1234.56)).toBe(`1${NNBSP}234,56${NBSP}€`);
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
        // Exact for these amounts: cents / 100 is within far less than half a cent of the decimal.
        expect(formatEuros(cents)).toBe(intl.format(cents / 100));
      }),
    );
  });
});
