/** The SIREN of La Poste, whose establishments' SIRETs predate the Luhn rule. */
const LA_POSTE_SIREN = '356000000';

/** A SIREN: exactly 9 digits (no spaces) with a valid Luhn check digit. */
export function isValidSiren(value: string): boolean {
  return /^\d{9}$/.test(value) && luhnValid(value);
}

/**
 * A SIRET: exactly 14 digits (no spaces) whose first 9 are a valid SIREN, with a valid Luhn check
 * digit over all 14. La Poste's establishments (SIREN 356000000) are the exception INSEE
 * documents: their SIRET is valid when the sum of its digits is a multiple of 5 (its head office,
 * 35600000000048, passes Luhn).
 */
export function isValidSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value) || !isValidSiren(value.slice(0, 9))) return false;
  if (luhnValid(value)) return true;
  return value.startsWith(LA_POSTE_SIREN) && digitSum(value) % 5 === 0;
}

/** @throws RangeError when `siret` is not a valid SIRET. */
export function sirenOfSiret(siret: string): string {
  if (!isValidSiret(siret)) throw new RangeError(`Not a valid SIRET: ${JSON.stringify(siret)}`);
  return siret.slice(0, 9);
}

/** '+' then 8 to 15 digits, the first not 0: the shape SMS providers accept. */
export function isE164(phone: string): boolean {
  return /^\+[1-9]\d{7,14}$/.test(phone);
}

/**
 * Country codes of the overseas departments, by the first three digits of the national number.
 * They share the French 10-digit plan (0692 12 34 56 in Réunion) but not +33: dialled as +33 the
 * number does not ring.
 */
const OVERSEAS_COUNTRY_CODES: Readonly<Record<string, string>> = {
  '590': '590', // Guadeloupe, Saint-Martin, Saint-Barthélemy
  '690': '590',
  '691': '590',
  '594': '594', // Guyane
  '694': '594',
  '596': '596', // Martinique
  '696': '596',
  '697': '596',
  '262': '262', // Réunion
  '263': '262',
  '692': '262',
  '693': '262',
  '269': '262', // Mayotte
  '639': '262',
};

/**
 * A phone number as typed by a French user, in E.164: '06 12 34 56 78', '06.12.34.56.78',
 * '+33 6 12 34 56 78', '+33 (0)6 12 34 56 78' and '0033 6 12 34 56 78' all give '+33612345678'.
 * National numbers of the overseas departments get their own country code ('0692 12 34 56' →
 * '+262692123456'); a number already international ('+32 2 123 45 67') is kept.
 *
 * @returns undefined when the input is not a phone number in one of these forms.
 */
export function toE164French(input: string): string | undefined {
  let compact = input
    .trim()
    .replace(/^(\+|00)33\s*\(0\)/, '+33')
    .replace(/[\s.\-/()]/g, '');
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;

  const national = /^0([1-9]\d{8})$/.exec(compact)?.[1];
  if (national !== undefined) {
    return `+${OVERSEAS_COUNTRY_CODES[national.slice(0, 3)] ?? '33'}${national}`;
  }
  // '+33 06…': the trunk 0 is often kept after the country code.
  const french = /^\+330?([1-9]\d{8})$/.exec(compact)?.[1];
  if (french !== undefined) return `+33${french}`;
  if (compact.startsWith('+33')) return undefined;
  return isE164(compact) ? compact : undefined;
}

const MAX_SEARCH_TERMS = 8;

/** Letters that do not decompose into a base letter and a combining mark. */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * The form names are searched in: lower case, no accents or ligatures, words separated by one
 * space. 'Hélène  DUPRÉ-Œuvre' → 'helene dupre oeuvre'. Letters and digits of other scripts are
 * kept (lower-cased), so that a name in Cyrillic or Arabic is still findable.
 *
 * NFKD rather than NFD also folds compatibility forms a paste may bring (ﬁ, full-width letters,
 * superscripts).
 */
export function normalizeSearchText(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[œæßøłđðþı]/g, (letter) => LETTER_FOLDS[letter] ?? letter)
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a search query, normalized, at most 8 (more would only slow the query down). */
export function searchTerms(query: string): string[] {
  return normalizeSearchText(query)
    .split(' ')
    .filter((term) => term !== '')
    .slice(0, MAX_SEARCH_TERMS);
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let position = 0; position < digits.length; position++) {
    // From the right, every second digit is doubled, and 10..18 count as their digit sum.
    let digit = Number(digits[digits.length - 1 - position]);
    if (position % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function digitSum(digits: string): number {
  let sum = 0;
  for (const digit of digits) sum += Number(digit);
  return sum;
}
