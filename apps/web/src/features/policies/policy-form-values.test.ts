import { describe, expect, it } from 'vitest';
import {
  normalizePlate,
  oneYearAfter,
  readPolicyForm,
  type PolicyFormInput,
} from './policy-form-values.ts';

const VALID: PolicyFormInput = {
  clientId: '0b6f6a8e-4f51-4f86-9d1e-4e2f0c6a1b11',
  companyId: '5d1c1d0b-8b1a-4a35-8f0e-3d2b8d7c6e22',
  number: ' HAB-2026-001 ',
  productLine: 'habitation',
  effectiveDate: '2026-01-01',
  renewalDate: '2027-01-01',
  tacitRenewal: true,
  paymentFrequency: 'monthly',
  annualPremium: '1 250,50',
  taxRate: '',
  commissionRate: '12,5',
  registration: '',
  surfaceM2: '82,5',
  description: '',
  notes: '',
};

describe('readPolicyForm', () => {
  it('builds the API body from French input', () => {
    const { body, errors } = readPolicyForm(VALID);
    expect(errors).toEqual({});
    expect(body).toEqual({
      number: 'HAB-2026-001',
      clientId: VALID.clientId,
      companyId: VALID.companyId,
      productLine: 'habitation',
      effectiveDate: '2026-01-01',
      renewalDate: '2027-01-01',
      tacitRenewal: true,
      paymentFrequency: 'monthly',
      annualPremiumCents: 125050,
      commissionRateBps: 1250,
      insuredObject: { surfaceM2: 82.5 },
      notes: null,
    });
  });

  it('names every missing field', () => {
    const { errors } = readPolicyForm({
      ...VALID,
      clientId: '',
      companyId: '',
      number: '  ',
      productLine: '',
      effectiveDate: '',
      renewalDate: '',
      paymentFrequency: '',
      annualPremium: '',
    });
    expect(Object.keys(errors).sort()).toEqual(
      [
        'annualPremiumCents',
        'clientId',
        'companyId',
        'effectiveDate',
        'number',
        'paymentFrequency',
        'productLine',
        'renewalDate',
      ].sort(),
    );
  });

  it('checks the renewal date against the effective date, as the server does', () => {
    expect(readPolicyForm({ ...VALID, renewalDate: '2026-01-01' }).errors.renewalDate).toMatch(
      /suivre/,
    );
    expect(readPolicyForm({ ...VALID, renewalDate: '2028-01-02' }).errors.renewalDate).toMatch(
      /deux ans/,
    );
    expect(
      readPolicyForm({ ...VALID, renewalDate: '2028-01-01' }).errors.renewalDate,
    ).toBeUndefined();
  });

  it('refuses amounts and rates it cannot read', () => {
    const { errors } = readPolicyForm({
      ...VALID,
      annualPremium: '12,345',
      taxRate: '101',
      commissionRate: 'douze',
    });
    expect(Object.keys(errors).sort()).toEqual([
      'annualPremiumCents',
      'commissionRateBps',
      'taxRateBps',
    ]);
  });

  it('keeps the insured object keys it does not edit and those of the product line only', () => {
    const { body, errors } = readPolicyForm({
      ...VALID,
      productLine: 'auto',
      registration: 'ab 123 cd',
      surfaceM2: '90',
      description: 'Clio',
      insuredObject: { vin: 'VF1RJA00', surfaceM2: 70 },
    });
    expect(errors).toEqual({});
    expect(body.insuredObject).toEqual({
      vin: 'VF1RJA00',
      registration: 'AB-123-CD',
      description: 'Clio',
    });
    expect(
      readPolicyForm({ ...VALID, productLine: 'auto', registration: 'AB-12-CD' }).errors
        .registration,
    ).toMatch(/AB-123-CD/);
  });
});

describe('helpers', () => {
  it('normalises plates and adds a year', () => {
    expect(normalizePlate('ab-123 cd')).toBe('AB-123-CD');
    expect(normalizePlate('1234 AB 75')).toBe('1234 AB 75');
    expect(oneYearAfter('2026-03-15')).toBe('2027-03-15');
    expect(oneYearAfter('2028-02-29')).toBe('2029-03-01');
  });
});
