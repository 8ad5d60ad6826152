/**
 * Amounts typed by French users, read into the API's integers: euros into cents, percentages
 * into basis points (1500 = 15 %). Both accept « 1 234,56 », « 1234.56 », « 1 234 € », « 15 % ».
 * Parsing is exact on the digits (no floating-point rounding of 0.1 + 0.2 kind).
 */

const NUMBER = /^(\d+)(?:[.,](\d*))?$/;

/** The digits of a typed decimal number, or null: spaces (also narrow no-break) and units go. */
function decimalParts(input: string, unit: RegExp): { whole: string; fraction: string } | null {
  const compact = input.replace(/[\s\u00a0\u202f]/g, '').replace(unit, '');
  const match = NUMBER.exec(compact);
  if (match === null) return null;
  return { whole: match[1] ?? '0', fraction: match[2] ?? '' };
}

/** An integer from the digits with `decimals` places, or null when more places were typed. */
function scaled(parts: { whole: string; fraction: string }, decimals: number): number | null {
  if (parts.fraction.length > decimals) return null;
  const value = Number(parts.whole) * 10 ** decimals + Number(parts.fraction.padEnd(decimals, '0'));
  return Number.isSafeInteger(value) ? value : null;
}

/** « 1 234,56 » → 123456 cents; null when not an amount with at most two decimals. */
export function parseEuros(input: string): number | null {
  const parts = decimalParts(input, /€$/);
  return parts === null ? null : scaled(parts, 2);
}

/** « 13,27 » or « 13,27 % » → 1327 basis points; null when not a rate with two decimals at most. */
export function parsePercent(input: string): number | null {
  const parts = decimalParts(input, /%$/);
  return parts === null ? null : scaled(parts, 2);
}

/** 123456 cents → « 1234,56 » (the value a field shows for editing, no thousands separator). */
export function centsToInput(cents: number): string {
  return `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}

/** 1327 basis points → « 13,27 »; 1500 → « 15 ». */
export function bpsToInput(bps: number): string {
  const fraction = bps % 100;
  if (fraction === 0) return String(Math.trunc(bps / 100));
  return `${Math.trunc(bps / 100)},${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}

/** 1327 basis points → « 13,27 % » (French number, non-breaking space before the sign). */
export function formatRate(bps: number | null | undefined): string {
  if (bps === null || bps === undefined) return '';
  return `${bpsToInput(bps)}\u00a0%`;
}
