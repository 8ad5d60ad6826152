import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { hmac, sha256Hex, randomToken } from '../../platform/crypto/index.ts';
import {
  FieldValidationError,
  NotFoundError,
  TooManyRequestsError,
  UnauthorizedError,
} from '../../platform/errors.ts';
import { withSpan } from '../../platform/observability/tracing.ts';
import type { LoginThrottle } from '../../platform/rate-limit/login-throttle.ts';
import type { RevocationStore } from '../../platform/revocation/revocation-store.ts';
import { recordAudit, type ActorContext } from '../audit/index.ts';
import {
  changePasswordHash,
  findUserByEmail,
  findUserById,
  recordSignIn,
  refuseTokensIssuedBefore,
  type UserRow,
} from '../users/index.ts';
import type { AccessTokenClaims, AccessTokens } from './access-tokens.ts';
import { describeDevice } from './device.ts';
import {
  checkPasswordPolicy,
  hashPassword,
  needsRehash,
  verifyAgainstDummy,
  verifyPassword,
} from './passwords.ts';
import {
  findRefreshToken,
  findTokenByHash,
  insertRefreshToken,
  insertSession,
  listOpenSessions,
  markRotated,
  revokeSessions,
  touchSession,
  type SessionRow,
} from './sessions.repository.ts';
import type { SigningKeyRing } from './signing-keys.ts';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  sessionId: string;
}

export interface SessionView {
  id: string;
  deviceLabel: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  current: boolean;
}

export interface AuthServiceDeps {
  db: Database;
  tokens: AccessTokens;
  keys: SigningKeyRing;
  revocations: RevocationStore;
  throttle: LoginThrottle;
  /** Derives each refresh token from its predecessor, so a replay in the grace window gets the same one. */
  refreshChainKey: Buffer;
  settings: Config['auth'];
  clock?: () => number;
}

const INVALID_CREDENTIALS = 'Adresse e-mail ou mot de passe incorrect.';
const SESSION_ENDED = 'Session terminée : reconnectez-vous.';

/** Sign-in, refresh-token rotation with reuse detection, sessions, logout and key rotation. */
export class AuthService {
  private readonly clock: () => number;

