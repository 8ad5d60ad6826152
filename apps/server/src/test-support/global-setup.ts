import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../db/client.ts';
import { databaseUrlFor, type TestDatabaseSource } from './database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: TestDatabaseSource;
  }
}

/**
 * Migrates one database for the whole run; every test file then clones it (a PGlite snapshot, or
 * a PostgreSQL template database) instead of paying for a fresh start and migration each time.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const template = `monassurance_tpl_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database "${template}"`);
    const handle = await openPostgres(databaseUrlFor(adminUrl, template), 2);
    await handle.migrate();
    await handle.close();
    project.provide('testDatabase', { driver: 'postgres', adminUrl, template });
    return async () => {
      await admin.query(`drop database if exists "${template}" with (force)`);
      await admin.end();
    };
  }
  const handle = await openPglite();
  await handle.migrate();
  const snapshot = await handle.client.dumpDataDir('none');
  await handle.close();
  const dir = mkdtempSync(path.join(tmpdir(), 'monassurance-test-'));
  const snapshotFile = path.join(dir, 'migrated.tar');
  writeFileSync(snapshotFile, Buffer.from(await snapshot.arrayBuffer()));
  project.provide('testDatabase', { driver: 'pglite', snapshotFile });
  return () => rmSync(dir, { recursive: true, force: true });
}
