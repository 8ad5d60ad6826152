// The product's app on a given database, started, with one cabinet and its signed-in admin.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../apps/server/src/app.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import type { DatabaseHandle } from '../../apps/server/src/db/client.ts';
import { CLI_CONTEXT } from '../../apps/server/src/modules/audit/index.ts';

export const BENCH_PASSWORD = 'Bench-Phrase-De-Passe-42';

export async function benchCabinet(
  database: DatabaseHandle,
  cabinet: string,
  env: Record<string, string> = {},
) {
  // Stored files go to a throw-away DATA_DIR, never into the repository.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'monassurance-bench-'));
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', DATA_DIR: dataDir, ...env });
  const app = await buildApp(config, {
    database,
    secrets: { masterKey: Buffer.alloc(32, 7) },
  });
  await app.services.start();
  const slug = cabinet.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const { organization, user } = await app.services.organizations.createCabinet(
    {
      organizationName: cabinet,
      email: `alice@${slug}.fr`,
      password: BENCH_PASSWORD,
      fullName: 'Alice Martin',
    },
    CLI_CONTEXT,
  );
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: BENCH_PASSWORD },
  });
  const headers = { authorization: `Bearer ${login.json().accessToken as string}` };
  return { app, organization, user, headers };
}
