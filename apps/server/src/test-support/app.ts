import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { buildApp } from '../app.ts';
import { loadConfig, type Config, type Environment } from '../config.ts';
import type { DatabaseHandle } from '../db/client.ts';

/** A config for tests: quiet logs, a throw-away DATA_DIR, overridable by environment names. */
export function testConfig(env: Environment = {}, overrides: Partial<Config> = {}): Config {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'monassurance-data-'));
  return {
    ...loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      // Suites sign in hundreds of times from one address; the limits have tests of their own.
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
      USER_RATE_LIMIT_PER_MINUTE: '1000000',
      LINK_RATE_LIMIT_PER_MINUTE: '1000000',
      ...env,
    }),
    ...overrides,
  };
}

export const TEST_MASTER_KEY = Buffer.alloc(32, 42);

/** The HTTP app on a test database, started (signing key created, revocations warmed). */
export async function createTestApp(
  database: DatabaseHandle,
  overrides: Partial<Config> = {},
  options: { redis?: Redis } = {},
) {
  const app = await buildApp(testConfig({}, overrides), {
    database,
    secrets: { masterKey: TEST_MASTER_KEY },
    ...(options.redis ? { redis: options.redis } : {}),
  });
  await app.services.start();
  return app;
}
