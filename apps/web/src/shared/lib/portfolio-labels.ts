import type { components } from '@monassurance/api-client';

/**
 * The words of the portfolio (policies, premiums, renewals) as French users read them, shared by
 * every screen that shows a policy so a status or a product line is named the same everywhere.
 */

type Policy = components['schemas']['Policy'];
type Premium = components['schemas']['Premium'];

export type ProductLine = Policy['productLine'];
export type PolicyStatus = Policy['status'];
export type PaymentFrequency = Policy['paymentFrequency'];
export type PremiumStatus = Premium['status'];
export type StatusTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/** In the order the API lists them (and the order a broker expects: personal lines first). */
export const PRODUCT_LINES: readonly ProductLine[] = [
  'auto',
  'habitation',
  'sante',
  'prevoyance',
  'rc_pro',
  'multirisque_pro',
  'vie',
  'emprunteur',
  'autre',
];

export const PRODUCT_LINE_LABELS: Record<ProductLine, string> = {
  auto: 'Automobile',
  habitation: 'Habitation',
  sante: 'Santé',
  prevoyance: 'Prévoyance',
  rc_pro: 'RC professionnelle',
  multirisque_pro: 'Multirisque professionnelle',
  vie: 'Assurance vie',
  emprunteur: 'Emprunteur',
  autre: 'Autre',
};

export const POLICY_STATUSES: readonly PolicyStatus[] = [
  'draft',
  'active',
  'suspended',
  'cancelled',
  'expired',
];

export const POLICY_STATUS: Record<PolicyStatus, { label: string; tone: StatusTone }> = {
  draft: { label: 'Brouillon', tone: 'neutral' },
  active: { label: 'En cours', tone: 'success' },
  suspended: { label: 'Suspendu', tone: 'warning' },
  cancelled: { label: 'Résilié', tone: 'danger' },
  expired: { label: 'Expiré', tone: 'neutral' },
};

export const PAYMENT_FREQUENCIES: readonly PaymentFrequency[] = [
  'annual',
  'semiannual',
  'quarterly',
  'monthly',
];

export const PAYMENT_FREQUENCY_LABELS: Record<PaymentFrequency, string> = {
  annual: 'Annuel',
  semiannual: 'Semestriel',
  quarterly: 'Trimestriel',
  monthly: 'Mensuel',
};

export const PREMIUM_STATUS: Record<PremiumStatus, { label: string; tone: StatusTone }> = {
  issued: { label: 'Émise', tone: 'info' },
  paid: { label: 'Payée', tone: 'success' },
  unpaid: { label: 'Impayée', tone: 'danger' },
  cancelled: { label: 'Annulée', tone: 'neutral' },
};

/** The options of a Select over one of the lists above. */
export function optionsOf<T extends string>(
  values: readonly T[],
  labels: Record<T, string | { label: string }>,
): { value: T; label: string }[] {
  return values.map((value) => {
    const label = labels[value];
    return { value, label: typeof label === 'string' ? label : label.label };
  });
}
