import { describe, expect, it } from 'vitest';
import { addressLines, formatPhone, toE164 } from './company-format.ts';

describe('phone numbers', () => {
  it.each([
    ['01 45 67 89 00', '+33145678900'],
    ['01.45.67.89.00', '+33145678900'],
    ['0033 1 45 67 89 00', '+33145678900'],
    ['+33 (0)1 45 67 89 00', '+33145678900'],
    ['+32 2 123 45 67', '+3221234567'],
  ])('reads « %s » as %s', (input, e164) => {
    expect(toE164(input)).toBe(e164);
  });

  it.each(['', '12', '01 45 67', 'standard'])('refuses « %s »', (input) => {
    expect(toE164(input)).toBeUndefined();
  });

  it('shows French numbers in pairs and others as stored', () => {
    expect(formatPhone('+33145678900')).toBe('01 45 67 89 00');
    expect(formatPhone('+3221234567')).toBe('+3221234567');
    expect(formatPhone(null)).toBe('');
  });
});

describe('addressLines', () => {
  it('drops empty lines and France', () => {
    expect(
      addressLines({
        line1: '1 rue de la Paix',
        postalCode: '75002',
        city: 'Paris',
        country: 'FR',
      }),
    ).toEqual(['1 rue de la Paix', '75002 Paris']);
    expect(
      addressLines({
        line1: 'Avenue Louise 54',
        line2: 'Boîte 3',
        postalCode: '1050',
        city: 'Bruxelles',
        country: 'BE',
      }),
    ).toEqual(['Avenue Louise 54', 'Boîte 3', '1050 Bruxelles', 'BE']);
    expect(addressLines(null)).toEqual([]);
  });
});
