export {
  addDays,
  addMonths,
  addYears,
  compareDates,
  daysBetween,
  formatFrenchDate,
  isIsoDate,
  isLeapYear,
} from './dates.ts';
export {
  isE164,
  isValidSiren,
  isValidSiret,
  normalizeSearchText,
  searchTerms,
  sirenOfSiret,
  toE164French,
} from './identifiers.ts';
export { allocate, applyRate, formatEuros, splitEvenly } from './money.ts';
export {
  DEFAULT_NOTICE_MONTHS,
  nextTerm,
  renewalInfo,
  type NextTerm,
  type RenewalInfo,
  type RenewalInfoInput,
} from './renewal.ts';
export {
  buildPremiumSchedule,
  DEFAULT_TAX_RATE_BPS,
  PAYMENT_FREQUENCIES,
  PRODUCT_LINES,
  termPremiumCents,
  type PaymentFrequency,
  type PremiumScheduleInput,
  type ProductLine,
  type ScheduledPremium,
} from './schedule.ts';
