/**
 * The French filters of the template language, as plain functions: LiquidJS registers them, and
 * the XLSX fast path calls them directly, so both give the same text.
 *
 * Rule for odd input: `null`, `undefined` and `''` print nothing; anything else the filter cannot
 * read (a text where a number is expected, an impossible date) is printed unchanged, so that the
 * author sees the odd value in the document instead of a silent blank.
 *
 * None of them depends on the process's time zone or locale: dates are calendar dates
 * (`YYYY-MM-DD`), never instants.
 */

const MONEY_FORMAT = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const PERCENT_FORMAT = new Intl.NumberFormat('fr-FR', {
  style: 'percent',
  maximumFractionDigits: 2,
});

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** A calendar date, optionally followed by a time (`2026-04-12T09:30:00Z` is the 12th as written). */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/;
const DECIMAL = /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?\s*$/i;

function isBlank(value: unknown): value is null | undefined | '' {
  return value === null || value === undefined || value === '';
}

/** What a filter prints for a value it cannot read. */
function unchanged(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return String(value);
  } catch {
    // An object without a prototype has no text.
    return '';
  }
}

/** A finite number from a number or a decimal string (`"1234.5"`); undefined otherwise. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && DECIMAL.test(value)) {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/**
 * Rounds euros to whole cents, half away from zero, on the decimal value the number was written as:
 * 1.005 is 1.00499999… in binary, yet whoever typed it meant one euro and half a cent.
 */
export function toCents(euros: number): number {
  const written = String(Math.abs(euros));
  // Appending `e2` shifts the decimal point in the text, which is exact; a number JS writes with
  // an exponent (1e-7, 1e21) has no half cent to get wrong.
  const shifted = written.includes('e') ? Math.abs(euros) * 100 : Number(`${written}e2`);
  const cents = Math.round(shifted);
  return cents === 0 ? 0 : Math.sign(euros) * cents;
}

/** `1234.56` → `1 234,56 €` (the spaces are the no-break spaces of French typography). */
export function money(value: unknown): string {
  if (isBlank(value)) return '';
  const amount = toNumber(value);
  if (amount === undefined) return unchanged(value);
  return MONEY_FORMAT.format(toCents(amount) / 100);
}

/** `12.5` → `12,5 %`: the number is already a percentage, as `tax_rate` and `commission_rate` are. */
export function percent(value: unknown): string {
  if (isBlank(value)) return '';
  const rate = toNumber(value);
  if (rate === undefined) return unchanged(value);
  return PERCENT_FORMAT.format(rate / 100);
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** The calendar date of `2026-04-12` (or of a JS Date, read in UTC); undefined when impossible. */
function calendarDate(value: unknown): CalendarDate | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    return {
      year: value.getUTCFullYear(),
      month: value.getUTCMonth() + 1,
      day: value.getUTCDate(),
    };
  }
  if (typeof value !== 'string') return undefined;
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (
    date.month < 1 ||
    date.month > 12 ||
    date.day < 1 ||
    date.day > daysIn(date.year, date.month)
  ) {
    return undefined;
  }
  return date;
}

/** The UTC midnight of an ISO calendar date (`YYYY-MM-DD` exactly), for Excel date cells. */
export function isoDateToUtc(value: string): Date | undefined {
  if (value.length !== 10) return undefined;
  const date = calendarDate(value);
  return date && new Date(Date.UTC(date.year, date.month - 1, date.day));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-04-12` → `12/04/2026`. */
export function dateFr(value: unknown): string {
  if (isBlank(value)) return '';
  const date = calendarDate(value);
  if (!date) return unchanged(value);
  return `${pad(date.day)}/${pad(date.month)}/${String(date.year).padStart(4, '0')}`;
}

/** `2026-04-12` → `12 avril 2026`; the first of the month is written `1er`, as French does. */
export function dateLong(value: unknown): string {
  if (isBlank(value)) return '';
  const date = calendarDate(value);
  if (!date) return unchanged(value);
  const day = date.day === 1 ? '1er' : String(date.day);
  return `${day} ${MONTHS[date.month - 1] ?? ''} ${date.year}`;
}

/**
 * The sum of `field` over a list (of the items themselves without a field), rounded to the cent;
 * missing and non-numeric values count as zero, and anything but a list sums to 0 — so that a
 * total row of an empty bordereau reads 0.
 */
export function sum(list: unknown, field?: unknown): number {
  if (!Array.isArray(list)) return 0;
  let cents = 0;
  for (const item of list as unknown[]) {
    const value =
      field === undefined || field === null
        ? item
        : typeof item === 'object' && item !== null && Object.hasOwn(item, String(field))
          ? (item as Record<string, unknown>)[String(field)]
          : undefined;
    const amount = toNumber(value);
    if (amount !== undefined) cents += toCents(amount);
  }
  return cents / 100;
}

/** Filters that take no argument, by name: what the XLSX fast path may apply without LiquidJS. */
export const SIMPLE_FILTERS: Readonly<Record<string, (value: unknown) => string>> = {
  money,
  date_fr: dateFr,
  date_long: dateLong,
  percent,
};

/** The French filters, documented for the template editor (`GET /templates/data-model`). */
export const FILTERS: readonly { name: string; example: string; description: string }[] = [
  {
    name: 'money',
    example: '{{ policy.annual_premium | money }} → 1 234,56 €',
    description: 'Montant en euros, au format français ; vide si la valeur est absente.',
  },
  {
    name: 'date_fr',
    example: '{{ policy.renewal_date | date_fr }} → 12/04/2026',
    description: 'Date au format jj/mm/aaaa.',
  },
  {
    name: 'date_long',
    example: '{{ today | date_long }} → 12 avril 2026',
    description: 'Date en toutes lettres (« 1er mai 2026 » pour le premier du mois).',
  },
  {
    name: 'percent',
    example: '{{ policy.commission_rate | percent }} → 12,5 %',
    description: 'Pourcentage (la valeur est déjà exprimée en pourcentage : 12.5 pour 12,5 %).',
  },
  {
    name: 'sum',
    example: '{{ premiums | sum: "total" | money }} → 4 938,00 €',
    description:
      "Somme d'un champ numérique sur une liste, arrondie au centime ; 0 pour une liste vide.",
  },
];
