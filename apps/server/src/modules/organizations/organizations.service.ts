import type { Database } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { ConflictError, FieldValidationError } from '../../platform/errors.ts';
import { recordAudit, type ActorContext } from '../audit/index.ts';
import { insertUser, toUserView, type UserCredentials, type UserView } from '../users/index.ts';
import {
  countOrganizations,
  insertOrganization,
  lockSetup,
  type OrganizationRow,
} from './organizations.repository.ts';

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
  ) {}

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
        const user = await insertUser(tx, {
          organizationId: organization.id,
          email,
          fullName: input.fullName.trim(),
          role: 'admin',
          passwordHash,
        });
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
