import type { Database } from '../../db/client.ts';
import type { PostalAddress } from '../../db/schema/index.ts';
import { AppError, ForbiddenError } from '../../platform/errors.ts';
import type { PortfolioScope } from '../../platform/request-context.ts';
import type { ClientRow, ClientsService } from '../clients/index.ts';
import { findCompany, type CompanyRow } from '../companies/index.ts';
import { findOrganization, type OrganizationRow } from '../organizations/index.ts';
import { listPoliciesOfClient, type PoliciesService, type PolicyRow } from '../policies/index.ts';
import type { premiums } from '../../db/schema/index.ts';
import {
  applyRate,
  buildPremiumSchedule,
  compareDates,
  nextTerm,
  type PaymentFrequency,
} from '../portfolio-domain/index.ts';

type PremiumRow = typeof premiums.$inferSelect;

/** What a document is about; at most one is given (a premium implies its policy and client). */
export interface DocumentSubject {
  policyId?: string | undefined;
  clientId?: string | undefined;
  premiumId?: string | undefined;
}

/** The data a template renders: snake_case, money in euros, dates as ISO strings. */
export type RenderData = Record<string, unknown>;

export const PRODUCT_LINE_LABELS: Record<string, string> = {
  auto: 'Automobile',
  habitation: 'Multirisque habitation',
  sante: 'Santé',
  prevoyance: 'Prévoyance',
  rc_pro: 'Responsabilité civile professionnelle',
  multirisque_pro: 'Multirisque professionnelle',
  vie: 'Assurance vie',
  emprunteur: 'Assurance emprunteur',
  autre: 'Autre',
};

const POLICY_STATUS_LABELS: Record<string, string> = {
  draft: 'Brouillon',
  active: 'En vigueur',
  suspended: 'Suspendu',
  cancelled: 'Résilié',
  expired: 'Expiré',
};

const FREQUENCY_LABELS: Record<string, string> = {
  annual: 'Annuel',
  semiannual: 'Semestriel',
  quarterly: 'Trimestriel',
  monthly: 'Mensuel',
};

const PREMIUM_STATUS_LABELS: Record<string, string> = {
  issued: 'Émise',
  paid: 'Payée',
  unpaid: 'Impayée',
  cancelled: 'Annulée',
};

/** Integer cents → euros for display; cents are exact, so the division loses nothing printable. */
export const euros = (cents: number) => Math.round(cents) / 100;
const percent = (bps: number) => bps / 100;

/** Today's date in France (documents are dated where the cabinet is, not in UTC). */
export function parisToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

function address(value: PostalAddress | null) {
  if (!value) return { address: null, address_lines: [] as string[] };
  const lines = [value.line1, value.line2, `${value.postalCode} ${value.city}`].filter(
    (l): l is string => typeof l === 'string' && l.trim() !== '',
  );
  if (value.country && value.country !== 'FR') lines.push(value.country);
  return {
    address: {
      line1: value.line1,
      line2: value.line2 ?? null,
      postal_code: value.postalCode,
      city: value.city,
      country: value.country,
    },
    address_lines: lines,
  };
}

export function organizationData(row: OrganizationRow) {
  return {
    name: row.name,
    orias_number: row.oriasNumber,
    siren: row.siren,
    legal_mentions: row.legalMentions,
    ...address(row.address),
  };
}

export function clientData(row: ClientRow) {
  return {
    kind: row.kind,
    display_name: row.displayName,
    civility: row.civility,
    first_name: row.firstName,
    last_name: row.lastName,
    company_name: row.companyName,
    siren: row.siren,
    siret: row.siret,
    email: row.email,
    phone: row.phone,
    ...address(row.address),
  };
}

export function companyData(row: CompanyRow) {
  return { name: row.name, code: row.code, broker_code: row.brokerCode };
}

export function premiumData(
  row: PremiumRow,
  policy: PolicyRow,
  clientDisplayName: string,
): Record<string, unknown> {
  return {
    sequence: row.sequence,
    due_date: row.dueDate,
    period_start: row.periodStart,
    period_end: row.periodEnd,
    amount: euros(row.amountCents),
    tax: euros(row.taxCents),
    total: euros(row.totalCents),
    commission: euros(row.commissionCents),
    commission_rate: percent(policy.commissionRateBps),
    status: row.status,
    status_label: PREMIUM_STATUS_LABELS[row.status] ?? row.status,
    paid_at: row.status === 'paid' ? row.statusDate : null,
    payment_reference: row.paymentReference,
    policy_number: policy.number,
    client_display_name: clientDisplayName,
  };
}

/**
 * The schedule of the term the next renewal opens, as it would be issued with today's terms: what
 * an avis d'échéance announces before the renewal creates the premiums themselves.
 */
