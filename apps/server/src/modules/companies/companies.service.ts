import type { Database } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { assertVersion, type ExpectedVersion } from '../../platform/concurrency.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import type { ActorContext, PortfolioScope } from '../../platform/request-context.ts';
import { recordAudit } from '../audit/index.ts';
import {
  findCompany,
  insertCompany,
  listCompanies,
  updateCompany,
  type CompanyRow,
  type CompanyValues,
} from './companies.repository.ts';

export function toCompanyView(row: CompanyRow) {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    brokerCode: row.brokerCode,
    contactEmail: row.contactEmail,
    contactPhone: row.contactPhone,
    address: row.address,
    commissionRates: row.commissionRates,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type CompanyView = ReturnType<typeof toCompanyView>;

const DUPLICATE_CODE = () =>
  new ConflictError('duplicate-code', 'Une compagnie de ce cabinet porte déjà ce code.');

/** Changed fields as before/after pairs, for the audit log. */
export function diff<T extends object>(
  before: T,
  after: T,
  fields: (keyof T)[],
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const field of fields) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
      changes[field as string] = { before: before[field] ?? null, after: after[field] ?? null };
    }
  }
  return changes;
}

export class CompaniesService {
  constructor(private readonly db: Database) {}

  async list(
    scope: PortfolioScope,
    query: { limit: number; cursor?: string | undefined; q?: string | undefined },
  ) {
    const after = query.cursor
      ? decodeCursor<{ name: string; id: string }>(query.cursor, ['name', 'id'])
      : undefined;
    const rows = await listCompanies(this.db, scope.organizationId, {
      limit: query.limit + 1,
      q: query.q,
      after,
    });
    return pageOf(rows, query.limit, toCompanyView, (last) => ({ name: last.name, id: last.id }));
  }

  async get(scope: PortfolioScope, id: string): Promise<CompanyView> {
    const row = await findCompany(this.db, scope.organizationId, id);
    if (!row) throw new NotFoundError("Cette compagnie n'existe pas.");
    return toCompanyView(row);
  }

  async create(
    scope: PortfolioScope,
    context: ActorContext,
    values: CompanyValues,
  ): Promise<CompanyView> {
    try {
      const row = await this.db.transaction(async (tx) => {
        const created = await insertCompany(tx, scope.organizationId, values);
        await recordAudit(tx, context, {
          action: 'company.created',
          targetType: 'company',
          targetId: created.id,
          changes: { name: created.name, code: created.code },
        });
        return created;
      });
      return toCompanyView(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw DUPLICATE_CODE();
      throw error;
    }
  }

  async update(
    scope: PortfolioScope,
    context: ActorContext,
    id: string,
    values: Partial<CompanyValues>,
    expected: ExpectedVersion,
  ): Promise<CompanyView> {
    const current = await findCompany(this.db, scope.organizationId, id);
    if (!current) throw new NotFoundError("Cette compagnie n'existe pas.");
    assertVersion(current.version, expected);
    try {
      const row = await this.db.transaction(async (tx) => {
        const updated = await updateCompany(tx, scope.organizationId, id, current.version, values);
        if (!updated)
          throw new ConflictError(
            'stale-version',
            'La fiche a été modifiée entre-temps : rechargez-la.',
          );
        const changes = diff(current, updated, [
          'name',
          'code',
          'brokerCode',
          'contactEmail',
          'contactPhone',
          'address',
          'commissionRates',
        ]);
        if (Object.keys(changes).length > 0) {
          await recordAudit(tx, context, {
            action: 'company.updated',
            targetType: 'company',
            targetId: id,
            changes,
          });
        }
        return updated;
      });
      return toCompanyView(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw DUPLICATE_CODE();
      throw error;
    }
  }
}
