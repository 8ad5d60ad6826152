import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTHeaderParameters } from 'jose';
import { USER_ROLES, type UserRole } from '../../db/schema/index.ts';
import { UnauthorizedError } from '../../platform/errors.ts';
import type { RequestAuth } from '../../platform/request-context.ts';
import type { RevocationStore } from '../../platform/revocation/revocation-store.ts';
import { SIGNING_ALGORITHM, type SigningKeyRing } from './signing-keys.ts';

export const TOKEN_ISSUER = 'monassurance';
export const TOKEN_AUDIENCE = 'monassurance-api';
const TOKEN_TYPE = 'at+jwt';

/** What a verified access token tells about its bearer. */
export type AccessTokenClaims = RequestAuth;

export interface IssueRequest {
  userId: string;
  organizationId: string;
  role: UserRole;
  sessionId: string;
}

/**
 * Issues and verifies access tokens: short-lived JWTs signed with the active Ed25519 key, checked
 * against the revocation store on every request.
 */
export class AccessTokens {
  constructor(
    private readonly keys: SigningKeyRing,
    private readonly revocations: RevocationStore,
    readonly ttlSeconds: number,
    private readonly clock: () => number = Date.now,
  ) {}

  async issue(request: IssueRequest): Promise<{ token: string; claims: AccessTokenClaims }> {
    const key = await this.keys.activeKey();
    // A token minted in the same second as a revocation must not fall under it (iat has 1 s grain).
    const validAfter = (await this.revocations.userValidAfter(request.userId)) ?? 0;
    const iat = Math.max(Math.floor(this.clock() / 1000), validAfter);
    const claims: AccessTokenClaims = {
      sub: request.userId,
      org: request.organizationId,
      role: request.role,
      sid: request.sessionId,
      jti: randomUUID(),
      iat,
      exp: iat + this.ttlSeconds,
    };
    const token = await new SignJWT({ org: claims.org, role: claims.role, sid: claims.sid })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: TOKEN_TYPE })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(claims.sub)
      .setJti(claims.jti)
      .setIssuedAt(claims.iat)
      .setExpirationTime(claims.exp)
      .sign(key.privateKey);
    return { token, claims };
  }

  /** Verifies signature, algorithm, type, issuer, audience, lifetime and revocation. */
  async verify(token: string): Promise<AccessTokenClaims> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(
        token,
        async (header: JWTHeaderParameters) => {
          const key = header.kid ? await this.keys.publicKey(header.kid) : undefined;
          if (!key)
            throw new UnauthorizedError('Jeton signé par une clé inconnue.', 'invalid-token');
          return key;
        },
        {
          algorithms: [SIGNING_ALGORITHM],
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
          typ: TOKEN_TYPE,
          currentDate: new Date(this.clock()),
          clockTolerance: 5,
          requiredClaims: ['sub', 'jti', 'iat', 'exp'],
        },
      ));
    } catch (error) {
      if (error instanceof UnauthorizedError) throw error;
      if (error instanceof joseErrors.JWTExpired) {
        throw new UnauthorizedError(
          'La session a expiré : rafraîchissez le jeton.',
          'token-expired',
        );
      }
      throw new UnauthorizedError("Le jeton d'accès est invalide.", 'invalid-token');
    }
    const claims = asClaims(payload);
    if (!claims) throw new UnauthorizedError("Le jeton d'accès est invalide.", 'invalid-token');
    if (await this.revocations.isRevoked(claims)) {
      throw new UnauthorizedError("Ce jeton d'accès a été révoqué.", 'token-revoked');
    }
    return claims;
  }
}

function asClaims(payload: Record<string, unknown>): AccessTokenClaims | undefined {
  const { sub, org, role, sid, jti, iat, exp } = payload;
  if (
    typeof sub !== 'string' ||
    typeof org !== 'string' ||
    typeof sid !== 'string' ||
    typeof jti !== 'string' ||
    typeof iat !== 'number' ||
    typeof exp !== 'number' ||
    !USER_ROLES.includes(role as UserRole)
  ) {
    return undefined;
  }
  return { sub, org, role: role as UserRole, sid, jti, iat, exp };
}