export function nextTermPremiums(policy: PolicyRow, clientDisplayName: string) {
  if (compareDates(policy.renewalDate, policy.termStart) <= 0) return [];
  const term = nextTerm(policy.termStart, policy.renewalDate);
  return buildPremiumSchedule({
    termStart: term.termStart,
    termEnd: term.termEnd,
    frequency: policy.paymentFrequency as PaymentFrequency,
    annualPremiumCents: policy.annualPremiumCents,
    taxRateBps: policy.taxRateBps,
    commissionRateBps: policy.commissionRateBps,
  }).map((p) =>
    premiumData(
      {
        ...p,
        id: '',
        organizationId: policy.organizationId,
        policyId: policy.id,
        termStart: term.termStart,
        status: 'issued',
        statusDate: null,
        paymentReference: null,
        version: 1,
        createdAt: new Date(0),
        updatedAt: new Date(0),
      },
      policy,
      clientDisplayName,
    ),
  );
}

/** Builds the data model of /work/notes/data-model.md (documented in docs/templates.md). */
export class RenderDataBuilder {
  constructor(
    private readonly db: Database,
    private readonly clients: ClientsService,
    private readonly policies: PoliciesService,
  ) {}

  async build(
    scope: PortfolioScope,
    subject: DocumentSubject,
    today = parisToday(),
  ): Promise<{ data: RenderData; policyId: string | null; clientId: string | null }> {
    const given = [subject.policyId, subject.clientId, subject.premiumId].filter(Boolean);
    if (given.length > 1) {
      throw new AppError(
        400,
        'validation',
        'Indiquez un seul sujet : contrat, client ou quittance.',
        {
          errors: [
            {
              path: '/policyId',
              in: 'body',
              message: 'policyId, clientId et premiumId sont exclusifs.',
            },
          ],
        },
      );
    }
    if (given.length === 0 && scope.brokerId) {
      throw new ForbiddenError(
        'Un courtier produit des documents pour un contrat, un client ou une quittance de son portefeuille.',
      );
    }
    const organization = await findOrganization(this.db, scope.organizationId);
    if (!organization) throw new Error(`Organization ${scope.organizationId} not found`);
    const data: RenderData = {
      today,
      organization: organizationData(organization),
      client: null,
      company: null,
      policy: null,
      premiums: [],
      next_premiums: [],
      premium: null,
      policies: [],
    };

    let premium: PremiumRow | undefined;
    let policyId = subject.policyId;
    if (subject.premiumId) {
      premium = await this.policies.premiumRow(scope, subject.premiumId);
      policyId = premium.policyId;
    }
    if (policyId) {
      const policy = await this.policies.row(scope, policyId);
      const client = await this.clients.row(scope, policy.clientId);
      const company = await findCompany(this.db, scope.organizationId, policy.companyId);
      const term = (await this.policies.premiumRows(policy.id)).filter(
        (p) => p.termStart === policy.termStart,
      );
      data.client = clientData(client);
      data.company = company ? companyData(company) : null;
      data.policy = this.policyData(policy, client, today);
      data.premiums = term.map((p) => premiumData(p, policy, client.displayName));
      data.next_premiums = nextTermPremiums(policy, client.displayName);
      if (premium) data.premium = premiumData(premium, policy, client.displayName);
      return { data, policyId: policy.id, clientId: client.id };
    }
    if (subject.clientId) {
      const client = await this.clients.row(scope, subject.clientId);
      data.client = clientData(client);
      const policies = await listPoliciesOfClient(this.db, scope.organizationId, client.id);
      const companies = new Map<string, CompanyRow | undefined>();
      const rows = [];
      for (const policy of policies) {
        if (!companies.has(policy.companyId)) {
          companies.set(
            policy.companyId,
            await findCompany(this.db, scope.organizationId, policy.companyId),
          );
        }
        rows.push({
          ...this.policyData(policy, client, today),
          client_display_name: client.displayName,
          company_name: companies.get(policy.companyId)?.name ?? null,
        });
      }
      data.policies = rows;
      return { data, policyId: null, clientId: client.id };
    }
    return { data, policyId: null, clientId: null };
  }

  private policyData(policy: PolicyRow, client: ClientRow, today: string) {
    const info = this.policies.renewalInfoOf(policy, client.kind === 'person', today);
    const total =
      policy.annualPremiumCents + applyRate(policy.annualPremiumCents, policy.taxRateBps);
    return {
      number: policy.number,
      product_line: policy.productLine,
      product_line_label: PRODUCT_LINE_LABELS[policy.productLine] ?? policy.productLine,
      status: policy.status,
      status_label: POLICY_STATUS_LABELS[policy.status] ?? policy.status,
      effective_date: policy.effectiveDate,
      renewal_date: policy.renewalDate,
      term_start: policy.termStart,
      tacit_renewal: policy.tacitRenewal,
      payment_frequency: policy.paymentFrequency,
      payment_frequency_label: FREQUENCY_LABELS[policy.paymentFrequency] ?? policy.paymentFrequency,
      annual_premium: euros(policy.annualPremiumCents),
      annual_premium_total: euros(total),
      tax_rate: percent(policy.taxRateBps),
      commission_rate: percent(policy.commissionRateBps),
      cancellation_deadline: info.cancellationDeadline,
      notice_date: info.noticeLatestSendDate,
      chatel_applies: info.chatelApplies,
      insured_object: policy.insuredObject ?? null,
    };
  }
}
