import type { Redis } from 'ioredis';
import { pino } from 'pino';
import type { Config, Secrets } from './config.ts';
import type { DatabaseHandle, PgliteHandle } from './db/client.ts';
import {
  AccessTokens,
  AuthService,
  checkPasswordPolicy,
  createRevocations,
  hashPassword,
  SigningKeyRing,
} from './modules/auth/index.ts';
import { AuditService, CLI_CONTEXT, type CheckpointLog } from './modules/audit/index.ts';
import type { ActorContext } from './platform/request-context.ts';
import { ClientsService } from './modules/clients/index.ts';
import { CompaniesService } from './modules/companies/index.ts';
import { GdprService } from './modules/gdpr/index.ts';
import { ImportsService } from './modules/imports/index.ts';
import { OrganizationsService } from './modules/organizations/index.ts';
import { PoliciesService } from './modules/policies/index.ts';
import { UsersService, type UserCredentials } from './modules/users/index.ts';
import {
  DocumentBatches,
  DocumentComposer,
  DocumentsService,
  RenderDataBuilder,
} from './modules/documents/index.ts';
import { JobsService } from './modules/jobs/index.ts';
import { DEFAULT_JOBS_OPTIONS, Jobs, type JobsLog } from './platform/jobs/index.ts';
import { createTemplateRenderPool, TemplatesService } from './modules/templates/index.ts';
import {
  cabinetsWithoutStarters,
  installStartersOnce,
  listOrganizationIds,
} from './modules/organizations/index.ts';
import { deriveKey } from './platform/crypto/index.ts';
import type { Metrics } from './platform/observability/metrics.ts';
import { createPdfRenderer } from './platform/renderer/index.ts';
import {
  createObjectStore,
  EncryptedObjectStore,
  StorageKeyRing,
} from './platform/storage/index.ts';
import {
  FallbackThrottleStore,
  LoginThrottle,
  MemoryThrottleStore,
  RedisThrottleStore,
} from './platform/rate-limit/login-throttle.ts';
import { circuitFor } from './platform/redis.ts';

export interface ServiceDependencies {
  database: DatabaseHandle;
  secrets: Secrets;
  /** Shared state of several instances; absent in embedded mode (in-memory stores). */
  redis?: Redis | undefined;
  /** Document and renderer metrics; none when absent (CLI). */
  metrics?: Metrics | undefined;
  /** The log stream (signed audit checkpoints are written there); absent: standard error (CLI). */
  logger?: (CheckpointLog & JobsLog) | undefined;
}

