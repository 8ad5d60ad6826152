import type { Database } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { PolicyStatus } from '../../db/schema/index.ts';
import { assertVersion, type ExpectedVersion } from '../../platform/concurrency.ts';
import {
  FieldsValidationError,
  FieldValidationError,
  BusinessRuleError,
  ConflictError,
  NotFoundError,
  type ProblemFieldError,
} from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import type { ActorContext, PortfolioScope } from '../../platform/request-context.ts';
import { recordAudit } from '../audit/index.ts';
import type { ClientsService } from '../clients/index.ts';
import { diff, findCompany } from '../companies/index.ts';
import {
  addDays,
  addYears,
  buildPremiumSchedule,
  compareDates,
  DEFAULT_TAX_RATE_BPS,
  nextTerm,
  renewalInfo,
  type PaymentFrequency,
  type ProductLine,
} from '../portfolio-domain/index.ts';
import {
  cancelPremiumsDueAfter,
  deleteImportedPolicies,
  countPolicies,
  findPoliciesByNumbers,
  findPolicy,
  findPremium,
  insertPolicies,
  insertPolicy,
  insertPremiums,
  insertStatusChange,
  insertStatusChanges,
  listPolicies,
  listPremiums,
  listPremiumsDue,
  listStatusChanges,
  findVisiblePolicyIds,
  listPoliciesPastRenewal,
  listUpcomingRenewals,
  updatePolicy,
  premiumTotals,
  updatePremium,
  type PolicyRow,
  type PremiumFilter,
  type PolicyValues,
  type PremiumRow,
} from './policies.repository.ts';

export type { PolicyValues };

export interface PolicyInput {
  number: string;
  clientId: string;
  companyId: string;
  productLine: ProductLine;
  effectiveDate: string;
  renewalDate: string;
  tacitRenewal?: boolean | undefined;
  paymentFrequency: PaymentFrequency;
  annualPremiumCents: number;
  taxRateBps?: number | undefined;
  commissionRateBps?: number | undefined;
  insuredObject?: Record<string, unknown> | null | undefined;
  notes?: string | null | undefined;
}

/** The lifecycle: which status may follow which. */
export const TRANSITIONS: Record<PolicyStatus, PolicyStatus[]> = {
  draft: ['active'],
  active: ['suspended', 'cancelled', 'expired'],
  suspended: ['active', 'cancelled'],
  cancelled: [],
  expired: [],
};

const STATUS_LABELS: Record<PolicyStatus, string> = {
  draft: 'brouillon',
  active: 'en cours',
  suspended: 'suspendu',
  cancelled: 'résilié',
  expired: 'expiré',
};

/** Fields that shape the premium schedule: frozen once the policy is active (an amendment is a later feature). */
const FINANCIAL_FIELDS = [
  'effectiveDate',
  'paymentFrequency',
  'annualPremiumCents',
  'taxRateBps',
  'commissionRateBps',
  'productLine',
] as const;

const todayIso = () => new Date().toISOString().slice(0, 10);

