/**
 * Amounts are integer euro cents. Splits must add up to the cent, because a bordereau is
 * reconciled line by line against the company's statement: a rounding cent lost or created in a
 * split shows up as a difference someone has to chase.
 */

/**
 * Splits `totalCents` in proportion to `weights` by the largest-remainder method: each part is the
 * floor of its exact share, then the cents left over go one each to the parts with the largest
 * remainders, the lower index first on ties. The parts add up exactly to `totalCents`, a zero
 * weight gets 0, and a larger weight never gets less than a smaller one.
 *
 * Weights may be fractional: they are compared exactly as the binary numbers they are, so
 * `[0.1, 0.2]` behaves like `[1, 2]` only up to floating-point representation.
 *
 * @throws RangeError for a negative or non-integer total, no weights, a negative or non-finite
 *   weight, or weights that are all zero.
 */
export function allocate(totalCents: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(totalCents) || totalCents < 0) {
    throw new RangeError(`totalCents must be a non-negative integer, got ${totalCents}`);
  }
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  for (const weight of weights) {
    if (!Number.isFinite(weight) || weight < 0) {
      throw new RangeError(`Weights must be finite and non-negative, got ${weight}`);
    }
  }
  const exactWeights = toCommonIntegerScale(weights);
  const weightSum = exactWeights.reduce((sum, weight) => sum + weight, 0n);
  if (weightSum === 0n) throw new RangeError('Weights must not all be zero');

  // BigInt: total × weight exceeds 2^53 long before the amounts do.
  const total = BigInt(totalCents);
  const parts = exactWeights.map((weight) => Number((total * weight) / weightSum));
  const remainders = exactWeights.map((weight) => (total * weight) % weightSum);
  const leftover = totalCents - parts.reduce((sum, part) => sum + part, 0);

  const byRemainder = parts.map((_, index) => index);
  // Array.prototype.sort is stable, so equal remainders keep the lower index first.
  byRemainder.sort((a, b) => compareBigInt(remainders[b] ?? 0n, remainders[a] ?? 0n));
  for (const index of byRemainder.slice(0, leftover)) parts[index] = (parts[index] ?? 0) + 1;
  return parts;
}

/** `parts` equal shares of `totalCents`; the first parts get the extra cents. */
export function splitEvenly(totalCents: number, parts: number): number[] {
  if (!Number.isSafeInteger(parts) || parts < 1) {
    throw new RangeError(`parts must be a positive integer, got ${parts}`);
  }
  return allocate(totalCents, new Array<number>(parts).fill(1));
}

/**
 * `cents` × `rateBps` / 10 000 (1 bp = 0.01 %), rounded half up, in exact integer arithmetic.
 * A negative amount (a refund) rounds half away from zero, so it mirrors the amount it cancels.
 *
 * @throws RangeError for a non-integer amount or rate, or a result beyond ±2^53.
 */
export function applyRate(cents: number, rateBps: number): number {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`cents must be an integer, got ${cents}`);
  if (!Number.isSafeInteger(rateBps)) {
    throw new RangeError(`rateBps must be an integer, got ${rateBps}`);
  }
  const product = BigInt(cents) * BigInt(rateBps);
  const magnitude = ((product < 0n ? -product : product) + 5_000n) / 10_000n;
  const result = Number(product < 0n ? -magnitude : magnitude);
  if (!Number.isSafeInteger(result)) throw new RangeError('applyRate result is out of range');
  return result;
}

/** U+202F NARROW NO-BREAK SPACE: the French thousands separator in current CLDR data. */
const THOUSANDS_SEPARATOR = '\u202F';
/** U+00A0 NO-BREAK SPACE: between the amount and the currency sign. */
const CURRENCY_SPACE = '\u00A0';

/**
 * '1 234,56 €': what `Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' })` prints
 * on Node 20 (full ICU), character for character: U+202F between thousands, U+00A0 before €, and
 * a hyphen-minus for negative amounts.
 *
 * Built by hand rather than through Intl so that documents already issued print the same after a
 * Node or ICU upgrade (older ICU data used U+00A0 between thousands), and so that amounts are not
 * divided into a float. Zero is '0,00 €' whatever its sign.
 */
export function formatEuros(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`cents must be an integer, got ${cents}`);
  const absolute = Math.abs(cents);
  const euros = String(Math.floor(absolute / 100)).replace(/\B(?=(\d{3})+$)/g, THOUSANDS_SEPARATOR);
  const fraction = String(absolute % 100).padStart(2, '0');
  return `${cents < 0 ? '-' : ''}${euros},${fraction}${CURRENCY_SPACE}€`;
}

/**
 * Every finite double is an integer times a power of two: scaling all weights by the largest such
 * power turns them into integers with the same ratios, exactly.
 */
function toCommonIntegerScale(weights: readonly number[]): bigint[] {
  const scaled = weights.map((weight) => {
    let integer = weight;
    let shift = 0;
    // Doubling is exact and stops before 2^53, above which every double is an integer.
    while (!Number.isInteger(integer)) {
      integer *= 2;
      shift += 1;
    }
    return { integer: BigInt(integer), shift };
  });
  const maxShift = scaled.reduce((max, { shift }) => Math.max(max, shift), 0);
  return scaled.map(({ integer, shift }) => integer << BigInt(maxShift - shift));
}

function compareBigInt(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
