import type { paths } from '@monassurance/api-client';
import { optionalTextOf, textOf } from '../../shared/ui/form-errors.ts';
import { toE164, type Client, type ClientKind } from './client-labels.ts';

/** What POST /api/v1/clients takes (PATCH takes the same, all optional, plus `version`). */
export type ClientBody =
  paths['/api/v1/clients']['post']['requestBody']['content']['application/json'];

/** The form's fields in their on-screen order: the ErrorSummary lists errors in this order. */
export const CLIENT_FIELDS = [
  'kind',
  'civility',
  'firstName',
  'lastName',
  'birthDate',
  'companyName',
  'legalForm',
  'siren',
  'siret',
  'email',
  'phone',
  'line1',
  'line2',
  'postalCode',
  'city',
  'country',
  'assignedBrokerId',
  'notes',
  'gdprConsent',
  'retentionUntil',
] as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_NOTES = 5000;

function digitsOf(value: string): string {
  return value.replace(/\s/g, '');
}

export function kindOf(data: FormData): ClientKind {
  return data.get('kind') === 'business' ? 'business' : 'person';
}

/**
 * What can be checked before sending (required fields per kind, formats); the server checks
 * the rest (SIREN/SIRET keys, the assignee) and its 400 is mapped onto the same fields.
 */
export function validateClientForm(data: FormData, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  const kind = kindOf(data);
  if (kind === 'person') {
    if (textOf(data, 'firstName') === '') errors.firstName = 'Saisissez le prénom.';
    if (textOf(data, 'lastName') === '') errors.lastName = 'Saisissez le nom.';
    const birthDate = textOf(data, 'birthDate');
    if (birthDate !== '' && birthDate >= today)
      errors.birthDate = 'La date de naissance doit être passée.';
  } else {
    if (textOf(data, 'companyName') === '') errors.companyName = 'Saisissez la raison sociale.';
    const siren = digitsOf(textOf(data, 'siren'));
    const siret = digitsOf(textOf(data, 'siret'));
    if (siren !== '' && !/^\d{9}$/.test(siren))
      errors.siren = 'Le SIREN compte 9 chiffres, par exemple 732 829 320.';
    if (siret !== '' && !/^\d{14}$/.test(siret))
      errors.siret = 'Le SIRET compte 14 chiffres : les 9 du SIREN puis 5 autres.';
    else if (siret !== '' && /^\d{9}$/.test(siren) && !siret.startsWith(siren))
      errors.siret = 'Le SIRET doit commencer par le SIREN indiqué.';
  }
  const email = textOf(data, 'email');
  if (email !== '' && !EMAIL.test(email))
    errors.email = 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.';
  const phone = textOf(data, 'phone');
  if (phone !== '' && toE164(phone) === undefined)
    errors.phone = 'Saisissez un numéro valide, par exemple 06 12 34 56 78 ou +32 2 123 45 67.';

  const line1 = textOf(data, 'line1');
  const postalCode = textOf(data, 'postalCode');
  const city = textOf(data, 'city');
  const anyAddress = [line1, textOf(data, 'line2'), postalCode, city].some((v) => v !== '');
  if (anyAddress) {
    if (line1 === '') errors.line1 = 'Saisissez le numéro et la voie de l’adresse.';
    if (postalCode === '') errors.postalCode = 'Saisissez le code postal.';
    else if (textOf(data, 'country') === 'FR' && !/^\d{5}$/.test(postalCode))
      errors.postalCode = 'Un code postal français compte 5 chiffres, par exemple 75011.';
    if (city === '') errors.city = 'Saisissez la ville.';
  }
  if (textOf(data, 'notes').length > MAX_NOTES)
    errors.notes = `Les notes ne peuvent dépasser ${MAX_NOTES} caractères.`;
  return errors;
}

/**
 * The API body from the form. Emptied fields are sent as null (so an edit clears them), and
 * the fields of the other kind too (they are no longer shown, so they must not linger).
 */
export function clientBodyOf(data: FormData, current?: Client): ClientBody {
  const kind = kindOf(data);
  const person = kind === 'person';
  const nullable = (name: string) => optionalTextOf(data, name) ?? null;
  const line1 = textOf(data, 'line1');
  const line2 = optionalTextOf(data, 'line2');
  const phone = textOf(data, 'phone');
  const siren = digitsOf(textOf(data, 'siren'));
  const siret = digitsOf(textOf(data, 'siret'));
  const body: ClientBody = {
    kind,
    civility: person ? nullable('civility') : null,
    firstName: person ? nullable('firstName') : null,
    lastName: person ? nullable('lastName') : null,
    birthDate: person ? nullable('birthDate') : null,
    companyName: person ? null : nullable('companyName'),
    legalForm: person ? null : nullable('legalForm'),
    siren: person || siren === '' ? null : siren,
    siret: person || siret === '' ? null : siret,
    email: nullable('email'),
    phone: phone === '' ? null : (toE164(phone) ?? phone),
    address:
      line1 === ''
        ? null
        : {
            line1,
            ...(line2 === undefined ? {} : { line2 }),
            postalCode: textOf(data, 'postalCode'),
            city: textOf(data, 'city'),
            country: textOf(data, 'country') || 'FR',
          },
    assignedBrokerId: nullable('assignedBrokerId'),
    notes: nullable('notes'),
    // Consent keeps the date it was first given; unticking withdraws it.
    gdprConsentAt:
      data.get('gdprConsent') === null
        ? null
        : (current?.gdprConsentAt ?? new Date().toISOString()),
    retentionUntil: nullable('retentionUntil'),
  };
  // Only an administrator sees the assignee (the user list is theirs): others leave it as it is.
  if (!data.has('assignedBrokerId')) delete body.assignedBrokerId;
  return body;
}
