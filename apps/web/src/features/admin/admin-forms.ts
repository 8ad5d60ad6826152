/** The checks and request bodies of the administration forms, apart from React for testing. */

export type Role = 'admin' | 'manager' | 'broker' | 'viewer';

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrateur',
  manager: 'Responsable',
  broker: 'Chargé de clientèle',
  viewer: 'Lecture seule',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'Tout le cabinet, dont les utilisateurs, le profil du cabinet et la sécurité.',
  manager: 'Tout le portefeuille, les modèles de documents et le journal d’audit.',
  broker: 'Les clients qui lui sont confiés et leurs contrats.',
  viewer: 'Consultation seulement, sans modification.',
};

export const ROLES = Object.keys(ROLE_LABELS) as Role[];

export function isRole(value: string): value is Role {
  return (ROLES as string[]).includes(value);
}

export const MIN_PASSWORD = 12;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const NEW_USER_FIELDS = [
  'fullName',
  'email',
  'role',
  'password',
  'passwordConfirmation',
] as const;

export type Errors = Record<string, string>;

export interface NewUserInput {
  fullName: string;
  email: string;
  role: string;
  password: string;
  passwordConfirmation: string;
}

/** What can be checked before sending; the server checks the rest (common passwords, taken e-mail). */
export function validateNewUser(input: NewUserInput): Errors {
  const errors: Errors = {};
  if (input.fullName.trim() === '') errors.fullName = 'Saisissez le nom complet.';
  const email = input.email.trim();
  if (email === '') errors.email = 'Saisissez l’adresse e-mail.';
  else if (!EMAIL.test(email)) {
    errors.email = 'Saisissez une adresse e-mail valide, par exemple nom@cabinet.fr.';
  }
  if (!isRole(input.role)) errors.role = 'Choisissez un rôle.';
  if (input.password.length < MIN_PASSWORD) {
    errors.password = `Choisissez un mot de passe d’au moins ${MIN_PASSWORD} caractères.`;
  } else if (input.password !== input.passwordConfirmation) {
    errors.passwordConfirmation = 'Les deux mots de passe ne sont pas identiques.';
  }
  return errors;
}

export const ORGANIZATION_FIELDS = [
  'name',
  'oriasNumber',
  'siren',
  'line1',
  'line2',
  'postalCode',
  'city',
  'country',
  'legalMentions',
] as const;

export type OrganizationInput = Record<(typeof ORGANIZATION_FIELDS)[number], string>;

export interface OrganizationBody {
  name: string;
  oriasNumber: string | null;
  siren: string | null;
  address: {
    line1: string;
    line2?: string;
    postalCode: string;
    city: string;
    country: string;
  } | null;
  legalMentions: string | null;
}

export const LEGAL_MENTIONS_MAX = 2000;

/** The Luhn key INSEE puts in the last digit of a SIREN: it catches a mistyped or swapped digit. */
export function luhnValid(value: string): boolean {
  let sum = 0;
  for (let index = 0; index < value.length; index += 1) {
    let digit = Number(value[value.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Digits only: « 12 345 678 » and « 12345678 » are the same ORIAS number. */
function digits(value: string): string {
  return value.replace(/[\s.-]/g, '');
}

/**
 * Checks the profile form and builds the PATCH body. Empty optional fields are sent as null (the
 * API clears them); the address is all or nothing: with any part typed, street, postal code and
 * city are needed.
 */
export function organizationBody(input: OrganizationInput): {
  errors: Errors;
  body: OrganizationBody;
} {
  const errors: Errors = {};
  const text = (name: keyof OrganizationInput) => input[name].trim();
  const name = text('name');
  if (name === '') errors.name = 'Saisissez le nom du cabinet.';

  const orias = digits(text('oriasNumber'));
  if (orias !== '' && !/^\d{8}$/.test(orias)) {
    errors.oriasNumber = 'Le numéro ORIAS compte 8 chiffres, par exemple 12 345 678.';
  }
  const siren = digits(text('siren'));
  if (siren !== '' && !/^\d{9}$/.test(siren)) {
    errors.siren = 'Le SIREN compte 9 chiffres, par exemple 732 829 320.';
  } else if (siren !== '' && !luhnValid(siren)) {
    errors.siren = 'Ce numéro SIREN n’est pas valide : vérifiez ses 9 chiffres.';
  }

  const country = text('country').toUpperCase() || 'FR';
  const line1 = text('line1');
  const line2 = text('line2');
  const postalCode = text('postalCode');
  const city = text('city');
  const anyAddress = [line1, line2, postalCode, city].some((part) => part !== '');
  if (anyAddress) {
    if (line1 === '') errors.line1 = 'Saisissez le numéro et la voie.';
    if (postalCode === '') errors.postalCode = 'Saisissez le code postal.';
    else if (country === 'FR' && !/^\d{5}$/.test(postalCode)) {
      errors.postalCode = 'Un code postal français compte 5 chiffres, par exemple 75008.';
    }
    if (city === '') errors.city = 'Saisissez la ville.';
  }
  if (!/^[A-Z]{2}$/.test(country)) errors.country = 'Choisissez un pays.';

  const legalMentions = text('legalMentions');
  if (legalMentions.length > LEGAL_MENTIONS_MAX) {
    errors.legalMentions = `Les mentions légales font au plus ${LEGAL_MENTIONS_MAX} caractères (${legalMentions.length} saisis).`;
  }

  return {
    errors,
    body: {
      name,
      oriasNumber: orias === '' ? null : orias,
      siren: siren === '' ? null : siren,
      address: anyAddress
        ? { line1, ...(line2 === '' ? {} : { line2 }), postalCode, city, country }
        : null,
      legalMentions: legalMentions === '' ? null : legalMentions,
    },
  };
}

/** Countries a French cabinet is most likely in; ISO 3166-1 alpha-2, as the API wants. */
export const COUNTRIES: readonly { value: string; label: string }[] = [
  { value: 'FR', label: 'France' },
  { value: 'BE', label: 'Belgique' },
  { value: 'LU', label: 'Luxembourg' },
  { value: 'MC', label: 'Monaco' },
  { value: 'CH', label: 'Suisse' },
  { value: 'DE', label: 'Allemagne' },
  { value: 'ES', label: 'Espagne' },
  { value: 'IT', label: 'Italie' },
];
