import { parseEuros, parsePercent } from '../../shared/lib/amount-input.ts';
import type { PaymentFrequency, ProductLine } from '../../shared/lib/portfolio-labels.ts';
import type { PolicyBody } from './api/policies.ts';

/**
 * Reading the policy form into the API's body: French amounts into cents and basis points, the
 * insured object's few known keys, and the checks a user can fix before the round trip.
 */

const PLATE = /^[A-Z]{2}-\d{3}-[A-Z]{2}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** « ab 123 cd », « AB123CD » → « AB-123-CD » (the SIV format the server checks). */
export function normalizePlate(input: string): string {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  const match = /^([A-Z]{2})(\d{3})([A-Z]{2})$/.exec(compact);
  return match === null ? input.trim().toUpperCase() : `${match[1]}-${match[2]}-${match[3]}`;
}

/** The same day one year later (29 February → 1 March), the usual main renewal date. */
export function oneYearAfter(isoDate: string): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + 1);
  return date.toISOString().slice(0, 10);
}

function twoYearsAfter(isoDate: string): string {
  return oneYearAfter(oneYearAfter(isoDate));
}

export interface PolicyFormInput {
  clientId: string;
  companyId: string;
  number: string;
  productLine: string;
  effectiveDate: string;
  renewalDate: string;
  tacitRenewal: boolean;
  paymentFrequency: string;
  annualPremium: string;
  taxRate: string;
  commissionRate: string;
  registration: string;
  surfaceM2: string;
  description: string;
  notes: string;
  /** The insured object as loaded (edit): keys this form does not show are kept. */
  insuredObject?: Record<string, unknown> | null;
}

/** The body of a new policy, or the errors to show, keyed by the API's field names. */
export function readPolicyForm(input: PolicyFormInput): {
  body: PolicyBody;
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  if (input.clientId === '') errors.clientId = 'Choisissez le client.';
  if (input.companyId === '') errors.companyId = 'Choisissez la compagnie.';
  const number = input.number.trim();
  if (number === '') errors.number = 'Saisissez le numéro du contrat.';
  if (input.productLine === '') errors.productLine = 'Choisissez la branche.';

  if (!ISO_DATE.test(input.effectiveDate))
    errors.effectiveDate = 'Saisissez la date d’effet, par exemple 01/01/2026.';
  if (!ISO_DATE.test(input.renewalDate))
    errors.renewalDate = 'Saisissez l’échéance principale, par exemple 01/01/2027.';
  else if (errors.effectiveDate === undefined) {
    if (input.renewalDate <= input.effectiveDate)
      errors.renewalDate = 'L’échéance principale doit suivre la date d’effet.';
    else if (input.renewalDate > twoYearsAfter(input.effectiveDate))
      errors.renewalDate =
        'L’échéance principale doit tomber dans les deux ans suivant la date d’effet.';
  }
  if (input.paymentFrequency === '') errors.paymentFrequency = 'Choisissez le fractionnement.';

  const annualPremiumCents = parseEuros(input.annualPremium);
  if (input.annualPremium.trim() === '')
    errors.annualPremiumCents =
      'Saisissez la prime annuelle hors taxes, par exemple 850 ou 1 250,50.';
  else if (annualPremiumCents === null || annualPremiumCents > 10_000_000_000)
    errors.annualPremiumCents =
      'Saisissez la prime en euros avec deux décimales au plus, par exemple 850 ou 1 250,50.';

  const rate = (text: string, field: string, what: string): number | undefined => {
    if (text.trim() === '') return undefined;
    const bps = parsePercent(text);
    if (bps === null || bps > 10_000) {
      errors[field] =
        `Saisissez ${what} entre 0 et 100 %, par exemple 15 ou 12,5, ou laissez vide.`;
      return undefined;
    }
    return bps;
  };
  const taxRateBps = rate(input.taxRate, 'taxRateBps', 'le taux de taxe');
  const commissionRateBps = rate(
    input.commissionRate,
    'commissionRateBps',
    'le taux de commission',
  );

  const insured: Record<string, unknown> = { ...(input.insuredObject ?? {}) };
  delete insured.registration;
  delete insured.surfaceM2;
  delete insured.description;
  if (input.productLine === 'auto' && input.registration.trim() !== '') {
    const plate = normalizePlate(input.registration);
    if (!PLATE.test(plate))
      errors.registration = 'Saisissez l’immatriculation au format AB-123-CD.';
    insured.registration = plate;
  }
  if (input.productLine === 'habitation' && input.surfaceM2.trim() !== '') {
    const surface = Number(input.surfaceM2.replace(',', '.').replace(/\s/g, ''));
    if (!(surface > 0)) errors.surfaceM2 = 'Saisissez la surface en m², un nombre positif.';
    insured.surfaceM2 = surface;
  }
  if (input.description.trim() !== '') insured.description = input.description.trim();

  const notes = input.notes.trim();
  return {
    errors,
    body: {
      number,
      clientId: input.clientId,
      companyId: input.companyId,
      productLine: input.productLine as ProductLine,
      effectiveDate: input.effectiveDate,
      renewalDate: input.renewalDate,
      tacitRenewal: input.tacitRenewal,
      paymentFrequency: input.paymentFrequency as PaymentFrequency,
      annualPremiumCents: annualPremiumCents ?? 0,
      ...(taxRateBps !== undefined ? { taxRateBps } : {}),
      ...(commissionRateBps !== undefined ? { commissionRateBps } : {}),
      insuredObject: Object.keys(insured).length > 0 ? insured : null,
      notes: notes === '' ? null : notes,
    },
  };
}
