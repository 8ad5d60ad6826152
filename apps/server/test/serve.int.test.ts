import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.ts';
import { createTestDatabase } from '../src/test-support/database.ts';

describe('monassurance serve on the suite’s database driver', () => {
  it('migrates, serves and reports ready, then stops', async () => {
    // On PostgreSQL (TEST_DATABASE_URL) this is a real server on DATABASE_URL; on PGlite, DATA_DIR.
    const database = await createTestDatabase();
    const env: Record<string, string> = {
      LOG_LEVEL: 'silent',
      PORT: '0',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'monassurance-serve-')),
      ...(database.url ? { DATABASE_URL: database.url } : {}),
      ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    };
    const running: { url: string; stop: () => Promise<void> }[] = [];
    const out: string[] = [];
    try {
      const code = await runCli(['serve'], {
        env,
        out: (l) => out.push(l),
        err: (l) => out.push(l),
        onLongRunning: (r) => running.push(r),
      });
      expect(code).toBe(0);
      const res = await fetch(`${running[0]!.url}/health/ready`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { checks: Record<string, { status: string } | undefined> };
      expect(body).toMatchObject({ checks: { database: { status: 'up' } } });
      // With a Redis in the environment (CI), the server shares its state there and probes it.
      expect(body.checks.redis?.status).toBe(process.env.TEST_REDIS_URL ? 'up' : undefined);
    } finally {
      await running[0]?.stop();
      await database.close();
    }
  }, 60_000);
});
