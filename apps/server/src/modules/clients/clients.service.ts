import type { Database } from '../../db/client.ts';
import { assertVersion, type ExpectedVersion } from '../../platform/concurrency.ts';
import {
  FieldsValidationError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  type ProblemFieldError,
} from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import type { ActorContext, PortfolioScope } from '../../platform/request-context.ts';
import { recordAudit } from '../audit/index.ts';
import { diff } from '../companies/index.ts';
import {
  isValidSiren,
  isValidSiret,
  normalizeSearchText,
  searchTerms,
} from '../portfolio-domain/index.ts';
import {
  bulkInsertClients,
  bulkUpdateClients,
  deleteImportedClients,
  findClient,
  insertClient,
  isAssignableUser,
  listClients,
  updateClient,
  type ClientRow,
  type ClientSort,
  type ClientValues,
} from './clients.repository.ts';

export type ClientInput = Omit<ClientValues, 'displayName' | 'searchText' | 'gdprConsentAt'> & {
  gdprConsentAt?: string | null | undefined;
};

export function toClientView(row: ClientRow) {
  return {
    id: row.id,
    kind: row.kind,
    displayName: row.displayName,
    civility: row.civility,
    firstName: row.firstName,
    lastName: row.lastName,
    birthDate: row.birthDate,
    companyName: row.companyName,
    siren: row.siren,
    siret: row.siret,
    legalForm: row.legalForm,
    email: row.email,
    phone: row.phone,
    address: row.address,
    assignedBrokerId: row.assignedBrokerId,
    notes: row.notes,
    gdprConsentAt: row.gdprConsentAt?.toISOString() ?? null,
    retentionUntil: row.retentionUntil,
    anonymizedAt: row.anonymizedAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type ClientView = ReturnType<typeof toClientView>;

/** The fields a client's input carries (besides `kind`). */
/** The client fields a caller sets (kind and consent aside). */
export const INPUT_FIELDS = [
  'civility',
  'firstName',
  'lastName',
  'birthDate',
  'companyName',
  'siren',
  'siret',
  'legalForm',
  'email',
  'phone',
  'address',
  'assignedBrokerId',
  'notes',
  'retentionUntil',
] as const satisfies (keyof ClientRow)[];

const AUDITED_FIELDS: (keyof ClientRow)[] = ['kind', ...INPUT_FIELDS, 'gdprConsentAt'];

/** A stored client as the input that would write it again (to lay a partial change over). */
export function clientInputOf(row: ClientRow): ClientInput {
  return {
    ...(Object.fromEntries(INPUT_FIELDS.map((field) => [field, row[field]])) as ClientInput),
    kind: row.kind,
    gdprConsentAt: row.gdprConsentAt?.toISOString() ?? null,
  };
}

/** The rules a schema cannot say: per-kind required fields, SIREN/SIRET keys. Returns field errors. */
export function clientProblems(values: Partial<ClientInput>): ProblemFieldError[] {
  const problems: ProblemFieldError[] = [];
  const required = (field: keyof ClientInput, message: string) => {
    const value = values[field];
    if (
      value === undefined ||
      value === null ||
      (typeof value === 'string' && value.trim() === '')
    ) {
      problems.push({ path: `/${field}`, in: 'body', message });
    }
  };
  if (values.kind === 'person') {
    required('lastName', 'Le nom est obligatoire pour une personne.');
    required('firstName', 'Le prénom est obligatoire pour une personne.');
  } else {
    required('companyName', 'La raison sociale est obligatoire pour une entreprise.');
  }
  if (values.siren && !isValidSiren(values.siren)) {
    problems.push({
      path: '/siren',
      in: 'body',
      message: "Ce SIREN n'est pas valide (clé de contrôle).",
    });
  }
  if (values.siret) {
    if (!isValidSiret(values.siret)) {
      problems.push({
        path: '/siret',
        in: 'body',
        message: "Ce SIRET n'est pas valide (clé de contrôle).",
      });
    } else if (values.siren && !values.siret.startsWith(values.siren)) {
      problems.push({
        path: '/siret',
        in: 'body',
        message: 'Ce SIRET ne commence pas par le SIREN indiqué.',
      });
    }
  }
  return problems;
}

export function displayNameOf(values: Partial<ClientInput>): string {
  if (values.kind === 'business') return values.companyName?.trim() ?? '';
  return [values.lastName?.trim(), values.firstName?.trim()].filter(Boolean).join(' ');
}

function searchTextOf(values: Partial<ClientInput>): string {
  return normalizeSearchText(
    [
      values.firstName,
      values.lastName,
      values.companyName,
      values.email,
      values.siren,
      values.siret,
    ]
      .filter(Boolean)
      .join(' '),
  );
}

/** Normalises input into stored values: trims, derives display name and search text. */
export function toStoredValues(values: ClientInput): ClientValues {
  return {
    ...values,
    email: values.email?.trim().toLowerCase() ?? null,
    gdprConsentAt: values.gdprConsentAt ? new Date(values.gdprConsentAt) : null,
    displayName: displayNameOf(values),
    searchText: searchTextOf(values),
  };
}

// An import's writes, in the caller's transaction: the import checks the rows and audits the
// whole; the values are stored as the clients module stores them.

/** Creates the clients of checked import rows; their ids, in order. */
export function createImportedClients(
  tx: Database,
  organizationId: string,
  inputs: ClientInput[],
): Promise<string[]> {
  return bulkInsertClients(tx, organizationId, inputs.map(toStoredValues));
}

/** Writes checked import rows over matched clients (or their values back): each gets a new version. */
export function saveImportedChanges(
  tx: Database,
  organizationId: string,
  changes: { id: string; input: ClientInput }[],
): Promise<void> {
  return bulkUpdateClients(
    tx,
    organizationId,
    changes.map(({ id, input }) => ({ id, values: toStoredValues(input) })),
  );
}

/** Removes clients an import created: the compensation of an import that failed part-way (ADR 0010). */
export function removeImportedClients(
  tx: Database,
  organizationId: string,
  ids: string[],
): Promise<void> {
  return deleteImportedClients(tx, organizationId, ids);
}

const NOT_FOUND = () => new NotFoundError("Ce client n'existe pas.");

/** Clients of the cabinet, seen through the caller's scope (a broker sees only theirs). */
export class ClientsService {
  constructor(private readonly db: Database) {}

  async list(
    scope: PortfolioScope,
    query: {
      limit: number;
      cursor?: string | undefined;
      q?: string | undefined;
      kind?: string | undefined;
      assignedBrokerId?: string | undefined;
      city?: string | undefined;
      sort?: ClientSort | undefined;
    },
  ) {
    const sort = query.sort ?? 'displayName';
    const after = query.cursor
      ? decodeCursor<{ value: string; id: string; sort: string }>(query.cursor, [
          'value',
          'id',
          'sort',
        ])
      : undefined;
    const rows = await listClients(this.db, scope, {
      limit: query.limit + 1,
      terms: query.q ? searchTerms(query.q) : [],
      kind: query.kind,
      assignedBrokerId: query.assignedBrokerId,
      city: query.city,
      sort,
      after: after?.sort === sort ? after : undefined,
    });
    const value = (row: ClientRow) =>
      sort.endsWith('createdAt') ? row.createdAt.toISOString() : row.displayName;
    return pageOf(rows, query.limit, toClientView, (last) => ({
      value: value(last),
      id: last.id,
      sort,
    }));
  }

  async get(scope: PortfolioScope, id: string): Promise<ClientView> {
    return toClientView(await this.row(scope, id));
  }

  /** The client row if the scope may see it; 404 otherwise (another cabinet, another broker's). */
  async row(scope: PortfolioScope, id: string): Promise<ClientRow> {
    const row = await findClient(this.db, scope, id);
    if (!row) throw NOT_FOUND();
    return row;
  }

  async create(
    scope: PortfolioScope,
    context: ActorContext,
    input: ClientInput,
  ): Promise<ClientView> {
    const values = await this.validated(scope, {
      ...input,
      assignedBrokerId: this.assignee(scope, input.assignedBrokerId),
    });
    const row = await this.db.transaction(async (tx) => {
      const created = await insertClient(tx, scope.organizationId, values);
      await recordAudit(tx, context, {
        action: 'client.created',
        targetType: 'client',
        targetId: created.id,
        changes: { kind: created.kind, assignedBrokerId: created.assignedBrokerId },
      });
      return created;
    });
    return toClientView(row);
  }

  async update(
    scope: PortfolioScope,
    context: ActorContext,
    id: string,
    patch: Partial<ClientInput>,
    expected: ExpectedVersion,
  ): Promise<ClientView> {
    const current = await this.row(scope, id);
    assertVersion(current.version, expected);
    if (current.anonymizedAt) {
      throw new ConflictError(
        'anonymized',
        'Ce client a été anonymisé : sa fiche ne peut plus être modifiée.',
      );
    }
    if (
      scope.brokerId &&
      patch.assignedBrokerId !== undefined &&
      patch.assignedBrokerId !== scope.brokerId
    ) {
      throw new ForbiddenError(
        'Un courtier ne peut pas confier son client à un autre utilisateur.',
      );
    }
    const merged: ClientInput = { ...clientInputOf(current), ...patch };
    const values = await this.validated(scope, merged);
    const row = await this.db.transaction(async (tx) => {
      const updated = await updateClient(tx, scope.organizationId, id, current.version, values);
      if (!updated)
        throw new ConflictError(
          'stale-version',
          'La fiche a été modifiée entre-temps : rechargez-la.',
        );
      const changes = diff(current, updated, AUDITED_FIELDS);
      if (Object.keys(changes).length > 0) {
        await recordAudit(tx, context, {
          action: 'client.updated',
          targetType: 'client',
          targetId: id,
          changes,
        });
      }
      return updated;
    });
    return toClientView(row);
  }

  /**
   * Erases identity and contact details; the policies and amounts stay for the legal retention
   * period (they reference the client by id only).
   */
  async anonymize(scope: PortfolioScope, context: ActorContext, id: string): Promise<ClientView> {
    const current = await this.row(scope, id);
    if (current.anonymizedAt)
      throw new ConflictError('anonymized', 'Ce client est déjà anonymisé.');
    const row = await this.db.transaction(async (tx) => {
      const updated = await updateClient(tx, scope.organizationId, id, current.version, {
        civility: null,
        firstName: null,
        lastName: null,
        birthDate: null,
        companyName: null,
        siren: null,
        siret: null,
        legalForm: null,
        email: null,
        phone: null,
        address: null,
        notes: null,
        gdprConsentAt: null,
        displayName: current.kind === 'business' ? 'Entreprise anonymisée' : 'Client anonymisé',
        searchText: '',
        anonymizedAt: new Date(),
      });
      if (!updated)
        throw new ConflictError(
          'stale-version',
          'La fiche a été modifiée entre-temps : réessayez.',
        );
      await recordAudit(tx, context, {
        action: 'client.anonymized',
        targetType: 'client',
        targetId: id,
      });
      return updated;
    });
    return toClientView(row);
  }

  private assignee(scope: PortfolioScope, requested: string | null | undefined): string | null {
    if (!scope.brokerId) return requested ?? null;
    if (requested && requested !== scope.brokerId) {
      throw new ForbiddenError('Un courtier ne peut créer que des clients qui lui sont confiés.');
    }
    return scope.brokerId;
  }

  private async validated(scope: PortfolioScope, input: ClientInput): Promise<ClientValues> {
    const problems = clientProblems(input);
    if (
      input.assignedBrokerId &&
      !(await isAssignableUser(this.db, scope.organizationId, input.assignedBrokerId))
    ) {
      problems.push({
        path: '/assignedBrokerId',
        in: 'body',
        message: "Cet utilisateur n'existe pas dans le cabinet ou est désactivé.",
      });
    }
    if (problems.length > 0) throw new FieldsValidationError(problems);
    return toStoredValues(input);
  }
}
