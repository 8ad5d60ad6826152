import type { Database } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { UserRole } from '../../db/schema/index.ts';
import {
  BusinessRuleError,
  ConflictError,
  FieldValidationError,
  ForbiddenError,
  NotFoundError,
} from '../../platform/errors.ts';
import { assertVersion, type ExpectedVersion } from '../../platform/concurrency.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import { recordAudit, type ActorContext } from '../audit/index.ts';
import {
  countActiveAdmins,
  findUserById,
  findUserInOrganization,
  insertUser,
  listUsers,
  recordLogin,
  setTokensValidAfter,
  updateUser,
  type UserRow,
} from './users.repository.ts';

export interface UserView {
  id: string;
  email: string;
  fullName: string;
  role: UserRole;
  active: boolean;
  version: number;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The signed-in user, as the access token tells. */
export interface Actor {
  userId: string;
  organizationId: string;
  role: UserRole;
}

/** What the users module needs from authentication, injected to keep modules one-directional. */
export interface UserCredentials {
  hashPassword(plain: string): Promise<string>;
  /** French message of the first problem, or undefined when the password is acceptable. */
  passwordProblem(plain: string, context: { email: string; fullName: string }): string | undefined;
  /** In the transaction: end every session; returns what to run after commit. */
  endAllSessions(tx: Database, userId: string, reason: string): Promise<() => Promise<void>>;
  /** In the transaction: refuse the user's current access tokens; returns what to run after commit. */
  cutAccessTokens(tx: Database, userId: string): Promise<() => Promise<void>>;
}

const ROLE_RANK: Record<UserRole, number> = { viewer: 0, broker: 1, manager: 2, admin: 3 };

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    fullName: row.fullName,
    role: row.role,
    active: row.active,
    version: row.version,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

// Writes other modules make to a user inside their own transaction (a new cabinet's first admin,
// sign-in, credentials): named for what they mean, so that the repository stays this module's.

/** In the caller's transaction: the first user of a cabinet being created, an admin (the caller audits). */
export function createCabinetAdmin(
  tx: Database,
  values: { organizationId: string; email: string; fullName: string; passwordHash: string },
): Promise<UserRow> {
  return insertUser(tx, { ...values, role: 'admin' });
}

/** Stamps a successful sign-in, with the password's new hash when it was rehashed; not an edit. */
export function recordSignIn(
  tx: Database,
  userId: string,
  at: Date,
  rehashedPassword?: string,
): Promise<void> {
  return recordLogin(tx, userId, at, rehashedPassword);
}

/** Replaces the user's password hash; an edit of the user (its version moves). */
export async function changePasswordHash(
  tx: Database,
  userId: string,
  passwordHash: string,
): Promise<void> {
  await updateUser(tx, userId, { passwordHash });
}

/** From now on the user's access tokens issued before `at` are refused; not an edit. */
export function refuseTokensIssuedBefore(tx: Database, userId: string, at: Date): Promise<void> {
  return setTokensValidAfter(tx, userId, at);
}

/** The cabinet's users: listing, creation, role and activation changes, with their rules. */
export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly credentials: UserCredentials,
  ) {}

  async list(actor: Actor, page: { limit: number; cursor?: string }) {
    const after = page.cursor
      ? decodeCursor<{ email: string; id: string }>(page.cursor, ['email', 'id'])
      : undefined;
    const rows = await listUsers(this.db, actor.organizationId, {
      limit: page.limit + 1,
      ...(after ? { after } : {}),
    });
    return pageOf(rows, page.limit, toUserView, (last) => ({ email: last.email, id: last.id }));
  }

  async get(actor: Actor, id: string): Promise<UserView> {
    const row = await findUserInOrganization(this.db, actor.organizationId, id);
    if (!row) throw new NotFoundError("Cet utilisateur n'existe pas.");
    return toUserView(row);
  }

  async me(actor: Actor): Promise<UserRow> {
    const row = await findUserById(this.db, actor.userId);
    if (!row) throw new NotFoundError("Cet utilisateur n'existe pas.");
    return row;
  }

  async create(
    actor: Actor,
    context: ActorContext,
    input: { email: string; fullName: string; role: UserRole; password: string },
  ): Promise<UserView> {
    const email = input.email.trim().toLowerCase();
    const problem = this.credentials.passwordProblem(input.password, {
      email,
      fullName: input.fullName,
    });
    if (problem) throw new FieldValidationError('/password', problem);
    const passwordHash = await this.credentials.hashPassword(input.password);
    try {
      const row = await this.db.transaction(async (tx) => {
        const created = await insertUser(tx, {
          organizationId: actor.organizationId,
          email,
          fullName: input.fullName.trim(),
          role: input.role,
          passwordHash,
        });
        await recordAudit(tx, context, {
          action: 'user.created',
          targetType: 'user',
          targetId: created.id,
          changes: { email, fullName: created.fullName, role: created.role },
        });
        return created;
      });
      return toUserView(row);
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

  async update(
    actor: Actor,
    context: ActorContext,
    id: string,
    patch: { role?: UserRole; active?: boolean; fullName?: string },
    expected: ExpectedVersion = {},
  ): Promise<UserView> {
    const current = await findUserInOrganization(this.db, actor.organizationId, id);
    if (!current) throw new NotFoundError("Cet utilisateur n'existe pas.");
    const self = current.id === actor.userId;
    const roleChanges = patch.role !== undefined && patch.role !== current.role;
    const deactivates = patch.active === false && current.active;
    if (self && roleChanges) {
      throw new ForbiddenError('Vous ne pouvez pas modifier votre propre rôle.');
    }
    if (roleChanges && ROLE_RANK[patch.role as UserRole] > ROLE_RANK[actor.role]) {
      throw new ForbiddenError('Vous ne pouvez pas attribuer un rôle supérieur au vôtre.');
    }
    if (self && deactivates) {
      throw new BusinessRuleError(
        'self-deactivation',
        'Vous ne pouvez pas désactiver votre propre compte.',
      );
    }
    assertVersion(current.version, expected);
    const { row, afterCommit } = await this.db.transaction(async (tx) => {
      const losesAdmin =
        current.role === 'admin' &&
        current.active &&
        ((roleChanges && patch.role !== 'admin') || deactivates);
      if (losesAdmin && (await countActiveAdmins(tx, actor.organizationId)) <= 1) {
        throw new BusinessRuleError(
          'last-admin',
          'Le cabinet doit garder au moins un administrateur actif.',
        );
      }
      const updated = await updateUser(
        tx,
        id,
        {
          ...(patch.fullName !== undefined ? { fullName: patch.fullName.trim() } : {}),
          ...(patch.role !== undefined ? { role: patch.role } : {}),
          ...(patch.active !== undefined ? { active: patch.active } : {}),
        },
        current.version,
      );
      if (!updated) {
        throw new ConflictError(
          'stale-version',
          'Cet utilisateur a été modifié entre-temps : rechargez la fiche.',
        );
      }
      const changes: Record<string, unknown> = {};
      for (const field of ['fullName', 'role', 'active'] as const) {
        if (patch[field] !== undefined && patch[field] !== current[field]) {
          changes[field] = { before: current[field], after: updated[field] };
        }
      }
      const after: (() => Promise<void>)[] = [];
      if (deactivates) after.push(await this.credentials.endAllSessions(tx, id, 'deactivated'));
      else if (roleChanges) after.push(await this.credentials.cutAccessTokens(tx, id));
      const action = deactivates
        ? 'user.deactivated'
        : roleChanges
          ? 'user.role_changed'
          : 'user.updated';
      if (Object.keys(changes).length > 0) {
        await recordAudit(tx, context, { action, targetType: 'user', targetId: id, changes });
      }
      return { row: updated, afterCommit: after };
    });
    for (const run of afterCommit) await run();
    return toUserView(row);
  }
}
