import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { loadSecrets, type Config, type Secrets } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/client.ts';
import { assertMasterKeyOpens } from './master-key-check.ts';
import { pino } from 'pino';
import { createServices } from './services.ts';
import { startTracing } from './platform/observability/tracing.ts';
import { connectRedis } from './platform/redis.ts';

export interface RunningServer {
  app: FastifyInstance;
  database: DatabaseHandle;
  secrets: Secrets;
  /** The address it listens on, e.g. http://127.0.0.1:3000. */
  url: string;
  /**
   * Stops accepting, drains in-flight requests (up to the shutdown timeout), closes the database,
   * then flushes the last spans to the trace collector.
   */
  close(): Promise<void>;
}

/**
 * Starts tracing (when configured), opens the database (and Redis), checks that the master key
 * opens what is sealed there, applies pending migrations, prepares the services, serves HTTP.
 */
export async function startServer(
  config: Config,
  secrets: Secrets = loadSecrets(config),
): Promise<RunningServer> {
  const tracing = await startTracing(config.tracing);
  const database = await openDatabase(config.database).catch(async (error: unknown) => {
    await tracing.shutdown();
    throw error;
  });
  const redis = config.redisUrl ? connectRedis(config.redisUrl) : undefined;
  const closeResources = async () => {
    try {
      await database.close();
      if (redis) await redis.quit().catch(() => redis.disconnect());
    } finally {
      await tracing.shutdown();
    }
  };
  try {
    // Before any write: a master key that is not the data's would seal new keys under itself.
    const keyCheck = await assertMasterKeyOpens(database.db, secrets, config.dataDir);
    await database.migrate();
    const app = (await buildApp(config, {
      database,
      secrets,
      redis,
      tracing,
    })) as unknown as FastifyInstance;
    tracing.reportErrorsTo(app.log);
    if (keyCheck.warning) app.log.error(keyCheck.warning);
    await app.services.start();
    const url = await app.listen({ host: config.http.host, port: config.http.port });
    // Start Chromium now rather than on the first document (a cold start takes seconds), and say
    // at once when PDFs cannot be printed on this machine.
    const warming = Date.now();
    void app.services.renderer
      .render({ html: '<!doctype html><html lang="fr"><title>Préchauffage</title></html>' })
      .then(
        () => app.log.info({ durationMs: Date.now() - warming }, 'PDF renderer ready'),
        (error: unknown) =>
          app.log.warn({ err: error }, 'PDF renderer unavailable: documents in PDF will fail'),
      );
    // Jobs and schedules (audit checkpoints, the nightly sweeps) run here unless worker processes
    // run them (JOBS_INLINE=false); this process enqueues either way.
    await app.services.startJobs({ work: config.jobs.inline });
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        const timer = setTimeout(() => {
          app.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out');
          app.server.closeAllConnections();
        }, config.shutdownTimeoutMs);
        try {
          await app.close();
        } finally {
          clearTimeout(timer);
          await closeResources();
        }
      })());
    return { app, database, secrets, url, close };
  } catch (error) {
    await closeResources();
    throw error;
  }
}

export interface RunningWorker {
  /** Stops taking jobs, lets the running ones stop at their next item, closes everything. */
  close(): Promise<void>;
}

/**
 * `monassurance worker`: runs jobs and schedules against PostgreSQL, next to API instances
 * started with JOBS_INLINE=false. The embedded database has one process: its `serve` runs them.
 */
export async function startWorker(
  config: Config,
  secrets: Secrets = loadSecrets(config),
): Promise<RunningWorker> {
  assertWorkerDatabase(config);
  const tracing = await startTracing(config.tracing);
  const database = await openDatabase(config.database);
  const redis = config.redisUrl ? connectRedis(config.redisUrl) : undefined;
  const logger = pino({ level: config.logLevel, base: { process: 'worker' } });
  const services = createServices(config, { database, secrets, redis, logger });
  const closeAll = async () => {
    try {
      await services.close();
    } finally {
      await database.close();
      if (redis) await redis.quit().catch(() => redis.disconnect());
      await tracing.shutdown();
    }
  };
  try {
    await assertMasterKeyOpens(database.db, secrets, config.dataDir);
    await database.migrate();
    await services.start();
    await services.startJobs({ work: true });
  } catch (error) {
    await closeAll();
    throw error;
  }
  logger.info({ workerId: services.jobs.workerId }, 'worker started: running jobs and schedules');
  let closing: Promise<void> | undefined;
  return {
    close: () =>
      (closing ??= (async () => {
        logger.info('worker stopping: running jobs go back in line at their next item');
        await closeAll();
      })()),
  };
}

/** Refuses the embedded database, before anything is opened or written (secrets included). */
export function assertWorkerDatabase(config: Config): void {
  if (config.database.driver === 'pglite') {
    throw new WorkerNeedsPostgresError(
      `the embedded database (${config.database.dataDir}) belongs to one process, whose \`monassurance serve\` runs the jobs itself: set DATABASE_URL to run separate workers.`,
    );
  }
}

/** `worker` was started on the embedded database. */
export class WorkerNeedsPostgresError extends Error {
  override name = 'WorkerNeedsPostgresError';
}
