import type { Database } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { assertVersion, type ExpectedVersion } from '../../platform/concurrency.ts';
import {
  ConflictError,
  FieldValidationError,
  FieldsValidationError,
  NotFoundError,
  type ProblemFieldError,
} from '../../platform/errors.ts';
import { isValidSiren } from '../portfolio-domain/index.ts';
import { diff } from '../companies/index.ts';
import { recordAudit, type ActorContext } from '../audit/index.ts';
import {
  createCabinetAdmin,
  toUserView,
  type UserCredentials,
  type UserView,
} from '../users/index.ts';
import {
  countOrganizations,
  findOrganization,
  insertOrganization,
  lockSetup,
  updateOrganization,
  type OrganizationProfile,
  type OrganizationRow,
} from './organizations.repository.ts';

/** Work done in the transaction that creates a cabinet (its starter templates, …). */
export type CabinetCreatedHook = (tx: Database, organizationId: string) => Promise<void>;

export function toOrganizationView(row: OrganizationRow) {
  return {
    id: row.id,
    name: row.name,
    oriasNumber: row.oriasNumber,
    siren: row.siren,
    address: row.address,
    legalMentions: row.legalMentions,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type OrganizationView = ReturnType<typeof toOrganizationView>;

const ORIAS_NUMBER = /^\d{8}$/;

function profileProblems(values: Partial<OrganizationProfile>): ProblemFieldError[] {
  const problems: ProblemFieldError[] = [];
  if (values.oriasNumber && !ORIAS_NUMBER.test(values.oriasNumber)) {
    problems.push({
      path: '/oriasNumber',
      in: 'body',
      message: 'Le numéro ORIAS comporte 8 chiffres (sans espace).',
    });
  }
  if (values.siren && !isValidSiren(values.siren)) {
    problems.push({ path: '/siren', in: 'body', message: "Ce numéro SIREN n'est pas valide." });
  }
  return problems;
}

export interface NewCabinet {
  organizationName: string;
  email: string;
  password: string;
  fullName: string;
}

/** Cabinets: the first-run setup, and the onboarding of further cabinets by an operator. */
export class OrganizationsService {
  constructor(
    private readonly db: Database,
    private readonly credentials: Pick<UserCredentials, 'hashPassword' | 'passwordProblem'>,
    private readonly onCabinetCreated: CabinetCreatedHook = async () => {},
  ) {}

  /** The profile of the caller's cabinet (name and legal mentions printed on documents). */
  async profile(organizationId: string): Promise<OrganizationView> {
    const row = await findOrganization(this.db, organizationId);
    if (!row) throw new NotFoundError("Ce cabinet n'existe pas.");
    return toOrganizationView(row);
  }

  async updateProfile(
    organizationId: string,
    context: ActorContext,
    values: Partial<OrganizationProfile>,
    expected: ExpectedVersion,
  ): Promise<OrganizationView> {
    const problems = profileProblems(values);
    if (problems.length > 0) throw new FieldsValidationError(problems);
    const current = await findOrganization(this.db, organizationId);
    if (!current) throw new NotFoundError("Ce cabinet n'existe pas.");
    assertVersion(current.version, expected);
    const row = await this.db.transaction(async (tx) => {
      const updated = await updateOrganization(tx, organizationId, current.version, values);
      if (!updated) {
        throw new ConflictError(
          'stale-version',
          'La fiche a été modifiée entre-temps : rechargez-la.',
        );
      }
      const changes = diff(current, updated, [
        'name',
        'oriasNumber',
        'siren',
        'address',
        'legalMentions',
      ]);
      if (Object.keys(changes).length > 0) {
        await recordAudit(tx, context, {
          action: 'organization.updated',
          targetType: 'organization',
          targetId: organizationId,
          changes,
        });
      }
      return updated;
    });
    return toOrganizationView(row);
  }

  /** Whether the first-run setup is still to be done: no cabinet exists yet. */
  async setupRequired(): Promise<boolean> {
    return (await countOrganizations(this.db)) === 0;
  }

  /** First run only: creates the first cabinet and its admin; 409 once any cabinet exists. */
  setup(input: NewCabinet, context: ActorContext) {
    return this.create(input, context, true);
  }

  /** An operator onboards another cabinet with its first admin (`monassurance create-admin`). */
  createCabinet(input: NewCabinet, context: ActorContext) {
    return this.create(input, context, false);
  }

  private async create(
    input: NewCabinet,
    context: ActorContext,
    firstRunOnly: boolean,
  ): Promise<{ organization: OrganizationRow; user: UserView }> {
    const email = input.email.trim().toLowerCase();
    const problem = this.credentials.passwordProblem(input.password, {
      email,
      fullName: input.fullName,
    });
    if (problem) throw new FieldValidationError('/password', problem);
    const passwordHash = await this.credentials.hashPassword(input.password);
    try {
      return await this.db.transaction(async (tx) => {
        if (firstRunOnly) {
          await lockSetup(tx);
          if ((await countOrganizations(tx)) > 0) {
            throw new ConflictError(
              'already-set-up',
              'MONASSURANCE est déjà configuré : connectez-vous.',
            );
          }
        }
        const organization = await insertOrganization(tx, input.organizationName.trim());
        const user = await createCabinetAdmin(tx, {
          organizationId: organization.id,
          email,
          fullName: input.fullName.trim(),
          passwordHash,
        });
        await this.onCabinetCreated(tx, organization.id);
        const audited = { ...context, organizationId: organization.id };
        await recordAudit(tx, audited, {
          action: 'organization.created',
          targetType: 'organization',
          targetId: organization.id,
          changes: { name: organization.name },
        });
        await recordAudit(tx, audited, {
          action: 'user.created',
          targetType: 'user',
          targetId: user.id,
          changes: { email, fullName: user.fullName, role: 'admin' },
        });
        return { organization, user: toUserView(user) };
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          'duplicate-email',
          'Un compte existe déjà avec cette adresse e-mail.',
        );
      }
      throw error;
    }
  }
}
