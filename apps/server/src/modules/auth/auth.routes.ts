import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { NotFoundError, problemResponses, UnauthorizedError } from '../../platform/errors.ts';
import type { Database } from '../../db/client.ts';
import { findOrganization } from '../organizations/index.ts';
import { findUserById, toUserView } from '../users/index.ts';
import { actorContext, authOf, BEARER } from '../../platform/request-context.ts';
import {
  ChangePasswordBody,
  Jwks,
  Me,
  LoginBody,
  NoContent,
  RefreshBody,
  RotatedKey,
  SessionList,
  SessionParams,
} from './auth.schemas.ts';
import type { AuthService, TokenPair } from './auth.service.ts';
import type { SigningKeyRing } from './signing-keys.ts';

/** The web app's refresh token lives here: HttpOnly, SameSite=Strict, only sent to the auth routes. */
export const REFRESH_COOKIE = 'ma_refresh';
const COOKIE_PATH = '/api/v1/auth';
const TRANSPORT_HEADER = 'x-token-transport';

export interface AuthRoutesOptions {
  auth: AuthService;
  keys: SigningKeyRing;
  db: Database;
  /** Requests per minute per IP on login and refresh (on top of the per-account throttle). */
  loginRateLimitPerMinute: number;
}

function wantsCookie(request: FastifyRequest): boolean {
  return request.headers[TRANSPORT_HEADER] === 'cookie';
}

function sendPair(request: FastifyRequest, reply: FastifyReply, pair: TokenPair) {
  const body = {
    accessToken: pair.accessToken,
    tokenType: pair.tokenType,
    expiresIn: pair.expiresIn,
  };
  if (!wantsCookie(request)) return { ...body, refreshToken: pair.refreshToken };
  reply.setCookie(REFRESH_COOKIE, pair.refreshToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: COOKIE_PATH,
  });
  return body;
}

export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (
  app,
  { auth, keys, db, loginRateLimitPerMinute },
) => {
  // Per address, on top of the per-account throttle of the service.
  const strict = app.rateLimit({
    max: loginRateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `login:${request.ip}`,
  });
  app.post(
    '/api/v1/auth/login',
    {
      onRequest: [strict],
      schema: {
        operationId: 'login',
        summary: 'Sign in with e-mail and password; returns an access token and a refresh token.',
        description:
          'With `X-Token-Transport: cookie` (the web app) the refresh token is set as an HttpOnly, SameSite=Strict cookie instead of returned. Failed attempts are throttled per account, IP and both (429 with Retry-After).',
        tags: ['auth'],
        body: LoginBody,
        // 503: the signing key does not open with this server's master key (ADR 0014).
        response: { 200: Type.Ref('TokenPair'), ...problemResponses(400, 401, 429, 503) },
      },
    },
    async (request, reply) =>
      sendPair(request, reply, await auth.login(request.body, actorContext(request))),
  );

  app.post(
    '/api/v1/auth/refresh',
    {
      onRequest: [strict],
      schema: {
        operationId: 'refreshToken',
        summary: 'Exchange a refresh token for a new pair (the old refresh token stops working).',
        description:
          'Replaying an already exchanged refresh token ends its session, except within a few seconds of the exchange, when the same successor is returned (two tabs racing).',
        tags: ['auth'],
        body: RefreshBody,
        response: { 200: Type.Ref('TokenPair'), ...problemResponses(400, 401, 429, 503) },
      },
    },
    async (request, reply) => {
      const token = request.body?.refreshToken ?? request.cookies[REFRESH_COOKIE];
      if (!token)
        throw new UnauthorizedError('Jeton de rafraîchissement manquant.', 'invalid-refresh-token');
      return sendPair(request, reply, await auth.refresh(token, actorContext(request)));
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'logout',
        summary: 'End the current session and revoke the presented access token.',
        tags: ['auth'],
        security: BEARER,
        body: RefreshBody,
        response: { 204: NoContent, ...problemResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const token = request.body?.refreshToken ?? request.cookies[REFRESH_COOKIE];
      await auth.logout(authOf(request), token, actorContext(request));
      reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/logout-all',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'logoutAll',
        summary: 'End every session of the signed-in user, on every device.',
        tags: ['auth'],
        security: BEARER,
        response: { 204: NoContent, ...problemResponses(401) },
      },
    },
    async (request, reply) => {
      await auth.logoutAll(authOf(request), actorContext(request));
      reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/sessions',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'listSessions',
        summary: 'List the open sessions of the signed-in user.',
        tags: ['auth'],
        security: BEARER,
        response: { 200: SessionList, ...problemResponses(401) },
      },
    },
    async (request) => {
      const sessions = await auth.listSessions(authOf(request));
      return {
        items: sessions.map((s) => ({
          ...s,
          createdAt: s.createdAt.toISOString(),
          lastUsedAt: s.lastUsedAt.toISOString(),
          expiresAt: s.expiresAt.toISOString(),
        })),
      };
    },
  );

  app.delete(
    '/api/v1/auth/sessions/:id',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'revokeSession',
        summary: 'End one of your sessions (its tokens stop working within a second).',
        tags: ['auth'],
        security: BEARER,
        params: SessionParams,
        response: { 204: NoContent, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await auth.revokeSession(authOf(request), request.params.id, actorContext(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'getMe',
        summary: 'The signed-in user and their cabinet.',
        tags: ['auth'],
        security: BEARER,
        response: { 200: Me, ...problemResponses(401) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const user = await findUserById(db, auth.sub);
      const organization = user ? await findOrganization(db, user.organizationId) : undefined;
      if (!user || !organization) throw new NotFoundError();
      return {
        user: toUserView(user),
        organization: { id: organization.id, name: organization.name },
      };
    },
  );

  app.post(
    '/api/v1/me/password',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'changeMyPassword',
        summary: 'Change your password (current one required); your other sessions end.',
        tags: ['auth'],
        security: BEARER,
        body: ChangePasswordBody,
        response: { 204: NoContent, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      await auth.changePassword(authOf(request), request.body, actorContext(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        operationId: 'getJwks',
        summary: 'Public keys that verify access tokens, including recently retired ones.',
        tags: ['auth'],
        response: { 200: Jwks, ...problemResponses() },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return keys.jwks();
    },
  );

  app.post(
    '/api/v1/admin/keys/rotate',
    {
      onRequest: [app.authenticate, app.requireRole('admin')],
      schema: {
        operationId: 'rotateSigningKeys',
        summary: 'Activate a new token-signing key; nobody is logged out.',
        tags: ['admin'],
        security: BEARER,
        response: { 200: RotatedKey, ...problemResponses(401, 403) },
      },
    },
    async (request) => auth.rotateKeys(actorContext(request)),
  );
};