/** Every service of the product, wired once; used by the HTTP app, the CLI and the tests. */
export function createServices(config: Config, deps: ServiceDependencies) {
  const { db } = deps.database;
  // Redis with the database behind it, or memory (ADR 0012).
  const { store: revocations, warm: warmRevocations } = createRevocations(db, {
    accessTokenTtlSeconds: config.auth.accessTokenTtlSeconds,
    redis: deps.redis,
    // Operators see token checks move to the database and back.
    onSourceChange: (source) =>
      source === 'redis'
        ? deps.logger?.info(
            { revocations: source },
            'Redis refilled with revocations: believed again',
          )
        : deps.logger?.warn(
            { revocations: source },
            'Redis down, restarted or flushed: token revocations are checked in the database',
          ),
  });
  const throttle = new LoginThrottle(
    deps.redis
      ? new FallbackThrottleStore(new RedisThrottleStore(deps.redis), circuitFor(deps.redis))
      : new MemoryThrottleStore(),
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
  const storageKeys = new StorageKeyRing(db, deps.secrets.masterKey);
  const objects = createObjectStore(config.storage);
  const files = new EncryptedObjectStore(objects, storageKeys);
  // Chromium starts on the first PDF, not with the process.
  const renderer = createPdfRenderer({
    chromiumPath: config.documents.chromiumPath,
    poolSize: config.documents.rendererPoolSize,
    renderTimeoutMs: config.documents.renderTimeoutMs,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });
  // Templates render in worker threads (started on the first render), admitted per cabinet.
  const templateWorkers = createTemplateRenderPool({
    size: config.documents.templateWorkers,
    memoryMiB: config.documents.templateWorkerMemoryMiB,
  });
  const templates = new TemplatesService(db, templateWorkers);
  const documents = new DocumentsService({
    db,
    templates,
    composer: new DocumentComposer(templateWorkers, renderer, deps.metrics),
    renderData: new RenderDataBuilder(db, clients, policies),
    store: files,
    keys: storageKeys,
    publicUrl: config.documents.publicUrl,
    metrics: deps.metrics,
  });
  // The queue shares PGlite's one connection; on PostgreSQL it has a small pool of its own.
  const log = deps.logger ?? pino({ level: config.logLevel }, pino.destination(2));
  const jobs = new Jobs(
    db,
    deps.database.driver === 'pglite'
      ? { pglite: (deps.database as PgliteHandle).client }
      : { url: deps.database.url ?? '' },
    {
      pollingIntervalSeconds: config.jobs.pollSeconds,
      staleSeconds: config.jobs.staleSeconds,
      concurrency: config.jobs.concurrency,
      maxAttempts: DEFAULT_JOBS_OPTIONS.maxAttempts,
    },
    { metrics: deps.metrics, log },
  );
  const batches = new DocumentBatches({
    db,
    documents,
    templates,
    composer: documents.composer,
    policies,
    jobs,
  });
  jobs.define(batches.definition());
  const audit = new AuditService({
    db,
    signer: keys,
    masterKey: deps.secrets.masterKey,
    anchors: objects,
    log,
    parallel: deps.database.url
      ? { databaseUrl: deps.database.url, workers: config.audit.verifyWorkers }
      : undefined,
  });
  // Schedules fire once per cluster, in a process that works jobs (ADR 0015).
  const scheduler: ActorContext = { ...CLI_CONTEXT, userAgent: 'monassurance-scheduler' };
  if (config.audit.checkpointMinutes > 0) {
    jobs.defineSchedule({
      name: 'audit-checkpoints',
      cron: cronEvery(config.audit.checkpointMinutes),
      run: async () => {
        const chains = await audit.checkpointHeads();
        if (chains.length > 0) log.info({ chains: chains.length }, 'audit checkpoints signed');
      },
    });
  }
  jobs.defineSchedule({
    name: 'portfolio-sweep',
    cron: '15 2 * * *',
    run: async () => {
      for (const organizationId of await listOrganizationIds(db)) {
        const counts = await policies.sweep(organizationId, { ...scheduler, organizationId });
        if (counts.renewed + counts.expired + counts.failed > 0) {
          log.info({ organizationId, ...counts }, 'portfolio sweep');
        }
      }
    },
  });
  jobs.defineSchedule({
    name: 'retention-purge',
    cron: '45 3 * * *',
    run: async () => {
      const links = await documents.purgeExpiredLinks();
      log.info({ links }, 'retention purge: expired download links deleted');
    },
  });
  return {
    db,
    audit,
    companies: new CompaniesService(db),
    clients,
    policies,
    // PGlite's one connection is held by a transaction: imports commit chunk by chunk there.
    imports: new ImportsService(db, policies, {
      commitMode: deps.database.driver === 'pglite' ? 'per-chunk' : 'one-transaction',
    }),
    gdpr: new GdprService(db, clients),
    revocations,
    throttle,
    keys,
    tokens,
    auth,
    users: new UsersService(db, credentials),
    organizations: new OrganizationsService(db, credentials, (tx, organizationId) =>
      installStartersOnce(tx, organizationId, (t) =>
        templates.installStarters(t, organizationId),
      ).then(() => undefined),
    ),
    templates,
    documents,
    batches,
    /** The queue (enqueue, work, schedules). */
    jobs,
    /** Jobs as users see them (list, cancel, retry, events). */
    jobsView: new JobsService(db, jobs),
    storageKeys,
    objects,
    files,
    renderer,
    templateWorkers,
    /**
     * Start-up work that needs the database: the first signing key, recent revocations, the
     * starter templates of cabinets created before they existed.
     */
    async start(): Promise<void> {
      await keys.ensureActiveKey();
      // Keys the audit chains the first time (ADR 0013), then opens their key.
      await audit.open();
      await warmRevocations();
      // Once per cabinet (migration 0008 marked the cabinets that had them): never again at boot.
      for (const organizationId of await cabinetsWithoutStarters(db)) {
        await db.transaction((tx) =>
          installStartersOnce(tx as never, organizationId, (t) =>
            templates.installStarters(t, organizationId),
          ),
        );
      }
    },
    /**
     * Connects the job queue: `work` runs jobs and schedules in this process (embedded `serve`,
     * `worker`); without it, this process only enqueues.
     */
    startJobs(mode: { work: boolean }): Promise<void> {
      return jobs.start(mode);
    },
    /** Releases what the services hold outside the database (Chromium, storage clients). */
    async close(): Promise<void> {
      // Running jobs stop at their next item and go back in line before their tools close.
      await jobs.stop(config.shutdownTimeoutMs);
      await Promise.all([renderer.close(), templateWorkers.close()]);
      await objects.close();
    },
  };
}

export type Services = ReturnType<typeof createServices>;

/** A cron expression firing every `minutes` (rounded to what cron can say: minutes or hours). */
export function cronEvery(minutes: number): string {
  if (minutes < 60) return `*/${minutes} * * * *`;
  if (minutes < 1440) return `0 */${Math.max(1, Math.round(minutes / 60))} * * *`;
  return '0 3 * * *';
}
