import { Type } from 'typebox';
import { POLICY_STATUSES, PREMIUM_STATUSES } from '../../db/schema/index.ts';
import { Page, PageQuery } from '../../platform/pagination.ts';
import { PAYMENT_FREQUENCIES, PRODUCT_LINES } from '../portfolio-domain/index.ts';

export const ProductLine = Type.Enum(PRODUCT_LINES, { description: 'Branche.' });
export const Frequency = Type.Enum(PAYMENT_FREQUENCIES, {
  description: 'Fractionnement of the premium.',
});
export const Status = Type.Enum(POLICY_STATUSES);
const IsoDate = (description?: string) =>
  Type.String({ format: 'date', ...(description ? { description } : {}) });

export const Policy = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    number: Type.String(),
    clientId: Type.String({ format: 'uuid' }),
    companyId: Type.String({ format: 'uuid' }),
    productLine: ProductLine,
    status: Status,
    effectiveDate: IsoDate(),
    renewalDate: IsoDate('Échéance principale.'),
    termStart: IsoDate('Start of the current term.'),
    tacitRenewal: Type.Boolean(),
    paymentFrequency: Frequency,
    annualPremiumCents: Type.Integer({
      description: 'Annual premium excluding tax, in euro cents.',
    }),
    taxRateBps: Type.Integer({ description: 'Insurance tax rate in basis points.' }),
    commissionRateBps: Type.Integer({
      description: 'Commission rate in basis points (1500 = 15 %).',
    }),
    insuredObject: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    notes: Type.Union([Type.String(), Type.Null()]),
    version: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Policy', description: 'An insurance policy (contrat).' },
);

const editable = {
  number: Type.String({ minLength: 1, maxLength: 64 }),
  productLine: ProductLine,
  effectiveDate: IsoDate("Date d'effet."),
  renewalDate: IsoDate('Échéance principale; after the effective date.'),
  tacitRenewal: Type.Boolean(),
  paymentFrequency: Frequency,
  annualPremiumCents: Type.Integer({ minimum: 0, maximum: 100_000_000_00 }),
  taxRateBps: Type.Integer({ minimum: 0, maximum: 10_000 }),
  commissionRateBps: Type.Integer({ minimum: 0, maximum: 10_000 }),
  insuredObject: Type.Union([
    Type.Record(Type.String(), Type.Unknown(), {
      description: 'What is insured; auto: registration AB-123-CD, …',
    }),
    Type.Null(),
  ]),
  notes: Type.Union([Type.String({ maxLength: 5000 }), Type.Null()]),
};

export const CreatePolicyBody = Type.Object(
  {
    number: editable.number,
    clientId: Type.String({ format: 'uuid' }),
    companyId: Type.String({ format: 'uuid' }),
    productLine: editable.productLine,
    effectiveDate: editable.effectiveDate,
    renewalDate: editable.renewalDate,
    tacitRenewal: Type.Optional(editable.tacitRenewal),
    paymentFrequency: editable.paymentFrequency,
    annualPremiumCents: editable.annualPremiumCents,
    taxRateBps: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 10_000, description: 'Default: the product line’s.' }),
    ),
    commissionRateBps: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 10_000,
        description: 'Default: the company’s rate for the line.',
      }),
    ),
    insuredObject: Type.Optional(editable.insuredObject),
    notes: Type.Optional(editable.notes),
  },
  { additionalProperties: false },
);

export const UpdatePolicyBody = Type.Object(
  {
    ...Object.fromEntries(Object.entries(editable).map(([k, v]) => [k, Type.Optional(v)])),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  } as { [K in keyof typeof editable]: ReturnType<typeof Type.Optional<(typeof editable)[K]>> } & {
    version: ReturnType<typeof Type.Optional<ReturnType<typeof Type.Integer>>>;
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TransitionBody = Type.Object(
  {
    to: Status,
    reason: Type.Optional(Type.String({ maxLength: 500 })),
    effectiveOn: Type.Optional(IsoDate('When the change takes effect; today by default.')),
  },
  { additionalProperties: false },
);

export const PolicyList = Type.Object(
  {
    ...Page(Type.Ref('Policy'), 'A page of policies, ordered by number.').properties,
    total: Type.Optional(
      Type.Integer({ description: 'With `withTotal=true`: the policies the filters select.' }),
    ),
  },
  { description: 'A page of policies, ordered by number.' },
);
export const PolicyListQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(Type.String({ maxLength: 64, description: 'Start of the policy number.' })),
    clientId: Type.Optional(Type.String({ format: 'uuid' })),
    companyId: Type.Optional(Type.String({ format: 'uuid' })),
    status: Type.Optional(Status),
    productLine: Type.Optional(ProductLine),
    withTotal: Type.Optional(
      Type.Boolean({ description: 'Also count every policy the filters select (`total`).' }),
    ),
  },
  { additionalProperties: false },
);

