import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isE164,
  isValidSiren,
  isValidSiret,
  normalizeSearchText,
  searchTerms,
  sirenOfSiret,
  toE164French,
} from './identifiers.ts';

const digits = (length: number) =>
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length })
    .map((d) => d.join(''));

/** The one check digit (found by trying all ten) that makes `body` + digit pass `isValid`. */
function withCheckDigit(body: string, isValid: (value: string) => boolean): string {
  const candidates = [...'0123456789'].map((digit) => body + digit).filter(isValid);
  expect(candidates).toHaveLength(1);
  return candidates[0]!;
}

describe('isValidSiren', () => {
  it.each([
    ['732829320', 'a real SIREN'],
    ['552100554', 'a real SIREN'],
    ['542051180', 'a real SIREN'],
    ['356000000', 'La Poste'],
  ])('accepts %s (%s)', (siren) => {
    expect(isValidSiren(siren)).toBe(true);
  });

  it.each([
    '732829321', // last digit changed
    '732829330', // another digit changed
    '737829320', // and another
    '123456789',
    '73282932', // 8 digits
    '7328293200', // 10 digits
    '732 829 320', // spaces: the caller compacts first
    '73282932O', // letter O
    '',
  ])('rejects %j', (siren) => {
    expect(isValidSiren(siren)).toBe(false);
  });

  it('has exactly one check digit for any 8 digits, and catches any single wrong digit', () => {
    fc.assert(
      fc.property(
        digits(8),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (body, position, shift) => {
          const siren = withCheckDigit(body, isValidSiren);
          const wrong = String((Number(siren[position]) + shift) % 10);
          const mistyped = siren.slice(0, position) + wrong + siren.slice(position + 1);
          expect(isValidSiren(mistyped)).toBe(false);
        },
      ),
    );
  });
});

describe('isValidSiret', () => {
  it('accepts a SIRET whose 14 digits pass Luhn and whose SIREN is valid', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(isValidSiret('73282932000079')).toBe(false);
    // Passes Luhn over 14 digits, but 123456789 is not a SIREN.
    expect(isValidSiret('12345678900007')).toBe(false);
  });

  it('accepts La Poste establishments whose digits add up to a multiple of 5', () => {
    // 3+5+6 = 14: the NIC's digits must bring the sum to a multiple of 5. None of these pass Luhn.
    expect(isValidSiret('35600000000001')).toBe(true);
    expect(isValidSiret('35600000049837')).toBe(true);
    expect(isValidSiret('35600000000002')).toBe(false);
    // The head office follows Luhn (its digit sum is 26).
    expect(isValidSiret('35600000000048')).toBe(true);
  });

  it.each(['7328293200007', '732829320000740', '732 829 320 00074', '7328293200007A', ''])(
    'rejects %j',
    (siret) => {
      expect(isValidSiret(siret)).toBe(false);
    },
  );

  it('accepts a valid SIREN followed by any NIC with the right check digit', () => {
    fc.assert(
      fc.property(digits(8), digits(4), (sirenBody, nicBody) => {
        const siren = withCheckDigit(sirenBody, isValidSiren);
        const siret = withCheckDigit(siren + nicBody, (value) =>
          // La Poste may accept two digits; outside it the Luhn digit is unique.
          value.startsWith('356000000') ? false : isValidSiret(value),
        );
        expect(sirenOfSiret(siret)).toBe(siren);
      }),
    );
  });
});

describe('sirenOfSiret', () => {
  it('gives the first 9 digits of a valid SIRET', () => {
    expect(sirenOfSiret('73282932000074')).toBe('732829320');
    expect(sirenOfSiret('35600000000001')).toBe('356000000');
  });

  it('throws a RangeError for an invalid SIRET', () => {
    expect(() => sirenOfSiret('73282932000079')).toThrow(RangeError);
    expect(() => sirenOfSiret('732829320')).toThrow(RangeError);
  });
});

describe('isE164', () => {
  it.each(['+33612345678', '+12345678', '+123456789012345', '+262692123456'])(
    'accepts %s',
    (phone) => {
      expect(isE164(phone)).toBe(true);
    },
  );

  it.each([
    '+1234567', // 7 digits
    '+1234567890123456', // 16 digits
    '+0612345678', // country code cannot start with 0
    '0612345678',
    '0033612345678',
    '+33 6 12 34 56 78',
    '+33-612345678',
    '',
  ])('rejects %j', (phone) => {
    expect(isE164(phone)).toBe(false);
  });
});

