import { describe, expect, it } from 'vitest';
import { optionalTextOf, summaryOf, textOf } from './form-errors.ts';

describe('summaryOf', () => {
  it('lists errors in the order of the form, then unknown fields, linked to their ids', () => {
    const items = summaryOf(
      {
        email: 'Adresse invalide',
        extra: 'Autre',
        lastName: 'Saisissez le nom',
        firstName: undefined,
      },
      ['firstName', 'lastName', 'email'],
      'client',
    );
    expect(items).toEqual([
      { fieldId: 'client-lastName', message: 'Saisissez le nom' },
      { fieldId: 'client-email', message: 'Adresse invalide' },
      { fieldId: 'client-extra', message: 'Autre' },
    ]);
  });
});

describe('form values', () => {
  it('trims text and tells empty optional fields apart', () => {
    const data = new FormData();
    data.set('name', '  Dupré ');
    data.set('blank', '   ');
    expect(textOf(data, 'name')).toBe('Dupré');
    expect(textOf(data, 'missing')).toBe('');
    expect(optionalTextOf(data, 'blank')).toBeUndefined();
    expect(optionalTextOf(data, 'name')).toBe('Dupré');
  });
});