export const History = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        fromStatus: Type.Union([Status, Type.Null()]),
        toStatus: Status,
        reason: Type.Union([Type.String(), Type.Null()]),
        effectiveOn: IsoDate(),
        changedBy: Type.Union([Type.String(), Type.Null()]),
        changedAt: Type.String({ format: 'date-time' }),
      }),
    ),
  },
  { description: 'Every status change, oldest first.' },
);

export const Premium = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    policyId: Type.String({ format: 'uuid' }),
    termStart: IsoDate(),
    sequence: Type.Integer(),
    dueDate: IsoDate(),
    periodStart: IsoDate(),
    periodEnd: IsoDate(),
    amountCents: Type.Integer({ description: 'Excluding tax.' }),
    taxCents: Type.Integer(),
    totalCents: Type.Integer(),
    commissionCents: Type.Integer(),
    status: Type.Enum(PREMIUM_STATUSES),
    statusDate: Type.Union([IsoDate('When it was paid, found unpaid or cancelled.'), Type.Null()]),
    paymentReference: Type.Union([Type.String(), Type.Null()]),
    version: Type.Integer(),
  },
  { $id: 'Premium', description: 'An instalment (quittance).' },
);

export const PremiumList = Type.Object(
  { items: Type.Array(Type.Ref('Premium')) },
  { description: 'The schedule, by due date.' },
);

export const PaymentBody = Type.Object(
  { paidOn: IsoDate('Day of payment.'), reference: Type.Optional(Type.String({ maxLength: 100 })) },
  { additionalProperties: false },
);
export const NonPaymentBody = Type.Object(
  { on: IsoDate('Day the non-payment was found.') },
  { additionalProperties: false },
);

export const PremiumsQuery = Type.Object(
  {
    ...PageQuery,
    dueFrom: Type.Optional(IsoDate('First due date included.')),
    dueTo: Type.Optional(IsoDate('Last due date included.')),
    status: Type.Optional(
      Type.Array(Type.Enum(PREMIUM_STATUSES), {
        maxItems: 4,
        description: 'One or more statuses (`status=issued&status=unpaid`); all when absent.',
      }),
    ),
    companyId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);

const Cents = (description: string) => Type.Integer({ description });

export const PremiumPage = Type.Object(
  {
    items: Type.Array(Type.Ref('Premium')),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as `cursor` for the next page; null on the last page.',
    }),
    totals: Type.Object(
      {
        count: Type.Integer({ description: 'Premiums matching the filters, on every page.' }),
        amountCents: Cents('Sum excluding tax.'),
        taxCents: Cents('Sum of taxes.'),
        totalCents: Cents('Sum including tax.'),
        commissionCents: Cents('Sum of commissions.'),
      },
      { description: 'Over every premium matching the filters, not only this page.' },
    ),
  },
  { description: 'Premiums by due date, with the totals of the whole selection.' },
);

export const RenewalsQuery = Type.Object(
  {
    withinDays: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 366,
        default: 60,
        description: 'Horizon in days (default 60).',
      }),
    ),
  },
  { additionalProperties: false },
);

export const Renewals = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        policyId: Type.String({ format: 'uuid' }),
        policyNumber: Type.String(),
        clientId: Type.String({ format: 'uuid' }),
        clientDisplayName: Type.String(),
        companyId: Type.String({ format: 'uuid' }),
        productLine: ProductLine,
        tacitRenewal: Type.Boolean(),
        renewalDate: IsoDate(),
        cancellationDeadline: IsoDate(
          'Last day the client may give notice (renewal date minus the notice period).',
        ),
        noticeLatestSendDate: IsoDate('The avis d’échéance must leave by then (loi Chatel).'),
        chatelApplies: Type.Boolean({ description: 'Tacit renewal of a consumer contract.' }),
        daysUntilRenewal: Type.Integer(),
      }),
    ),
  },
  { description: 'Active policies renewing within the horizon, soonest first.' },
);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