export function toPolicyView(row: PolicyRow) {
  return {
    id: row.id,
    number: row.number,
    clientId: row.clientId,
    companyId: row.companyId,
    productLine: row.productLine as ProductLine,
    status: row.status,
    effectiveDate: row.effectiveDate,
    renewalDate: row.renewalDate,
    termStart: row.termStart,
    tacitRenewal: row.tacitRenewal,
    paymentFrequency: row.paymentFrequency as PaymentFrequency,
    annualPremiumCents: row.annualPremiumCents,
    taxRateBps: row.taxRateBps,
    commissionRateBps: row.commissionRateBps,
    insuredObject: row.insuredObject,
    notes: row.notes,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type PolicyView = ReturnType<typeof toPolicyView>;

export function toPremiumView(row: PremiumRow) {
  return {
    id: row.id,
    policyId: row.policyId,
    termStart: row.termStart,
    sequence: row.sequence,
    dueDate: row.dueDate,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    amountCents: row.amountCents,
    taxCents: row.taxCents,
    totalCents: row.totalCents,
    commissionCents: row.commissionCents,
    status: row.status,
    statusDate: row.statusDate,
    paymentReference: row.paymentReference,
    version: row.version,
  };
}

const FRENCH_PLATE = /^[A-Z]{2}-\d{3}-[A-Z]{2}$/;

/** Date and insured-object rules a schema cannot express. */
export function policyProblems(
  values: Pick<PolicyInput, 'effectiveDate' | 'renewalDate' | 'productLine' | 'insuredObject'>,
): ProblemFieldError[] {
  const problems: ProblemFieldError[] = [];
  if (compareDates(values.renewalDate, values.effectiveDate) <= 0) {
    problems.push({
      path: '/renewalDate',
      in: 'body',
      message: "L'échéance principale doit suivre la date d'effet.",
    });
  } else if (compareDates(values.renewalDate, addYears(values.effectiveDate, 2)) > 0) {
    problems.push({
      path: '/renewalDate',
      in: 'body',
      message: "L'échéance principale doit tomber dans les deux ans suivant la date d'effet.",
    });
  }
  const insured = values.insuredObject ?? {};
  if (values.productLine === 'auto' && insured.registration !== undefined) {
    if (typeof insured.registration !== 'string' || !FRENCH_PLATE.test(insured.registration)) {
      problems.push({
        path: '/insuredObject/registration',
        in: 'body',
        message: 'Immatriculation attendue au format AB-123-CD.',
      });
    }
  }
  if (values.productLine === 'habitation' && insured.surfaceM2 !== undefined) {
    if (typeof insured.surfaceM2 !== 'number' || !(insured.surfaceM2 > 0)) {
      problems.push({
        path: '/insuredObject/surfaceM2',
        in: 'body',
        message: 'La surface doit être un nombre positif.',
      });
    }
  }
  return problems;
}

/** Stored values of a checked input, with the defaults of its product line and company. */
export function policyValues(
  input: PolicyInput,
  companyRates: Record<string, number>,
): PolicyValues {
  return {
    number: input.number.trim(),
    clientId: input.clientId,
    companyId: input.companyId,
    productLine: input.productLine,
    status: 'draft',
    effectiveDate: input.effectiveDate,
    renewalDate: input.renewalDate,
    termStart: input.effectiveDate,
    tacitRenewal: input.tacitRenewal ?? true,
    paymentFrequency: input.paymentFrequency,
    annualPremiumCents: input.annualPremiumCents,
    taxRateBps: input.taxRateBps ?? DEFAULT_TAX_RATE_BPS[input.productLine],
    commissionRateBps: input.commissionRateBps ?? companyRates[input.productLine] ?? 0,
    insuredObject: input.insuredObject ?? null,
    notes: input.notes ?? null,
  };
}

const NOT_FOUND = () => new NotFoundError("Ce contrat n'existe pas.");
const DUPLICATE = () =>
  new ConflictError('duplicate-number', 'Un contrat de cette compagnie porte déjà ce numéro.');

/** Policies, their lifecycle, premium schedule and renewals. */
export class PoliciesService {
  constructor(
    private readonly db: Database,
    private readonly clients: ClientsService,
    /** Notice periods (months) overriding the defaults, by product line (RENEWAL_NOTICE_MONTHS). */
    private readonly noticeMonths: Record<string, number> = {},
  ) {}

  /** The renewal dates of a policy (cancellation deadline, Chatel) with this cabinet's notice periods. */
  renewalInfoOf(policy: PolicyRow, consumer: boolean, today = todayIso()) {
    return renewalInfo({
      renewalDate: policy.renewalDate,
      tacitRenewal: policy.tacitRenewal,
      productLine: policy.productLine as ProductLine,
      consumer,
      noticeMonths: this.noticeMonths[policy.productLine],
      today,
    });
  }

  /** A premium in the caller's scope, with its rows; 404 otherwise. */
  async premiumRow(scope: PortfolioScope, premiumId: string) {
    const premium = await findPremium(this.db, scope, premiumId);
    if (!premium) throw new NotFoundError("Cette quittance n'existe pas.");
    return premium;
  }

  /** Every premium of a policy (all terms), by due date. */
  async premiumRows(policyId: string) {
    return listPremiums(this.db, policyId);
  }

  async list(
    scope: PortfolioScope,
    query: {
      limit: number;
      cursor?: string | undefined;
      clientId?: string | undefined;
      companyId?: string | undefined;
      status?: string | undefined;
      productLine?: string | undefined;
      q?: string | undefined;
      /** Also count every policy the filters select (one more query). */
      withTotal?: boolean | undefined;
    },
  ) {
    const after = query.cursor
      ? decodeCursor<{ number: string; id: string }>(query.cursor, ['number', 'id'])
      : undefined;
    const filter = { ...query, numberPrefix: query.q?.trim() };
    const [rows, total] = await Promise.all([
      listPolicies(this.db, scope, { ...filter, limit: query.limit + 1, after }),
      query.withTotal ? countPolicies(this.db, scope, filter) : undefined,
    ]);
    const page = pageOf(rows, query.limit, toPolicyView, (last) => ({
      number: last.number,
      id: last.id,
    }));
    return total === undefined ? page : { ...page, total };
  }

  async row(scope: PortfolioScope, id: string): Promise<PolicyRow> {
    const row = await findPolicy(this.db, scope, id);
    if (!row) throw NOT_FOUND();
    return row;
  }

  async get(scope: PortfolioScope, id: string): Promise<PolicyView> {
    return toPolicyView(await this.row(scope, id));
  }

  /** Validated values ready to insert (defaults from the product line and the company). */
  async prepare(scope: PortfolioScope, input: PolicyInput): Promise<PolicyValues> {
    const problems = policyProblems(input);
    const client = await this.clients.row(scope, input.clientId).catch(() => undefined);
    if (!client)
      problems.push({ path: '/clientId', in: 'body', message: "Ce client n'existe pas." });
    const company = await findCompany(this.db, scope.organizationId, input.companyId);
    if (!company)
      problems.push({ path: '/companyId', in: 'body', message: "Cette compagnie n'existe pas." });
    if (problems.length > 0) throw new FieldsValidationError(problems);
    return policyValues(input, company?.commissionRates ?? {});
  }

  async create(
    scope: PortfolioScope,
    context: ActorContext,
    input: PolicyInput,
  ): Promise<PolicyView> {
    const values = await this.prepare(scope, input);
    try {
      const row = await this.db.transaction(async (tx) => {
        const created = await insertPolicy(tx, scope.organizationId, values);
        await insertStatusChange(tx, {
          organizationId: scope.organizationId,
          policyId: created.id,
          fromStatus: null,
          toStatus: 'draft',
          reason: 'Création',
          effectiveOn: todayIso(),
          changedBy: context.actorId,
        });
        await recordAudit(tx, context, {
          action: 'policy.created',
          targetType: 'policy',
          targetId: created.id,
          changes: {
            number: created.number,
            clientId: created.clientId,
            companyId: created.companyId,
          },
        });
        return created;
      });
      return toPolicyView(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw DUPLICATE();
      throw error;
    }
  }

  async update(
    scope: PortfolioScope,
    context: ActorContext,
    id: string,
    patch: Partial<Omit<PolicyInput, 'clientId' | 'companyId'>>,
    expected: ExpectedVersion,
  ): Promise<PolicyView> {
    const current = await this.row(scope, id);
    assertVersion(current.version, expected);
    const financial = FINANCIAL_FIELDS.filter(
      (f) => patch[f] !== undefined && patch[f] !== current[f],
    );
    if (current.status !== 'draft' && financial.length > 0) {
      throw new BusinessRuleError(
        'policy-not-draft',
        `Les champs ${financial.join(', ')} ne se modifient que sur un contrat en brouillon.`,
      );
    }
    const merged = {
      effectiveDate: patch.effectiveDate ?? current.effectiveDate,
      renewalDate: patch.renewalDate ?? current.renewalDate,
      productLine: (patch.productLine ?? current.productLine) as ProductLine,
      insuredObject:
        patch.insuredObject !== undefined ? patch.insuredObject : current.insuredObject,
    };
    const problems = policyProblems(merged);
    if (problems.length > 0) throw new FieldsValidationError(problems);
    const values: Partial<PolicyValues> = {
      ...patch,
      ...(patch.number !== undefined ? { number: patch.number.trim() } : {}),
      ...(current.status === 'draft' && patch.effectiveDate
        ? { termStart: patch.effectiveDate }
        : {}),
    };
    try {
      const row = await this.db.transaction(async (tx) => {
        const updated = await updatePolicy(tx, scope.organizationId, id, current.version, values);
        if (!updated)
          throw new ConflictError(
            'stale-version',
            'La fiche a été modifiée entre-temps : rechargez-la.',
          );
        const changes = diff(current, updated, [
          'number',
          'productLine',
          'effectiveDate',
          'renewalDate',
          'tacitRenewal',
          'paymentFrequency',
          'annualPremiumCents',
          'taxRateBps',
          'commissionRateBps',
          'insuredObject',
          'notes',
        ]);
        if (Object.keys(changes).length > 0) {
          await recordAudit(tx, context, {
            action: 'policy.updated',
            targetType: 'policy',
            targetId: id,
            changes,
          });
        }
        return updated;
      });
      return toPolicyView(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw DUPLICATE();
      throw error;
    }
  }

  async transition(
    scope: PortfolioScope,
    context: ActorContext,
    id: string,
    request: { to: PolicyStatus; reason?: string | undefined; effectiveOn?: string | undefined },
  ): Promise<PolicyView> {
    const current = await this.row(scope, id);
    const allowed = TRANSITIONS[current.status];
    if (!allowed.includes(request.to)) {
      throw new BusinessRuleError(
        'illegal-transition',
        allowed.length > 0
          ? `Un contrat ${STATUS_LABELS[current.status]} ne peut passer qu'à : ${allowed.join(', ')}.`
          : `Un contrat ${STATUS_LABELS[current.status]} ne change plus de statut.`,
        { from: current.status, to: request.to, allowed },
      );
    }
    const effectiveOn = request.effectiveOn ?? todayIso();
    const row = await this.db.transaction(async (tx) => {
      const updated = await updatePolicy(tx, scope.organizationId, id, current.version, {
        status: request.to,
      });
      if (!updated)
        throw new ConflictError(
          'stale-version',
          'La fiche a été modifiée entre-temps : réessayez.',
        );
      await insertStatusChange(tx, {
        organizationId: scope.organizationId,
        policyId: id,
        fromStatus: current.status,
        toStatus: request.to,
        reason: request.reason ?? null,
        effectiveOn,
        changedBy: context.actorId,
      });
      let cancelledPremiums = 0;
      if (current.status === 'draft' && request.to === 'active') {
        await this.scheduleTerm(tx, updated, updated.termStart, addDays(updated.renewalDate, -1));
      }
      if (request.to === 'cancelled' || request.to === 'expired') {
        cancelledPremiums = await cancelPremiumsDueAfter(tx, id, effectiveOn);
      }
      await recordAudit(tx, context, {
        action: 'policy.status_changed',
        targetType: 'policy',
        targetId: id,
        changes: {
          status: { before: current.status, after: request.to },
          reason: request.reason ?? null,
          effectiveOn,
          ...(cancelledPremiums > 0 ? { cancelledPremiums } : {}),
        },
      });
      return updated;
    });
    return toPolicyView(row);
  }

  /** Starts the next term of an active policy: new renewal date, new premium schedule. */
  async renew(scope: PortfolioScope, context: ActorContext, id: string): Promise<PolicyView> {
    const current = await this.row(scope, id);
    if (current.status !== 'active') {
      throw new BusinessRuleError('policy-not-active', 'Seul un contrat en cours se renouvelle.');
    }
    const term = nextTerm(current.termStart, current.renewalDate);
    const row = await this.db.transaction(async (tx) => {
      const updated = await updatePolicy(tx, scope.organizationId, id, current.version, {
        termStart: term.termStart,
        renewalDate: term.nextRenewalDate,
      });
      if (!updated)
        throw new ConflictError(
          'stale-version',
          'La fiche a été modifiée entre-temps : réessayez.',
        );
      await this.scheduleTerm(tx, updated, term.termStart, term.termEnd);
      await recordAudit(tx, context, {
        action: 'policy.renewed',
        targetType: 'policy',
        targetId: id,
        changes: { renewalDate: { before: current.renewalDate, after: term.nextRenewalDate } },
      });
      return updated;
    });
    return toPolicyView(row);
  }

  async history(scope: PortfolioScope, id: string) {
    await this.row(scope, id);
    const rows = await listStatusChanges(this.db, id);
    return {
      items: rows.map((r) => ({
        fromStatus: r.fromStatus,
        toStatus: r.toStatus,
        reason: r.reason,
        effectiveOn: r.effectiveOn,
        changedBy: r.changedBy,
        changedAt: r.changedAt.toISOString(),
      })),
    };
  }

  async premiums(scope: PortfolioScope, id: string) {
    await this.row(scope, id);
    return { items: (await listPremiums(this.db, id)).map(toPremiumView) };
  }

  /**
   * Premiums of every policy the caller sees, by due date (the dashboard's « primes du mois »,
   * what is still to collect), with the count and sums of the whole selection.
   */
  async premiumsDue(
    scope: PortfolioScope,
    query: PremiumFilter & { limit: number; cursor?: string | undefined },
  ) {
    if (query.dueFrom && query.dueTo && query.dueFrom > query.dueTo) {
      throw new FieldValidationError(
        '/dueTo',
        'La date de fin doit suivre la date de début.',
        'query',
      );
    }
    const after = query.cursor
      ? decodeCursor<{ dueDate: string; id: string }>(query.cursor, ['dueDate', 'id'])
      : undefined;
    const [rows, totals] = await Promise.all([
      listPremiumsDue(this.db, scope, query, { limit: query.limit + 1, after }),
      premiumTotals(this.db, scope, query),
    ]);
    return {
      ...pageOf(rows, query.limit, toPremiumView, (last) => ({
        dueDate: last.dueDate,
        id: last.id,
      })),
      totals,
    };
  }

  async recordPremiumStatus(
    scope: PortfolioScope,
    context: ActorContext,
    premiumId: string,
    change: { status: 'paid' | 'unpaid'; on: string; reference?: string | undefined },
  ) {
    const premium = await this.premiumRow(scope, premiumId);
    const allowedFrom = change.status === 'paid' ? ['issued', 'unpaid'] : ['issued'];
    if (!allowedFrom.includes(premium.status)) {
      throw new BusinessRuleError(
        'illegal-premium-status',
        `Une quittance « ${premium.status} » ne peut pas être marquée « ${change.status} ».`,
        { from: premium.status, to: change.status },
      );
    }
    const row = await this.db.transaction(async (tx) => {
      const updated = await updatePremium(tx, premiumId, premium.version, {
        status: change.status,
        statusDate: change.on,
        paymentReference: change.reference ?? null,
      });
      if (!updated)
        throw new ConflictError(
          'stale-version',
          'La quittance a été modifiée entre-temps : réessayez.',
        );
      await recordAudit(tx, context, {
        action: change.status === 'paid' ? 'premium.paid' : 'premium.unpaid',
        targetType: 'premium',
        targetId: premiumId,
        changes: {
          status: { before: premium.status, after: change.status },
          on: change.on,
          policyId: premium.policyId,
        },
      });
      return updated;
    });
    return toPremiumView(row);
  }

  /**
   * The daily sweep of a cabinet's portfolio (a schedule, ADR 0015): an active policy whose
   * échéance has come either starts its next term — tacit renewal, art. L113-15 of the Code des
   * assurances: the contract goes on unless a party terminated it, which sets it to `cancelled` —
   * or, without tacit renewal, expires on that date. Each change is audited as the scheduler's.
   * Runs in slices; a policy left several terms behind (imported late) catches up term by term.
   */
  async sweep(
    organizationId: string,
    context: ActorContext,
    today = todayIso(),
  ): Promise<{ renewed: number; expired: number; failed: number }> {
    const scope: PortfolioScope = { organizationId, userId: '', role: 'admin' };
    const counts = { renewed: 0, expired: 0, failed: 0 };
    const skipped = new Set<string>();
    for (let round = 0; round < 100; round++) {
      const due = (await listPoliciesPastRenewal(this.db, organizationId, today, 200)).filter(
        (policy) => !skipped.has(policy.id),
      );
      if (due.length === 0) break;
      for (const policy of due) {
        try {
          if (policy.tacitRenewal) {
            await this.renew(scope, context, policy.id);
            counts.renewed++;
          } else {
            await this.transition(scope, context, policy.id, {
              to: 'expired',
              reason: 'Échéance atteinte sans reconduction tacite',
              effectiveOn: policy.renewalDate,
            });
            counts.expired++;
          }
        } catch {
          // Edited meanwhile (stale version) or refused: left for tomorrow's sweep.
          skipped.add(policy.id);
          counts.failed++;
        }
      }
    }
    return counts;
  }

  /** The active policies whose échéance falls in [from, to], soonest first (document batches). */
  async renewalPolicyIds(scope: PortfolioScope, from: string, to: string): Promise<string[]> {
    const rows = await listUpcomingRenewals(this.db, scope, from, to);
    return rows.map(({ policy }) => policy.id);
  }

  /** Which of these policies the scope can see. */
  visiblePolicyIds(scope: PortfolioScope, ids: readonly string[]): Promise<Set<string>> {
    return findVisiblePolicyIds(this.db, scope, ids);
  }

  async renewals(scope: PortfolioScope, withinDays: number, today = todayIso()) {
    const rows = await listUpcomingRenewals(this.db, scope, today, addDays(today, withinDays));
    return {
      items: rows.map(({ policy, clientKind, clientDisplayName }) => {
        const info = this.renewalInfoOf(policy, clientKind === 'person', today);
        return {
          policyId: policy.id,
          policyNumber: policy.number,
          clientId: policy.clientId,
          clientDisplayName,
          companyId: policy.companyId,
          productLine: policy.productLine as ProductLine,
          tacitRenewal: policy.tacitRenewal,
          renewalDate: info.renewalDate,
          cancellationDeadline: info.cancellationDeadline,
          noticeLatestSendDate: info.noticeLatestSendDate,
          chatelApplies: info.chatelApplies,
          daysUntilRenewal: info.daysUntilRenewal,
        };
      }),
    };
  }

  /** `companyId:number` keys that already exist in the cabinet. */
  async existingNumbers(
    scope: PortfolioScope,
    keys: { companyId: string; number: string }[],
  ): Promise<Set<string>> {
    const rows = await findPoliciesByNumbers(this.db, scope.organizationId, keys);
    return new Set(rows.map((r) => `${r.companyId}:${r.number}`));
  }

  /** Creates many prepared policies in one transaction (imports), activating those asked. */
  async createMany(
    scope: PortfolioScope,
    context: ActorContext,
    items: { values: PolicyValues; activate: boolean }[],
    summary: Record<string, unknown>,
  ): Promise<void> {
    // Values were prepared (validated) before: no query outside the transaction, which would wait
    // for it on a single-connection PGlite. Inserts go in batches: an import is thousands of rows.
    await this.db.transaction(async (tx) => {
      for (let start = 0; start < items.length; start += 500) {
        await this.insertPrepared(tx, scope, context, items.slice(start, start + 500));
      }
      await recordAudit(tx, context, {
        action: 'import.completed',
        targetType: 'policies',
        changes: { ...summary, created: items.length },
      });
    });
  }

  /**
   * Inserts prepared policies in the caller's transaction (a chunk of an import), with their
   * status history and, for the active ones, the term's premiums; returns the ids created.
   */
  async insertPrepared(
    tx: Database,
    scope: PortfolioScope,
    context: ActorContext,
    items: { values: PolicyValues; activate: boolean }[],
  ): Promise<string[]> {
    const today = todayIso();
    const created = await insertPolicies(
      tx,
      scope.organizationId,
      items.map((item) => ({
        ...item.values,
        status: item.activate ? ('active' as const) : ('draft' as const),
      })),
    );
    await insertStatusChanges(
      tx,
      created.map((policy) => ({
        organizationId: scope.organizationId,
        policyId: policy.id,
        fromStatus: null,
        toStatus: policy.status,
        reason: 'Import',
        effectiveOn: today,
        changedBy: context.actorId,
      })),
    );
    await insertPremiums(
      tx,
      scope.organizationId,
      created
        .filter((policy) => policy.status === 'active')
        .flatMap((policy) =>
          this.termPremiums(policy, policy.termStart, addDays(policy.renewalDate, -1)),
        ),
    );
    return created.map((policy) => policy.id);
  }

  /** Undoes `insertPrepared` for an import that failed after some chunks committed. */
  async deleteImported(tx: Database, scope: PortfolioScope, policyIds: string[]): Promise<void> {
    await deleteImportedPolicies(tx, scope.organizationId, policyIds);
  }

  private termPremiums(policy: PolicyRow, termStart: string, termEnd: string) {
    return buildPremiumSchedule({
      termStart,
      termEnd,
      frequency: policy.paymentFrequency as PaymentFrequency,
      annualPremiumCents: policy.annualPremiumCents,
      taxRateBps: policy.taxRateBps,
      commissionRateBps: policy.commissionRateBps,
    }).map((p) => ({ ...p, policyId: policy.id, termStart, status: 'issued' as const }));
  }

  private async scheduleTerm(
    tx: Database,
    policy: PolicyRow,
    termStart: string,
    termEnd: string,
  ): Promise<void> {
    await insertPremiums(tx, policy.organizationId, this.termPremiums(policy, termStart, termEnd));
  }
}
