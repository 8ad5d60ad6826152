import type { components } from '@monassurance/api-client';

export type Client = components['schemas']['Client'];
export type ClientKind = Client['kind'];
export type Policy = components['schemas']['Policy'];
export type ClientDocument = components['schemas']['Document'];

export const KIND_LABELS: Record<ClientKind, string> = {
  person: 'Personne',
  business: 'Entreprise',
};

export const PRODUCT_LINE_LABELS: Record<Policy['productLine'], string> = {
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

export const POLICY_STATUS: Record<
  Policy['status'],
  { label: string; tone: 'neutral' | 'info' | 'success' | 'warning' | 'danger' }
> = {
  draft: { label: 'Brouillon', tone: 'neutral' },
  active: { label: 'En cours', tone: 'success' },
  suspended: { label: 'Suspendu', tone: 'warning' },
  cancelled: { label: 'Résilié', tone: 'danger' },
  expired: { label: 'Expiré', tone: 'neutral' },
};

/** The names of a client's fields as the form and the import report show them. */
export const FIELD_LABELS: Record<string, string> = {
  kind: 'Type de client',
  civility: 'Civilité',
  firstName: 'Prénom',
  lastName: 'Nom',
  birthDate: 'Date de naissance',
  companyName: 'Raison sociale',
  legalForm: 'Forme juridique',
  siren: 'SIREN',
  siret: 'SIRET',
  email: 'Adresse e-mail',
  phone: 'Téléphone',
  address: 'Adresse',
  line1: 'Adresse',
  line2: 'Complément d’adresse',
  postalCode: 'Code postal',
  city: 'Ville',
  country: 'Pays',
  assignedBrokerId: 'Chargé de clientèle',
  assignedBrokerEmail: 'Courtier',
  notes: 'Notes',
  gdprConsentAt: 'Consentement RGPD',
  retentionUntil: 'Conserver les données jusqu’au',
};

/** Audit actions about a client, in words. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'client.created': 'Fiche créée',
  'client.updated': 'Fiche modifiée',
  'client.exported': 'Données exportées (RGPD)',
  'client.anonymized': 'Client anonymisé (RGPD)',
};

/** Countries offered in the address; France first, then the neighbours brokers meet most. */
export const COUNTRIES: readonly { value: string; label: string }[] = [
  { value: 'FR', label: 'France' },
  { value: 'BE', label: 'Belgique' },
  { value: 'CH', label: 'Suisse' },
  { value: 'LU', label: 'Luxembourg' },
  { value: 'MC', label: 'Monaco' },
  { value: 'DE', label: 'Allemagne' },
  { value: 'ES', label: 'Espagne' },
  { value: 'IT', label: 'Italie' },
  { value: 'PT', label: 'Portugal' },
  { value: 'GB', label: 'Royaume-Uni' },
  { value: 'NL', label: 'Pays-Bas' },
];

export function countryLabel(code: string): string {
  return COUNTRIES.find((c) => c.value === code)?.label ?? code;
}

/**
 * A phone number as the API wants it (E.164), from what a French user types: « 06 12 34 56 78 »,
 * « 0033 6… », « +33 (0)6… ». Undefined when it cannot be read as a phone number.
 */
export function toE164(input: string): string | undefined {
  let digits = input.replace(/[\s.\-/()]/g, '');
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  if (/^\+330\d{9}$/.test(digits)) digits = `+33${digits.slice(4)}`;
  if (/^0\d{9}$/.test(digits)) digits = `+33${digits.slice(1)}`;
  return /^\+[1-9]\d{7,14}$/.test(digits) ? digits : undefined;
}

/** « +33612345678 » → « 06 12 34 56 78 »; other countries keep the international form. */
export function formatPhone(e164: string | null | undefined): string {
  if (e164 === null || e164 === undefined || e164 === '') return '';
  const french = /^\+33(\d{9})$/.exec(e164);
  if (french?.[1] !== undefined) return `0${french[1]}`.replace(/(\d{2})(?=\d)/g, '$1 ');
  return e164;
}
