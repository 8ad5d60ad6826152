import { addDays, addMonths, addYears, compareDates, daysBetween } from './dates.ts';
import { allocate, applyRate, splitEvenly } from './money.ts';

export const PRODUCT_LINES = [
  'auto',
  'habitation',
  'sante',
  'prevoyance',
  'rc_pro',
  'multirisque_pro',
  'vie',
  'emprunteur',
  'autre',
] as const;
export type ProductLine = (typeof PRODUCT_LINES)[number];

/**
 * Taxe sur les conventions d'assurance (CGI art. 991 and following) by product line, in basis
 * points of the premium excluding tax, used to pre-fill a new policy.
 *
 * These are defaults to verify with the cabinet's accountant, not a tax table: the real rate
 * depends on the guarantees inside a contract (auto 33 % is the usual all-in figure for motor
 * liability, santé 13.27 % is for contrats responsables, vie is exempt), and each policy stores
 * its own `taxRateBps`, which the broker can override. Flat per-contract levies (such as the
 * attentats contribution on property contracts) are not rates and are not covered here.
 */
export const DEFAULT_TAX_RATE_BPS: Record<ProductLine, number> = {
  auto: 3300,
  habitation: 3000,
  sante: 1327,
  prevoyance: 900,
  rc_pro: 900,
  multirisque_pro: 900,
  vie: 0,
  emprunteur: 900,
  autre: 900,
};

export const PAYMENT_FREQUENCIES = ['annual', 'semiannual', 'quarterly', 'monthly'] as const;
export type PaymentFrequency = (typeof PAYMENT_FREQUENCIES)[number];

const INSTALMENTS_PER_YEAR: Record<PaymentFrequency, number> = {
  annual: 1,
  semiannual: 2,
  quarterly: 4,
  monthly: 12,
};

/** One instalment (quittance) of a policy term. */
export interface ScheduledPremium {
  /** 1..n in date order. */
  sequence: number;
  /** The first day of the period: premiums are payable in advance. */
  dueDate: string;
  periodStart: string;
  /** Inclusive. */
  periodEnd: string;
  /** Premium excluding tax. */
  amountCents: number;
  taxCents: number;
  /** amountCents + taxCents: what the client pays. */
  totalCents: number;
  /** The cabinet's commission on amountCents. */
  commissionCents: number;
}

export interface PremiumScheduleInput {
  termStart: string;
  /** Inclusive last day; for a full year addDays(addYears(termStart, 1), -1). */
  termEnd: string;
  frequency: PaymentFrequency;
  /** Excluding tax, for a full year. */
  annualPremiumCents: number;
  taxRateBps: number;
  commissionRateBps: number;
}

/**
 * The premium of a term: the annual premium for a full year, else pro rata temporis over the
 * days of the year that starts at termStart (365 or 366), rounded half up. A first term that runs
 * from a mid-year effective date to the renewal date costs its share of the year, not a year.
 *
 * @throws RangeError when termEnd is before termStart or the premium is not a non-negative integer.
 */
export function termPremiumCents(
  annualPremiumCents: number,
  termStart: string,
  termEnd: string,
): number {
  assertNonNegativeInteger(annualPremiumCents, 'annualPremiumCents');
  if (compareDates(termEnd, termStart) < 0) {
    throw new RangeError(`termEnd ${termEnd} is before termStart ${termStart}`);
  }
  const termDays = BigInt(daysBetween(termStart, termEnd) + 1);
  const yearDays = BigInt(daysBetween(termStart, addYears(termStart, 1)));
  const premium = (2n * BigInt(annualPremiumCents) * termDays + yearDays) / (2n * yearDays);
  return Number(premium);
}

/**
 * The échéancier of one policy term: one instalment per period of 12/n months from termStart.
 *
 * Period starts are computed from termStart (termStart + k×12/n months), never from the previous
 * period, so a term starting on the 31st keeps the 31st whenever the month has one (01-31, 02-28,
 * 03-31, …). The dates drive the count: a term shorter than a year has only the periods that start
 * in it, the last one cut at termEnd. The term premium (see termPremiumCents) is split evenly, the
 * first instalments taking the odd cents; the tax and the commission are each computed once on the
 * term premium and then allocated in proportion to the instalments, so that each adds up to the
 * cent to what the company computes on the whole premium.
 *
 * @throws RangeError when termEnd is before termStart, or for an invalid date, frequency, premium
 *   or rate.
 */
export function buildPremiumSchedule(input: PremiumScheduleInput): ScheduledPremium[] {
  const { termStart, termEnd, frequency, taxRateBps, commissionRateBps } = input;
  if (!Object.hasOwn(INSTALMENTS_PER_YEAR, frequency)) {
    throw new RangeError(`Unknown payment frequency: ${String(frequency)}`);
  }
  assertNonNegativeInteger(taxRateBps, 'taxRateBps');
  assertNonNegativeInteger(commissionRateBps, 'commissionRateBps');
  const premium = termPremiumCents(input.annualPremiumCents, termStart, termEnd);

  const monthsPerPeriod = 12 / INSTALMENTS_PER_YEAR[frequency];
  const periodStarts: string[] = [];
  let start = termStart;
  while (compareDates(start, termEnd) <= 0) {
    periodStarts.push(start);
    start = addMonths(termStart, periodStarts.length * monthsPerPeriod);
  }

  const amounts = splitEvenly(premium, periodStarts.length);
  const taxes = allocateLike(applyRate(premium, taxRateBps), amounts);
  const commissions = allocateLike(applyRate(premium, commissionRateBps), amounts);

  return periodStarts.map((periodStart, index) => {
    const nextStart = periodStarts[index + 1];
    const amountCents = amounts[index] ?? 0;
    const taxCents = taxes[index] ?? 0;
    return {
      sequence: index + 1,
      dueDate: periodStart,
      periodStart,
      periodEnd: nextStart === undefined ? termEnd : addDays(nextStart, -1),
      amountCents,
      taxCents,
      totalCents: amountCents + taxCents,
      commissionCents: commissions[index] ?? 0,
    };
  });
}

/** allocate, except that a zero premium (all weights zero) yields zero parts rather than an error. */
function allocateLike(totalCents: number, amounts: readonly number[]): number[] {
  if (amounts.every((amount) => amount === 0)) return amounts.map(() => 0);
  return allocate(totalCents, amounts);
}

function assertNonNegativeInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}
