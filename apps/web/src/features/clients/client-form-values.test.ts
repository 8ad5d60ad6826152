import { describe, expect, it } from 'vitest';
import { clientBodyOf, validateClientForm } from './client-form-values.ts';
import { formatPhone, toE164, type Client } from './client-labels.ts';

const TODAY = '2026-05-04';

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.set(name, value);
  return data;
}

describe('validateClientForm', () => {
  it('asks for the first and last name of a person', () => {
    expect(
      validateClientForm(form({ kind: 'person', firstName: ' ', lastName: '' }), TODAY),
    ).toEqual({ firstName: 'Saisissez le prénom.', lastName: 'Saisissez le nom.' });
  });

  it('asks for the company name of a business, and ignores the person fields', () => {
    const errors = validateClientForm(form({ kind: 'business', firstName: '' }), TODAY);
    expect(errors).toEqual({ companyName: 'Saisissez la raison sociale.' });
  });

  it('checks formats: SIREN, SIRET against the SIREN, e-mail, phone, birth date', () => {
    const errors = validateClientForm(
      form({
        kind: 'business',
        companyName: 'ACME',
        siren: '732 829 320',
        siret: '55210055400013',
        email: 'pas-une-adresse',
        phone: '12',
      }),
      TODAY,
    );
    expect(Object.keys(errors).sort()).toEqual(['email', 'phone', 'siret']);
    expect(errors.siret).toContain('commencer par le SIREN');
    expect(
      validateClientForm(
        form({ kind: 'person', firstName: 'A', lastName: 'B', birthDate: TODAY }),
        TODAY,
      ),
    ).toEqual({ birthDate: 'La date de naissance doit être passée.' });
  });

  it('wants a whole address once one part is given, with a French postal code in France', () => {
    const errors = validateClientForm(
      form({
        kind: 'person',
        firstName: 'A',
        lastName: 'B',
        city: 'Lyon',
        postalCode: '690',
        country: 'FR',
      }),
      TODAY,
    );
    expect(Object.keys(errors).sort()).toEqual(['line1', 'postalCode']);
    expect(
      validateClientForm(
        form({
          kind: 'person',
          firstName: 'A',
          lastName: 'B',
          line1: '1 rue X',
          postalCode: '1000',
          city: 'Bruxelles',
          country: 'BE',
        }),
        TODAY,
      ),
    ).toEqual({});
  });
});

describe('clientBodyOf', () => {
  it('sends a person with nulls for empty fields and for the business fields', () => {
    const body = clientBodyOf(
      form({
        kind: 'person',
        firstName: ' Hélène ',
        lastName: 'Dupré',
        companyName: 'left over',
        siren: '732829320',
        phone: '06 12 34 56 78',
        email: '',
        line1: '',
      }),
    );
    expect(body).toMatchObject({
      kind: 'person',
      firstName: 'Hélène',
      lastName: 'Dupré',
      companyName: null,
      siren: null,
      email: null,
      phone: '+33612345678',
      address: null,
      gdprConsentAt: null,
    });
    expect('assignedBrokerId' in body).toBe(false);
  });

  it('sends the address, the assignee when the field is there, and keeps the first consent date', () => {
    const current = { gdprConsentAt: '2025-01-02T10:00:00.000Z' } as Client;
    const body = clientBodyOf(
      form({
        kind: 'business',
        companyName: 'Boulangerie Martin',
        siren: '732 829 320',
        line1: '3 place Bellecour',
        postalCode: '69002',
        city: 'Lyon',
        country: 'FR',
        assignedBrokerId: '',
        gdprConsent: 'on',
      }),
      current,
    );
    expect(body).toMatchObject({
      kind: 'business',
      firstName: null,
      siren: '732829320',
      address: { line1: '3 place Bellecour', postalCode: '69002', city: 'Lyon', country: 'FR' },
      assignedBrokerId: null,
      gdprConsentAt: '2025-01-02T10:00:00.000Z',
    });
    expect(body.address).not.toHaveProperty('line2');
  });
});

describe('phone numbers', () => {
  it('reads what French users type as E.164', () => {
    expect(toE164('06 12 34 56 78')).toBe('+33612345678');
    expect(toE164('+33 (0)6 12 34 56 78')).toBe('+33612345678');
    expect(toE164('0032 2 123 45 67')).toBe('+3221234567');
    expect(toE164('06 12')).toBeUndefined();
  });

  it('shows French numbers in pairs and others as they are', () => {
    expect(formatPhone('+33612345678')).toBe('06 12 34 56 78');
    expect(formatPhone('+3221234567')).toBe('+3221234567');
    expect(formatPhone(null)).toBe('');
  });
});
