import { Type } from 'typebox';
import { PageQuery, Page } from '../../platform/pagination.ts';
import { PRODUCT_LINES } from '../portfolio-domain/index.ts';

export const Address = Type.Object(
  {
    line1: Type.String({ minLength: 1, maxLength: 200 }),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    postalCode: Type.String({ minLength: 1, maxLength: 20 }),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2, e.g. FR.' }),
  },
  { additionalProperties: false, description: 'Postal address.' },
);

const PRODUCT_LINE_KEYS = `^(${PRODUCT_LINES.join('|')})$`;

const CommissionRates = Type.Record(
  Type.String({ pattern: PRODUCT_LINE_KEYS }),
  Type.Integer({ minimum: 0, maximum: 10_000 }),
  {
    description: 'Default commission rate by product line, in basis points (1500 = 15 %).',
    additionalProperties: false,
  },
);

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const Company = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    code: Type.String(),
    brokerCode: Type.Union([Type.String(), Type.Null()]),
    contactEmail: Type.Union([Type.String(), Type.Null()]),
    contactPhone: Type.Union([Type.String(), Type.Null()]),
    address: Type.Union([Address, Type.Null()]),
    commissionRates: CommissionRates,
    version: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Company', description: 'An insurance company the cabinet works with.' },
);

const writable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  code: Type.String({
    pattern: '^[A-Za-z0-9_-]{1,32}$',
    description: 'Short code, unique in the cabinet.',
  }),
  brokerCode: Nullable(
    Type.String({ maxLength: 64, description: "The cabinet's code at this company." }),
  ),
  contactEmail: Nullable(Type.String({ format: 'email', maxLength: 254 })),
  contactPhone: Nullable(
    Type.String({ pattern: '^\\+[1-9]\\d{7,14}$', description: 'E.164, e.g. +33145678900.' }),
  ),
  address: Type.Union([Address, Type.Null()]),
  commissionRates: CommissionRates,
};

export const CreateCompanyBody = Type.Object(
  {
    name: writable.name,
    code: writable.code,
    brokerCode: Type.Optional(writable.brokerCode),
    contactEmail: Type.Optional(writable.contactEmail),
    contactPhone: Type.Optional(writable.contactPhone),
    address: Type.Optional(writable.address),
    commissionRates: Type.Optional(writable.commissionRates),
  },
  { additionalProperties: false },
);

export const UpdateCompanyBody = Type.Object(
  {
    name: Type.Optional(writable.name),
    code: Type.Optional(writable.code),
    brokerCode: Type.Optional(writable.brokerCode),
    contactEmail: Type.Optional(writable.contactEmail),
    contactPhone: Type.Optional(writable.contactPhone),
    address: Type.Optional(writable.address),
    commissionRates: Type.Optional(writable.commissionRates),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CompanyList = Page(Type.Ref('Company'), 'A page of companies, ordered by name.');
export const CompanyListQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the name or code.' })),
  },
  { additionalProperties: false },
);
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