  constructor(private readonly deps: AuthServiceDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  async login(
    input: { email: string; password: string; deviceLabel?: string },
    context: ActorContext,
  ): Promise<TokenPair> {
    const { db, throttle } = this.deps;
    const attempt = { email: input.email.toLowerCase(), ip: context.ip ?? 'unknown' };
    const wait = await throttle.retryAfterMs(attempt);
    if (wait > 0) {
      throw new TooManyRequestsError(
        wait,
        'Trop de tentatives de connexion : réessayez plus tard.',
      );
    }
    const user = await findUserByEmail(db, attempt.email);
    // An unknown or inactive account costs the same hashing time as a wrong password.
    const valid = user
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyAgainstDummy(input.password);
    if (!user || !valid || !user.active) {
      await throttle.recordFailure(attempt);
      await recordAudit(db, context, {
        action: 'auth.login_failed',
        organizationId: user?.organizationId ?? null,
        actorId: null,
        targetType: 'user',
        ...(user ? { targetId: user.id } : {}),
        changes: {
          email: attempt.email,
          reason: !user ? 'unknown_account' : !valid ? 'wrong_password' : 'inactive_account',
        },
      });
      throw new UnauthorizedError(INVALID_CREDENTIALS, 'invalid-credentials');
    }
    await throttle.recordSuccess(attempt);
    const now = new Date(this.clock());
    const refreshToken = randomToken(32);
    const session = await db.transaction(async (tx) => {
      const created = await insertSession(
        tx,
        {
          organizationId: user.organizationId,
          userId: user.id,
          deviceLabel: (input.deviceLabel?.trim() || describeDevice(context.userAgent)).slice(
            0,
            100,
          ),
          ip: context.ip,
          userAgent: context.userAgent?.slice(0, 512) ?? null,
          expiresAt: new Date(now.getTime() + this.deps.settings.refreshAbsoluteTtlSeconds * 1000),
        },
        sha256Hex(refreshToken),
      );
      await recordSignIn(
        tx,
        user.id,
        now,
        needsRehash(user.passwordHash) ? await hashPassword(input.password) : undefined,
      );
      await recordAudit(tx, context, {
        action: 'auth.login',
        organizationId: user.organizationId,
        actorId: user.id,
        targetType: 'session',
        targetId: created.id,
      });
      return created;
    });
    return this.pair(user, session.id, refreshToken);
  }

  refresh(refreshToken: string, context: ActorContext): Promise<TokenPair> {
    return withSpan('auth.refresh', {}, () => this.rotateRefreshToken(refreshToken, context));
  }

  /** Exchanges a refresh token for its successor (or detects its replay). */
  private async rotateRefreshToken(
    refreshToken: string,
    context: ActorContext,
  ): Promise<TokenPair> {
    const { db, settings } = this.deps;
    const now = this.clock();
    const found = await findRefreshToken(db, sha256Hex(refreshToken));
    if (!found)
      throw new UnauthorizedError('Jeton de rafraîchissement inconnu.', 'invalid-refresh-token');
    const { session, token } = found;
    if (!this.isOpen(session, now)) throw new UnauthorizedError(SESSION_ENDED, 'session-ended');
    const user = await findUserById(db, session.userId);
    if (!user?.active) throw new UnauthorizedError(SESSION_ENDED, 'session-ended');

    const successor = hmac(this.deps.refreshChainKey, refreshToken);
    const rotated = await db.transaction(async (tx) => {
      if (!(await markRotated(tx, token.id, new Date(now)))) return false;
      await insertRefreshToken(tx, session.id, sha256Hex(successor));
      await touchSession(tx, session.id, new Date(now));
      return true;
    });
    if (rotated) return this.pair(user, session.id, successor);

    // Already exchanged: a racing tab within the grace window gets the same successor; anything
    // else is a replay of a stolen token, and the whole family dies.
    const [current, successorRow] = await Promise.all([
      findRefreshToken(db, sha256Hex(refreshToken)),
      findTokenByHash(db, sha256Hex(successor)),
    ]);
    const rotatedAt = current?.token.rotatedAt?.getTime() ?? 0;
    const inGrace = now - rotatedAt <= settings.refreshReuseGraceSeconds * 1000;
    if (inGrace && successorRow && successorRow.rotatedAt === null) {
      return this.pair(user, session.id, successor);
    }
    await db.transaction(async (tx) => {
      await revokeSessions(
        tx,
        { userId: user.id, sessionId: session.id },
        'reuse_detected',
        new Date(now),
      );
      await recordAudit(tx, context, {
        action: 'auth.refresh_reuse_detected',
        organizationId: user.organizationId,
        actorId: null,
        targetType: 'session',
        targetId: session.id,
      });
    });
    await this.deps.revocations.revokeSession(session.id, this.accessHorizon(now));
    throw new UnauthorizedError(
      'Ce jeton de rafraîchissement a déjà servi : la session a été fermée par sécurité.',
      'refresh-token-reused',
    );
  }

  async logout(
    claims: AccessTokenClaims,
    refreshToken: string | undefined,
    context: ActorContext,
  ): Promise<void> {
    const { db, revocations } = this.deps;
    const now = this.clock();
    const sessionIds = new Set([claims.sid]);
    if (refreshToken) {
      const found = await findRefreshToken(db, sha256Hex(refreshToken));
      if (found?.session.userId === claims.sub) sessionIds.add(found.session.id);
    }
    await db.transaction(async (tx) => {
      for (const sessionId of sessionIds) {
        await revokeSessions(tx, { userId: claims.sub, sessionId }, 'logout', new Date(now));
      }
      await recordAudit(tx, context, {
        action: 'auth.logout',
        targetType: 'session',
        targetId: claims.sid,
      });
    });
    // Past exp by more than the verifier's clock tolerance, so the token never comes back to life.
    await revocations.revokeToken(claims.jti, claims.exp + 60);
    for (const sessionId of sessionIds)
      await revocations.revokeSession(sessionId, this.accessHorizon(now));
  }

  async logoutAll(claims: AccessTokenClaims, context: ActorContext): Promise<void> {
    const afterCommit = await this.deps.db.transaction(async (tx) => {
      const done = await this.endAllSessions(tx, claims.sub, 'logout_all');
      await recordAudit(tx, context, {
        action: 'auth.logout_all',
        targetType: 'user',
        targetId: claims.sub,
      });
      return done;
    });
    await afterCommit();
  }

  /**
   * In the caller's transaction: ends every session of the user and refuses their access tokens
   * issued until now. Returns what to run once the transaction has committed (the shared
   * revocation store, seen by every instance).
   */
  async endAllSessions(tx: Database, userId: string, reason: string): Promise<() => Promise<void>> {
    const now = this.clock();
    const validAfter = Math.ceil(now / 1000);
    const ids = await revokeSessions(tx, { userId }, reason, new Date(now));
    await refuseTokensIssuedBefore(tx, userId, new Date(validAfter * 1000));
    return async () => {
      await this.deps.revocations.setUserValidAfter(userId, validAfter, this.accessHorizon(now));
      for (const id of ids) await this.deps.revocations.revokeSession(id, this.accessHorizon(now));
    };
  }

  /** Access tokens issued until now are refused (role change); sessions stay, so a refresh gets the new role. */
  async cutAccessTokens(tx: Database, userId: string): Promise<() => Promise<void>> {
    const now = this.clock();
    const validAfter = Math.ceil(now / 1000);
    await refuseTokensIssuedBefore(tx, userId, new Date(validAfter * 1000));
    return () =>
      this.deps.revocations.setUserValidAfter(userId, validAfter, this.accessHorizon(now));
  }

  async listSessions(claims: AccessTokenClaims): Promise<SessionView[]> {
    const rows = await listOpenSessions(this.deps.db, claims.sub, new Date(this.clock()));
    return rows
      .filter((row) => this.isOpen(row, this.clock()))
      .map((row) => ({
        id: row.id,
        deviceLabel: row.deviceLabel,
        ip: row.ip,
        userAgent: row.userAgent,
        createdAt: row.createdAt,
        lastUsedAt: row.lastUsedAt,
        expiresAt: row.expiresAt,
        current: row.id === claims.sid,
      }));
  }

  async revokeSession(
    claims: AccessTokenClaims,
    sessionId: string,
    context: ActorContext,
  ): Promise<void> {
    const now = this.clock();
    const revoked = await this.deps.db.transaction(async (tx) => {
      const ids = await revokeSessions(
        tx,
        { userId: claims.sub, sessionId },
        'revoked_by_user',
        new Date(now),
      );
      if (ids.length > 0) {
        await recordAudit(tx, context, {
          action: 'auth.session_revoked',
          targetType: 'session',
          targetId: sessionId,
        });
      }
      return ids.length > 0;
    });
    if (!revoked) throw new NotFoundError("Cette session n'existe pas ou est déjà fermée.");
    await this.deps.revocations.revokeSession(sessionId, this.accessHorizon(now));
  }

  async changePassword(
    claims: AccessTokenClaims,
    input: { currentPassword: string; newPassword: string },
    context: ActorContext,
  ): Promise<void> {
    const { db, throttle } = this.deps;
    const user = await findUserById(db, claims.sub);
    if (!user?.active) throw new UnauthorizedError(SESSION_ENDED, 'session-ended');
    const attempt = { email: user.email, ip: context.ip ?? 'unknown' };
    const wait = await throttle.retryAfterMs(attempt);
    if (wait > 0) throw new TooManyRequestsError(wait, 'Trop de tentatives : réessayez plus tard.');
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      await throttle.recordFailure(attempt);
      throw new FieldValidationError('/currentPassword', 'Le mot de passe actuel est incorrect.');
    }
    const problems = checkPasswordPolicy(input.newPassword, {
      email: user.email,
      fullName: user.fullName,
    });
    if (problems[0]) throw new FieldValidationError('/newPassword', problems[0].message);
    const passwordHash = await hashPassword(input.newPassword);
    const now = this.clock();
    const ended = await db.transaction(async (tx) => {
      await changePasswordHash(tx, user.id, passwordHash);
      const ids = await revokeSessions(
        tx,
        { userId: user.id, exceptSessionId: claims.sid },
        'password_changed',
        new Date(now),
      );
      await recordAudit(tx, context, {
        action: 'user.password_changed',
        targetType: 'user',
        targetId: user.id,
      });
      return ids;
    });
    for (const id of ended) await this.deps.revocations.revokeSession(id, this.accessHorizon(now));
  }

  async rotateKeys(context: ActorContext): Promise<{ kid: string }> {
    const { kid, retiredKid } = await this.deps.keys.rotate();
    await recordAudit(this.deps.db, context, {
      action: 'keys.rotated',
      targetType: 'signing_key',
      targetId: kid,
      changes: { retiredKid: retiredKid ?? null, activeKid: kid },
    });
    return { kid };
  }

  private isOpen(session: SessionRow, now: number): boolean {
    if (session.revokedAt) return false;
    if (session.expiresAt.getTime() <= now) return false;
    return session.lastUsedAt.getTime() + this.deps.settings.refreshIdleTtlSeconds * 1000 > now;
  }

  /** Until when a revocation must be remembered: every access token alive now has expired by then. */
  private accessHorizon(now: number): number {
    return Math.ceil(now / 1000) + this.deps.settings.accessTokenTtlSeconds + 60;
  }

  private async pair(user: UserRow, sessionId: string, refreshToken: string): Promise<TokenPair> {
    const { token } = await this.deps.tokens.issue({
      userId: user.id,
      organizationId: user.organizationId,
      role: user.role,
      sessionId,
    });
    return {
      accessToken: token,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.deps.tokens.ttlSeconds,
      sessionId,
    };
  }
}
