import { addDays, addMonths, addYears, compareDates, daysBetween } from './dates.ts';
import { PRODUCT_LINES, type ProductLine } from './schedule.ts';

/**
 * Months of notice before the renewal date for the client to cancel at the échéance. Code des
 * assurances L113-12: the insured may cancel at each annual échéance by notifying at least two
 * months before it. Kept per product line and overridable per policy because some contracts set
 * their own notice (non-consumer risks, individual health contracts). Auto, habitation and santé
 * contracts may also be cancelled at any time after the first year (L113-15-2), and emprunteur at
 * any time (L113-12-2): this deadline is only the one tied to the échéance.
 */
export const DEFAULT_NOTICE_MONTHS: Record<ProductLine, number> = {
  auto: 2,
  habitation: 2,
  sante: 2,
  prevoyance: 2,
  rc_pro: 2,
  multirisque_pro: 2,
  vie: 2,
  emprunteur: 2,
  autre: 2,
};

/**
 * Loi Chatel (L113-15-1): the renewal notice must be sent at least 15 days before the
 * cancellation deadline; sent later, the client may cancel within 20 days of the date it was sent
 * (postmark).
 */
const CHATEL_NOTICE_LEAD_DAYS = 15;

export interface RenewalInfoInput {
  /** The échéance principale. */
  renewalDate: string;
  tacitRenewal: boolean;
  productLine: ProductLine;
  /**
   * The client is a natural person insuring outside a professional activity: the scope of
   * L113-15-1. Pass false for a sole trader's professional contract.
   */
  consumer: boolean;
  /** Overrides DEFAULT_NOTICE_MONTHS[productLine]. */
  noticeMonths?: number;
  today: string;
}

export interface RenewalInfo {
  renewalDate: string;
  /** The last day the client may send a cancellation for this échéance. */
  cancellationDeadline: string;
  /** The renewal notice must state the deadline (loi Chatel). */
  chatelApplies: boolean;
  /** The last day to send the renewal notice without giving the client the 20-day late window. */
  noticeLatestSendDate: string;
  /** Negative once the renewal date has passed. */
  daysUntilRenewal: number;
}

/**
 * The dates a broker watches before a renewal. The deadline is renewalDate minus the notice
 * months, clamped to the end of a shorter month (a 04-30 échéance gives 02-28).
 *
 * @throws RangeError for an invalid date, an unknown product line or a negative notice.
 */
export function renewalInfo(input: RenewalInfoInput): RenewalInfo {
  const { renewalDate, tacitRenewal, productLine, consumer, today } = input;
  if (!(PRODUCT_LINES as readonly string[]).includes(productLine)) {
    throw new RangeError(`Unknown product line: ${String(productLine)}`);
  }
  const noticeMonths = input.noticeMonths ?? DEFAULT_NOTICE_MONTHS[productLine];
  if (!Number.isSafeInteger(noticeMonths) || noticeMonths < 0) {
    throw new RangeError(`noticeMonths must be a non-negative integer, got ${noticeMonths}`);
  }
  const cancellationDeadline = addMonths(renewalDate, -noticeMonths);
  return {
    renewalDate,
    cancellationDeadline,
    chatelApplies: tacitRenewal && consumer,
    noticeLatestSendDate: addDays(cancellationDeadline, -CHATEL_NOTICE_LEAD_DAYS),
    daysUntilRenewal: daysBetween(today, renewalDate),
  };
}

export interface NextTerm {
  termStart: string;
  /** Inclusive. */
  termEnd: string;
  nextRenewalDate: string;
}

/**
 * The term that a renewal opens: one year from the renewal date.
 *
 * @throws RangeError when renewalDate is not after currentTermStart.
 */
export function nextTerm(currentTermStart: string, renewalDate: string): NextTerm {
  if (compareDates(renewalDate, currentTermStart) <= 0) {
    throw new RangeError(
      `renewalDate ${renewalDate} is not after the term start ${currentTermStart}`,
    );
  }
  const nextRenewalDate = addYears(renewalDate, 1);
  return { termStart: renewalDate, termEnd: addDays(nextRenewalDate, -1), nextRenewalDate };
}
