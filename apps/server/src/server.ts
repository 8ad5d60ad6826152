import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { loadSecrets, type Config, type Secrets } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/client.ts';

export interface RunningServer {
  app: FastifyInstance;
  database: DatabaseHandle;
  secrets: Secrets;
  /** The address it listens on, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Stops accepting, drains in-flight requests (up to the shutdown timeout), closes the database. */
  close(): Promise<void>;
}

/** Opens the database, applies pending migrations, and serves HTTP. */
export async function startServer(config: Config): Promise<RunningServer> {
  const secrets = loadSecrets(config);
  const database = await openDatabase(config.database);
  try {
    await database.migrate();
    const app = (await buildApp(config, { database })) as unknown as FastifyInstance;
    const url = await app.listen({ host: config.http.host, port: config.http.port });
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
          await database.close();
        }
      })());
    return { app, database, secrets, url, close };
  } catch (error) {
    await database.close();
    throw error;
  }
}
