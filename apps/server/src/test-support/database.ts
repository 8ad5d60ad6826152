import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, type DatabaseHandle } from '../db/client.ts';

export type TestDatabaseSource =
  | { driver: 'pglite'; snapshotFile: string }
  | { driver: 'postgres'; adminUrl: string; template: string };

export function databaseUrlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A migrated database of its own for one test file: PGlite restored from the run's snapshot, or
 * (with TEST_DATABASE_URL) a PostgreSQL database cloned from the run's template and dropped on close.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const source = inject('testDatabase');
  if (source.driver === 'pglite') {
    return openPglite({ loadDataDir: new Blob([readFileSync(source.snapshotFile)]) });
  }
  const name = `monassurance_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: source.adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${source.template}"`);
  } finally {
    await admin.end();
  }
  const url = databaseUrlFor(source.adminUrl, name);
  const handle = await openPostgres(url, 4);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: source.adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
