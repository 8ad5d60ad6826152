/** French display of the API's values: money in euros, ISO dates, timestamps. */

const EURO = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const DATE = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeZone: 'Europe/Paris' });
const LONG_DATE = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });
const DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});
const NUMBER = new Intl.NumberFormat('fr-FR');

/** `1234.5` or `"1234.50"` → « 1 234,50 € »; empty for null. */
export function formatMoney(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  return EURO.format(Number(value));
}

/** A date-only ISO string (`2026-11-24`) or a timestamp → « 24/11/2026 ». */
export function formatDate(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  // A date without a time is a calendar day: read it at noon UTC so no time zone shifts it.
  return DATE.format(new Date(value.length === 10 ? `${value}T12:00:00Z` : value));
}

/** « 24 novembre 2026 ». */
export function formatLongDate(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  return LONG_DATE.format(new Date(value.length === 10 ? `${value}T12:00:00Z` : value));
}

/** A timestamp → « 24/11/2026 14:05 » (Paris time). */
export function formatDateTime(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  return DATE_TIME.format(new Date(value));
}

/** « 12 345 ». */
export function formatNumber(value: number): string {
  return NUMBER.format(value);
}

/** A byte count → « 12,3 Ko ». */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${NUMBER.format(Math.round(bytes / 102.4) / 10)} Ko`;
  return `${NUMBER.format(Math.round(bytes / 104857.6) / 10)} Mo`;
}

/** Today in Paris as an ISO date (`2026-11-24`), the business day of a French cabinet. */
export function todayInParis(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now);
}

/** Adds days to an ISO date. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
