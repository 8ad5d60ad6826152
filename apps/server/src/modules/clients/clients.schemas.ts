import { Type } from 'typebox';
import { Page, PageQuery } from '../../platform/pagination.ts';
import { Address } from '../companies/index.ts';

const Str = (max: number, extra: object = {}) => Type.String({ maxLength: max, ...extra });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const IsoDate = (description: string) => Type.String({ format: 'date', description });

export const Kind = Type.Union([Type.Literal('person'), Type.Literal('business')]);

export const Client = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Kind,
    displayName: Type.String({ description: '« Dupré Hélène », or the company name.' }),
    civility: Type.Union([Type.String(), Type.Null()]),
    firstName: Type.Union([Type.String(), Type.Null()]),
    lastName: Type.Union([Type.String(), Type.Null()]),
    birthDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    companyName: Type.Union([Type.String(), Type.Null()]),
    siren: Type.Union([Type.String(), Type.Null()]),
    siret: Type.Union([Type.String(), Type.Null()]),
    legalForm: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    phone: Type.Union([Type.String(), Type.Null()]),
    address: Type.Union([Address, Type.Null()]),
    assignedBrokerId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    notes: Type.Union([Type.String(), Type.Null()]),
    gdprConsentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    retentionUntil: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    anonymizedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    version: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Client', description: 'A client of the cabinet.' },
);

const fields = {
  civility: Nullable(Str(20, { description: 'M., Mme, …' })),
  firstName: Nullable(Str(100, { minLength: 1 })),
  lastName: Nullable(Str(100, { minLength: 1 })),
  birthDate: Nullable(IsoDate('Date of birth (persons).')),
  companyName: Nullable(Str(200, { minLength: 1 })),
  siren: Nullable(
    Type.String({ pattern: '^\\d{9}$', description: '9 digits, checked with the Luhn key.' }),
  ),
  siret: Nullable(
    Type.String({ pattern: '^\\d{14}$', description: '14 digits, checked with the Luhn key.' }),
  ),
  legalForm: Nullable(Str(50, { description: 'SARL, SAS, EI, …' })),
  email: Nullable(Type.String({ format: 'email', maxLength: 254 })),
  phone: Nullable(
    Type.String({ pattern: '^\\+[1-9]\\d{7,14}$', description: 'E.164, e.g. +33612345678.' }),
  ),
  address: Type.Union([Address, Type.Null()]),
  assignedBrokerId: Nullable(
    Type.String({
      format: 'uuid',
      description: 'The user following this client; a broker sees only theirs.',
    }),
  ),
  notes: Nullable(Str(5000)),
  gdprConsentAt: Nullable(Type.String({ format: 'date-time' })),
  retentionUntil: Nullable(IsoDate('Date until which the data may be kept (GDPR).')),
};

const optional = Object.fromEntries(
  Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)]),
) as {
  [K in keyof typeof fields]: ReturnType<typeof Type.Optional<(typeof fields)[K]>>;
};

export const CreateClientBody = Type.Object(
  { kind: Kind, ...optional },
  { additionalProperties: false },
);

export const UpdateClientBody = Type.Object(
  { kind: Type.Optional(Kind), ...optional, version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false, minProperties: 1 },
);

export const ClientList = Page(Type.Ref('Client'), 'A page of clients.');
export const ClientListQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'Words found in names, e-mail or SIREN; case and accents ignored.',
      }),
    ),
    kind: Type.Optional(Kind),
    assignedBrokerId: Type.Optional(Type.String({ format: 'uuid' })),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    sort: Type.Optional(
      Type.Union(
        [
          Type.Literal('displayName'),
          Type.Literal('-displayName'),
          Type.Literal('createdAt'),
          Type.Literal('-createdAt'),
        ],
        {
          description: 'Order; `-` for descending. Default displayName.',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
