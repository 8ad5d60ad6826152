import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import type { UserRole } from '../db/schema/index.ts';
import { UnauthorizedError } from './errors.ts';
import { currentTraceId } from './observability/tracing.ts';

/** The verified access token of the request (see modules/auth). */
export interface RequestAuth {
  /** User id. */
  sub: string;
  /** Organization (cabinet) id. */
  org: string;
  role: UserRole;
  /** Session id. */
  sid: string;
  jti: string;
  iat: number;
  exp: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
  interface FastifyInstance {
    /** onRequest hook: 401 unless a valid, unrevoked bearer token is presented. */
    authenticate: onRequestHookHandler;
    /** onRequest hook (after `authenticate`): 403 unless the user has one of these roles. */
    requireRole: (...roles: UserRole[]) => onRequestHookHandler;
  }
}

/** Who acts, from where: taken once from the request (or the CLI) and handed to services. */
export interface ActorContext {
  organizationId: string | null;
  actorId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** The OpenTelemetry trace of the request, when tracing is on. */
  traceId?: string | null;
}

export function actorContext(request: FastifyRequest): ActorContext {
  return {
    organizationId: request.auth?.org ?? null,
    actorId: request.auth?.sub ?? null,
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    requestId: request.id,
    traceId: currentTraceId() ?? null,
  };
}

/** The request's verified token; for handlers behind `app.authenticate`. */
export function authOf(request: FastifyRequest): RequestAuth {
  if (!request.auth) throw new UnauthorizedError();
  return request.auth;
}

/** Which part of the portfolio a request may see: the cabinet, narrowed to a broker's own clients. */
export interface PortfolioScope {
  organizationId: string;
  /** Set for the broker role: only clients assigned to this user (and their policies). */
  brokerId?: string | undefined;
  userId: string;
  role: UserRole;
}

export function scopeOf(auth: RequestAuth): PortfolioScope {
  return {
    organizationId: auth.org,
    userId: auth.sub,
    role: auth.role,
    ...(auth.role === 'broker' ? { brokerId: auth.sub } : {}),
  };
}

/** The OpenAPI security requirement of routes behind `app.authenticate`. */
export const BEARER = [{ bearerAuth: [] }];
