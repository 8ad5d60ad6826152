/** The dashboard's arithmetic, apart from React so it can be tested on its own. */

/** A calendar month, `YYYY-MM`. */
export type Month = string;

export interface MonthCount {
  month: Month;
  /** « novembre 2026 ». */
  label: string;
  /** Under a bar: « nov. 26 » for the first month and each January, « déc. » otherwise. */
  shortLabel: string;
  count: number;
}

const LONG_MONTH = new Intl.DateTimeFormat('fr-FR', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const SHORT_MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'short', timeZone: 'UTC' });
const SHORT_MONTH_YEAR = new Intl.DateTimeFormat('fr-FR', {
  month: 'short',
  year: '2-digit',
  timeZone: 'UTC',
});

/** The month of an ISO date (`2026-11-24` → `2026-11`). */
export function monthOf(isoDate: string): Month {
  return isoDate.slice(0, 7);
}

/** `count` months from the month of `today` on, that one included. */
export function monthsFrom(today: string, count: number): Month[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, index) => {
    const date = new Date(Date.UTC(year, month + index, 1));
    return date.toISOString().slice(0, 7);
  });
}

/** « novembre 2026 ». */
export function monthLabel(month: Month): string {
  return LONG_MONTH.format(new Date(`${month}-15T12:00:00Z`));
}

/** The first and last days of a month, ISO. */
export function monthBounds(month: Month): { first: string; last: string } {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7)) - 1;
  const last = new Date(Date.UTC(year, index + 1, 0)).toISOString().slice(0, 10);
  return { first: `${month}-01`, last };
}

/** How many dates fall in each of the `months` months from today's (later ones are left out). */
export function countByMonth(
  dates: readonly string[],
  today: string,
  months: number,
): MonthCount[] {
  const buckets = new Map(monthsFrom(today, months).map((month) => [month, 0]));
  for (const date of dates) {
    const month = monthOf(date);
    const count = buckets.get(month);
    if (count !== undefined) buckets.set(month, count + 1);
  }
  return [...buckets].map(([month, count], index) => {
    const withYear = index === 0 || month.endsWith('-01');
    const middle = new Date(`${month}-15T12:00:00Z`);
    return {
      month,
      label: monthLabel(month),
      shortLabel: (withYear ? SHORT_MONTH_YEAR : SHORT_MONTH).format(middle),
      count,
    };
  });
}

/** The words a screen reader says for the chart: the span, the total, the busiest month. */
export function describeMonthCounts(
  buckets: readonly MonthCount[],
  noun: [string, string],
): string {
  const first = buckets[0];
  const last = buckets.at(-1);
  if (first === undefined || last === undefined) return 'Aucune donnée.';
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  const [singular, plural] = noun;
  const span = `de ${first.label} à ${last.label}`;
  if (total === 0) return `Aucune ${singular} ${span}.`;
  const peak = buckets.reduce((best, bucket) => (bucket.count > best.count ? bucket : best));
  return (
    `${total} ${total > 1 ? plural : singular} ${span} ; ` +
    `le plus en ${peak.label} (${peak.count}).`
  );
}

export interface MonthPremiums {
  /** Sum of the instalments due in the month, tax included, cancelled ones left out. */
  totalCents: number;
  count: number;
  paidCount: number;
  unpaidCount: number;
}
