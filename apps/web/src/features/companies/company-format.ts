import type { Company } from './api/companies.ts';

/**
 * A phone number as the API wants it (E.164) from what a French user types: « 01 45 67 89 00 »,
 * « 0033 1… », « +33 (0)1… ». Undefined when it cannot be read as a phone number.
 */
export function toE164(input: string): string | undefined {
  let digits = input.replace(/[\s.\-/()]/g, '');
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  if (/^\+330\d{9}$/.test(digits)) digits = `+33${digits.slice(4)}`;
  if (/^0\d{9}$/.test(digits)) digits = `+33${digits.slice(1)}`;
  return /^\+[1-9]\d{7,14}$/.test(digits) ? digits : undefined;
}

/** « +33145678900 » → « 01 45 67 89 00 »; other countries keep the international form. */
export function formatPhone(e164: string | null | undefined): string {
  if (e164 === null || e164 === undefined || e164 === '') return '';
  const french = /^\+33(\d{9})$/.exec(e164);
  if (french?.[1] !== undefined) return `0${french[1]}`.replace(/(\d{2})(?=\d)/g, '$1 ');
  return e164;
}

/** The address on two or three lines, the country only when it is not France. */
export function addressLines(address: Company['address']): string[] {
  if (address === null) return [];
  return [
    address.line1,
    address.line2 ?? '',
    `${address.postalCode} ${address.city}`,
    address.country === 'FR' ? '' : address.country,
  ].filter((line) => line !== '');
}
