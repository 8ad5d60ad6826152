/**
 * Calendar dates as ISO strings ('YYYY-MM-DD', years 0000–9999, proleptic Gregorian calendar).
 *
 * A policy date is a day in the contract, not an instant: converting through `Date` in a local
 * time zone can shift it by one day, so these functions do pure integer arithmetic on day numbers
 * and never read a clock or a time zone.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface CivilDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  if (!Number.isSafeInteger(year)) throw new RangeError(`Not an integer year: ${year}`);
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for a real calendar day written 'YYYY-MM-DD': '2024-02-29' yes, '2025-02-29' no. */
export function isIsoDate(value: string): boolean {
  return parse(value) !== undefined;
}

/** `n` days later (earlier when negative). */
export function addDays(date: string, days: number): string {
  assertInteger(days, 'days');
  return fromDayNumber(toDayNumber(parseOrThrow(date)) + days);
}

/**
 * `n` months later (earlier when negative), on the same day of the month or, when that month is
 * shorter, on its last day: 2025-01-31 + 1 month = 2025-02-28.
 *
 * Not associative: (01-31 + 1) + 1 = 03-28 but 01-31 + 2 = 03-31, so a series of dates (premium
 * schedules, anniversaries) is computed from its first date, never chained.
 */
export function addMonths(date: string, months: number): string {
  assertInteger(months, 'months');
  const { year, month, day } = parseOrThrow(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const newYear = Math.floor(monthIndex / 12);
  const newMonth = monthIndex - newYear * 12 + 1;
  if (newYear < 0 || newYear > 9999)
    throw new RangeError(`Date out of range: ${date} + ${months} months`);
  return format({
    year: newYear,
    month: newMonth,
    day: Math.min(day, daysInMonth(newYear, newMonth)),
  });
}

/** Same clamping as addMonths: 2024-02-29 + 1 year = 2025-02-28. */
export function addYears(date: string, years: number): string {
  assertInteger(years, 'years');
  return addMonths(date, years * 12);
}

/** Negative when a is before b, 0 when equal, positive after: a comparator for Array.sort. */
export function compareDates(a: string, b: string): -1 | 0 | 1 {
  const difference = daysBetween(b, a);
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

/** Days from `from` to `to`: 1 from a day to the next, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(parseOrThrow(to)) - toDayNumber(parseOrThrow(from));
}

/** '2026-04-12' → '12/04/2026', as printed on French documents. */
export function formatFrenchDate(date: string): string {
  const { year, month, day } = parseOrThrow(date);
  return `${pad(day, 2)}/${pad(month, 2)}/${pad(year, 4)}`;
}

function parse(value: string): CivilDate | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function parseOrThrow(value: string): CivilDate {
  const date = parse(value);
  if (!date)
    throw new RangeError(`Not an ISO calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  return date;
}

function assertInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`${name} must be an integer, got ${value}`);
}

function format({ year, month, day }: CivilDate): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

// Day numbers count from 1970-01-01 (H. Hinnant's days_from_civil / civil_from_days): exact
// integer arithmetic over 400-year eras, which also covers years 0–99 that Date.UTC maps to 19xx.
const DAYS_PER_ERA = 146_097;
const EPOCH_SHIFT = 719_468; // days from 0000-03-01 to 1970-01-01
const MIN_DAY = -719_528; // 0000-01-01
const MAX_DAY = 2_932_896; // 9999-12-31

function toDayNumber({ year, month, day }: CivilDate): number {
  // Years start in March so that the leap day is the last day of the year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * DAYS_PER_ERA + dayOfEra - EPOCH_SHIFT;
}

function fromDayNumber(dayNumber: number): string {
  if (!Number.isSafeInteger(dayNumber) || dayNumber < MIN_DAY || dayNumber > MAX_DAY) {
    throw new RangeError('Date out of range 0000-01-01..9999-12-31');
  }
  const shifted = dayNumber + EPOCH_SHIFT;
  const era = Math.floor(shifted / DAYS_PER_ERA);
  const dayOfEra = shifted - era * DAYS_PER_ERA;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const marchBasedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * marchBasedMonth + 2) / 5) + 1;
  const month = marchBasedMonth < 10 ? marchBasedMonth + 3 : marchBasedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return format({ year, month, day });
}