describe('toE164French', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['0612345678', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['06-12-34-56-78', '+33612345678'],
    ['  06 12 34 56 78  ', '+33612345678'],
    ['06\u00A012\u00A034\u00A056\u00A078', '+33612345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+33612345678', '+33612345678'],
    ['+33 (0)6 12 34 56 78', '+33612345678'],
    ['+33 06 12 34 56 78', '+33612345678'],
    ['0033 6 12 34 56 78', '+33612345678'],
    ['01 23 45 67 89', '+33123456789'],
    ['07 81 23 45 67', '+33781234567'],
    ['09 70 12 34 56', '+33970123456'],
  ])('turns %j into %s', (input, expected) => {
    expect(toE164French(input)).toBe(expected);
  });

  it.each([
    ['0692 12 34 56', '+262692123456', 'Réunion mobile'],
    ['0262 12 34 56', '+262262123456', 'Réunion fixed'],
    ['0639 12 34 56', '+262639123456', 'Mayotte mobile'],
    ['0590 12 34 56', '+590590123456', 'Guadeloupe fixed'],
    ['0690 12 34 56', '+590690123456', 'Guadeloupe mobile'],
    ['0596 12 34 56', '+596596123456', 'Martinique fixed'],
    ['0696 12 34 56', '+596696123456', 'Martinique mobile'],
    ['0694 12 34 56', '+594694123456', 'Guyane mobile'],
  ])('gives %j its overseas country code: %s (%s)', (input, expected) => {
    expect(toE164French(input)).toBe(expected);
  });

  it('keeps a number that is already international', () => {
    expect(toE164French('+32 2 123 45 67')).toBe('+3221234567');
    expect(toE164French('+44 20 7946 0958')).toBe('+442079460958');
    expect(toE164French('0041 22 123 45 67')).toBe('+41221234567');
  });

  it.each([
    '',
    'abc',
    '06 12 34 56', // too short
    '06 12 34 56 78 9', // too long
    '6 12 34 56 78', // no trunk 0
    '+33 6 12 34 56', // +33 with 8 digits
    '+33 6 12 34 56 78 90', // +33 with 11 digits
    '+0 612 345 678',
    '06 12 34 56 7x',
  ])('returns undefined for %j', (input) => {
    expect(toE164French(input)).toBeUndefined();
  });

  it('turns a spaced or dotted national number into the E.164 number of its plan', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        digits(8),
        fc.constantFrom(' ', '.', '-', ''),
        (first, rest, separator) => {
          const national = `${first}${rest}`;
          const typed = `0${national.slice(0, 1)}${separator}${national.slice(1).match(/../g)!.join(separator)}`;
          const result = toE164French(typed);
          expect(result).toBeDefined();
          expect(isE164(result!)).toBe(true);
          expect(result!.endsWith(national)).toBe(true);
          expect(toE164French(result!)).toBe(result);
        },
      ),
    );
  });

  it('returns either undefined or an E.164 number, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 25 }), (input) => {
        const result = toE164French(input);
        if (result !== undefined) expect(isE164(result)).toBe(true);
      }),
    );
  });
});

describe('normalizeSearchText', () => {
  it.each([
    ['Hélène  DUPRÉ-Œuvre', 'helene dupre oeuvre'],
    ['ÆSCHYLE Lætitia', 'aeschyle laetitia'],
    ['Straße STRAẞE', 'strasse strasse'],
    ["L'Haÿ-les-Roses", 'l hay les roses'],
    ['François Ç', 'francois c'],
    ['Łukasz Żółć Øster', 'lukasz zolc oster'],
    ['jean.dupont@exemple.fr', 'jean dupont exemple fr'],
    ['SARL « Le Bon Coin » — 75008', 'sarl le bon coin 75008'],
    ['  \t\n ', ''],
    ['', ''],
    ['ﬁdèle', 'fidele'],
    ['ＡＢＣ１２３', 'abc123'],
    ['Пётр Иванов', 'петр иванов'],
    ['İstanbul', 'istanbul'],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizeSearchText(input)).toBe(expected);
  });

  const frenchText = fc.string({
    unit: fc.constantFrom(..."aAzZéÉèÈêÊëïÎôÖûüÙçÇœŒæÆßÿ0189 -'’.,_@«»\u00A0\u202F\t"),
    maxLength: 40,
  });

  it('is idempotent and yields lower-case words separated by single spaces', () => {
    fc.assert(
      fc.property(frenchText, (text) => {
        const normalized = normalizeSearchText(text);
        expect(normalizeSearchText(normalized)).toBe(normalized);
        expect(normalized).toMatch(/^(?:[a-z0-9]+(?: [a-z0-9]+)*)?$/);
      }),
    );
  });

  it('never leaves combining marks, double spaces or surrounding spaces, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        const normalized = normalizeSearchText(text);
        expect(normalized).not.toMatch(/\p{M}|\s{2}|^\s|\s$/u);
        expect(normalized).toBe(normalized.toLowerCase());
      }),
    );
  });
});

describe('searchTerms', () => {
  it('splits a query into normalized words', () => {
    expect(searchTerms('  Dupré,  HÉLÈNE ')).toEqual(['dupre', 'helene']);
    expect(searchTerms('732 829 320')).toEqual(['732', '829', '320']);
    expect(searchTerms(' -- ')).toEqual([]);
    expect(searchTerms('')).toEqual([]);
  });

  it('keeps at most the first 8 words', () => {
    expect(searchTerms('a b c d e f g h i j')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  });

  it('yields at most 8 non-empty words, each its own normalization', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (query) => {
        const terms = searchTerms(query);
        expect(terms.length).toBeLessThanOrEqual(8);
        for (const term of terms) {
          expect(term).not.toBe('');
          expect(normalizeSearchText(term)).toBe(term);
        }
      }),
    );
  });
});
