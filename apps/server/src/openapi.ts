import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import type { DatabaseHandle } from './db/client.ts';

const unavailable = () =>
  Promise.reject(new Error('no database while generating the OpenAPI document'));

/** The OpenAPI document as committed in apps/server/openapi.json (stable, 2-space JSON). */
export async function renderOpenApiDocument(): Promise<string> {
  const database: DatabaseHandle = {
    driver: 'pglite',
    db: undefined as never,
    migrate: unavailable,
    ping: unavailable,
    close: () => Promise.resolve(),
  };
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test' }), {
    database,
    secrets: { masterKey: Buffer.alloc(32) },
  });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
  }
}
