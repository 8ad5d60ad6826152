import type { Redis } from 'ioredis';
import type { Config, Secrets } from './config.ts';
import type { DatabaseHandle } from './db/client.ts';
import {
  AccessTokens,
  AuthService,
  checkPasswordPolicy,
  hashPassword,
  SigningKeyRing,
} from './modules/auth/index.ts';
import { AuditService } from './modules/audit/index.ts';
import { ClientsService } from './modules/clients/index.ts';
import { CompaniesService } from './modules/companies/index.ts';
import { GdprService } from './modules/gdpr/index.ts';
import { ImportsService } from './modules/imports/index.ts';
import { OrganizationsService } from './modules/organizations/index.ts';
import { PoliciesService } from './modules/policies/index.ts';
import {
  listRecentTokenCutoffs,
  UsersService,
  type UserCredentials,
} from './modules/users/index.ts';
import { deriveKey } from './platform/crypto/index.ts';
import {
  LoginThrottle,
  MemoryThrottleStore,
  RedisThrottleStore,
} from './platform/rate-limit/login-throttle.ts';
import {
  MemoryRevocationStore,
  RedisRevocationStore,
  type RevocationStore,
} from './platform/revocation/revocation-store.ts';

export interface ServiceDependencies {
  database: DatabaseHandle;
  secrets: Secrets;
  /** Shared state of several instances; absent in embedded mode (in-memory stores). */
  redis?: Redis | undefined;
}

/** Every service of the product, wired once; used by the HTTP app, the CLI and the tests. */
export function createServices(config: Config, deps: ServiceDependencies) {
  const { db } = deps.database;
  const revocations: RevocationStore = deps.redis
    ? new RedisRevocationStore(deps.redis)
    : new MemoryRevocationStore();
  const throttle = new LoginThrottle(
    deps.redis ? new RedisThrottleStore(deps.redis) : new MemoryThrottleStore(),
  );
  // Retired keys stay accepted while tokens they signed may live (plus caches and clock skew).
  const keys = new SigningKeyRing(
    db,
    deps.secrets.masterKey,
    (config.auth.accessTokenTtlSeconds + 120) * 1000,
  );
  const tokens = new AccessTokens(keys, revocations, config.auth.accessTokenTtlSeconds);
  const auth = new AuthService({
    db,
    tokens,
    keys,
    revocations,
    throttle,
    refreshChainKey: deriveKey(deps.secrets.masterKey, 'refresh-token-chain'),
    settings: config.auth,
  });
  const credentials: UserCredentials = {
    hashPassword,
    passwordProblem: (plain, context) => checkPasswordPolicy(plain, context)[0]?.message,
    endAllSessions: (tx, userId, reason) => auth.endAllSessions(tx, userId, reason),
    cutAccessTokens: (tx, userId) => auth.cutAccessTokens(tx, userId),
  };
  const clients = new ClientsService(db);
  const policies = new PoliciesService(db, clients, config.renewalNoticeMonths);
  return {
    db,
    audit: new AuditService(db, keys),
    companies: new CompaniesService(db),
    clients,
    policies,
    imports: new ImportsService(db, policies),
    gdpr: new GdprService(db, clients),
    revocations,
    throttle,
    keys,
    tokens,
    auth,
    users: new UsersService(db, credentials),
    organizations: new OrganizationsService(db, credentials),
    /** Start-up work that needs the database: the first signing key, recent revocations. */
    async start(): Promise<void> {
      await keys.ensureActiveKey();
      await auth.warmRevocations(listRecentTokenCutoffs);
    },
  };
}

export type Services = ReturnType<typeof createServices>;
