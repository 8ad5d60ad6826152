import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { UserRole } from '../../db/schema/index.ts';
import { ForbiddenError, UnauthorizedError } from '../../platform/errors.ts';
import type { AccessTokens } from './access-tokens.ts';

const BEARER = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i;

/** Decorates the app with `authenticate` and `requireRole(...)` hooks (see platform/request-context). */
export const authPlugin = fp<{
  tokens: AccessTokens;
  /** Runs once the token is verified (the per-user rate limit); may throw a problem. */
  afterAuthenticate?: (request: FastifyRequest) => Promise<void>;
}>(
  async (app: FastifyInstance, { tokens, afterAuthenticate }) => {
    app.decorateRequest('auth', null);
    app.decorate('authenticate', async (request: FastifyRequest) => {
      const match = BEARER.exec(request.headers.authorization ?? '');
      if (!match?.[1])
        throw new UnauthorizedError('Authentification requise : fournissez un jeton Bearer.');
      request.auth = await tokens.verify(match[1]);
      // Every later log line of the request says whose it is.
      (request.log as FastifyBaseLogger & { setBindings(b: object): void }).setBindings({
        organizationId: request.auth.org,
        userId: request.auth.sub,
      });
      await afterAuthenticate?.(request);
    });
    app.decorate('requireRole', (...roles: UserRole[]) => async (request: FastifyRequest) => {
      if (!request.auth) throw new UnauthorizedError();
      if (!roles.includes(request.auth.role)) throw new ForbiddenError();
    });
  },
  { name: 'monassurance-auth' },
);
