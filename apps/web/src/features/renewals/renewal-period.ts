import { addDays } from '../../shared/lib/format.ts';

/** The period the screen shows, as its URL says: `?jours=30|60|90`, or `?du=…&au=…`. */
export type RenewalPeriod =
  { kind: 'days'; days: 30 | 60 | 90 } | { kind: 'dates'; from: string; to: string };

export const PRESET_DAYS = [30, 60, 90] as const;
const DEFAULT_DAYS = 60;
export const DEFAULT_PERIOD: RenewalPeriod = { kind: 'days', days: DEFAULT_DAYS };
/** The API looks at most this far ahead. */
export const MAX_DAYS = 366;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whole days from one ISO date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

/** What is wrong with a custom period (keyed by field), empty when it can be shown. */
export function periodErrors(from: string, to: string, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!ISO_DATE.test(from)) errors.from = 'Saisissez la date de début, par exemple 01/03/2026.';
  else if (from < today) errors.from = 'La date de début ne peut pas être passée.';
  if (!ISO_DATE.test(to)) errors.to = 'Saisissez la date de fin, par exemple 31/03/2026.';
  else if (errors.from === undefined && to < from)
    errors.to = 'La date de fin doit suivre la date de début.';
  else if (to > addDays(today, MAX_DAYS))
    errors.to = `La date de fin doit tomber dans les ${MAX_DAYS} prochains jours.`;
  return errors;
}

/** The period of the URL; a malformed or impossible one falls back to the default. */
export function periodOf(params: URLSearchParams, today: string): RenewalPeriod {
  const from = params.get('du');
  const to = params.get('au');
  if (from !== null && to !== null && Object.keys(periodErrors(from, to, today)).length === 0)
    return { kind: 'dates', from, to };
  const days = Number(params.get('jours'));
  const preset = PRESET_DAYS.find((d) => d === days);
  return preset !== undefined ? { kind: 'days', days: preset } : DEFAULT_PERIOD;
}

/** The URL of a period (the default one has none, so the menu link stays canonical). */
export function paramsOf(period: RenewalPeriod): URLSearchParams {
  if (period.kind === 'dates') return new URLSearchParams({ du: period.from, au: period.to });
  if (period.days === DEFAULT_DAYS) return new URLSearchParams();
  return new URLSearchParams({ jours: String(period.days) });
}

/** The API's horizon (days from today) and the first day to keep, for a period. */
export function horizonOf(
  period: RenewalPeriod,
  today: string,
): { withinDays: number; from: string } {
  if (period.kind === 'days') return { withinDays: period.days, from: today };
  return { withinDays: Math.min(MAX_DAYS, daysBetween(today, period.to)), from: period.from };
}
