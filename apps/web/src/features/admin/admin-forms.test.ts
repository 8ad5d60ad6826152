import { describe, expect, it } from 'vitest';
import {
  luhnValid,
  organizationBody,
  validateNewUser,
  type OrganizationInput,
} from './admin-forms.ts';

const blank: OrganizationInput = {
  name: 'Cabinet Durand',
  oriasNumber: '',
  siren: '',
  line1: '',
  line2: '',
  postalCode: '',
  city: '',
  country: 'FR',
  legalMentions: '',
};

describe('organizationBody', () => {
  it('sends empty optional fields as null and no address when none is typed', () => {
    expect(organizationBody(blank)).toEqual({
      errors: {},
      body: {
        name: 'Cabinet Durand',
        oriasNumber: null,
        siren: null,
        address: null,
        legalMentions: null,
      },
    });
  });

  it('accepts spaced numbers and a full address', () => {
    const { errors, body } = organizationBody({
      ...blank,
      oriasNumber: '12 345 678',
      siren: '732 829 320',
      line1: ' 12 rue de la République ',
      postalCode: '69002',
      city: 'Lyon',
      legalMentions: 'SARL au capital de 10 000 €',
    });
    expect(errors).toEqual({});
    expect(body).toMatchObject({
      oriasNumber: '12345678',
      siren: '732829320',
      address: {
        line1: '12 rue de la République',
        postalCode: '69002',
        city: 'Lyon',
        country: 'FR',
      },
    });
    expect(body.address).not.toHaveProperty('line2');
  });

  it('names each invalid field', () => {
    const { errors } = organizationBody({
      ...blank,
      name: ' ',
      oriasNumber: '1234',
      siren: '123456789',
      city: 'Lyon',
      legalMentions: 'x'.repeat(2001),
    });
    expect(Object.keys(errors).sort()).toEqual(
      ['legalMentions', 'line1', 'name', 'oriasNumber', 'postalCode', 'siren'].sort(),
    );
    expect(errors.siren).toContain('pas valide');
  });

  it('checks a French postal code only in France', () => {
    const address = { line1: '1 rue Neuve', postalCode: '1000', city: 'Bruxelles' };
    expect(organizationBody({ ...blank, ...address }).errors.postalCode).toBeDefined();
    expect(organizationBody({ ...blank, ...address, country: 'BE' }).errors).toEqual({});
  });
});

describe('luhnValid', () => {
  it('tells a real SIREN from a mistyped one', () => {
    expect(luhnValid('732829320')).toBe(true);
    expect(luhnValid('732829321')).toBe(false);
    expect(luhnValid('552100554')).toBe(true);
  });
});

describe('validateNewUser', () => {
  const valid = {
    fullName: 'Paul Roux',
    email: 'paul@durand.fr',
    role: 'broker',
    password: 'une phrase de passe solide',
    passwordConfirmation: 'une phrase de passe solide',
  };

  it('passes a complete user and names each missing or wrong field', () => {
    expect(validateNewUser(valid)).toEqual({});
    expect(
      Object.keys(
        validateNewUser({
          fullName: '',
          email: 'paul@',
          role: 'boss',
          password: 'court',
          passwordConfirmation: '',
        }),
      ),
    ).toEqual(['fullName', 'email', 'role', 'password']);
    expect(validateNewUser({ ...valid, passwordConfirmation: 'autre chose' })).toEqual({
      passwordConfirmation: 'Les deux mots de passe ne sont pas identiques.',
    });
  });
});
