import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test-support/database.ts';
import { openDatabase, openPglite, openPostgres, type DatabaseHandle } from './client.ts';
import { DataDirLockedError } from './lock.ts';
import { organizations } from './schema/index.ts';

describe('a migrated test database', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('has the schema and round-trips a row', async () => {
    const [created] = await database.db
      .insert(organizations)
      .values({
        name: 'Cabinet Dupré',
        oriasNumber: '07000001',
        address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
      })
      .returning();
    expect(created?.id).toMatch(/^[0-9a-f-]{36}$/);
    const [read] = await database.db
      .select()
      .from(organizations)
      .where(eq(organizations.id, created!.id));
    expect(read?.address?.city).toBe('Paris');
    expect(read?.createdAt).toBeInstanceOf(Date);
  });

  it('re-running the migrations changes nothing', async () => {
    const count = async () => {
      const rows = await database.db.execute<{ n: number }>(
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      return (rows as unknown as { rows: { n: number }[] }).rows[0]!.n;
    };
    const before = await count();
    await database.migrate();
    expect(await count()).toBe(before);
    expect(before).toBeGreaterThan(0);
  });

  it('answers a ping', async () => {
    await expect(database.ping()).resolves.toBeUndefined();
  });
});

describe('embedded PGlite on disk', () => {
  it('persists across reopen and is held by one process at a time', async () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'monassurance-pg-')), 'pg');
    const first = await openDatabase({ driver: 'pglite', dataDir });
    await first.migrate();
    await first.db.insert(organizations).values({ name: 'Cabinet Martin' });
    await expect(openPglite({ dataDir })).rejects.toThrow(DataDirLockedError);
    await first.close();
    await expect(first.ping()).rejects.toThrow();

    const reopened = await openPglite({ dataDir });
    try {
      const rows = await reopened.db.select({ name: organizations.name }).from(organizations);
      expect(rows).toEqual([{ name: 'Cabinet Martin' }]);
    } finally {
      await reopened.close();
    }
  }, 60_000);
});

describe('PostgreSQL driver', () => {
  it('reports an unreachable server on ping instead of hanging', async () => {
    const handle = await openPostgres('postgres://nobody@127.0.0.1:1/none', 1);
    await expect(handle.ping()).rejects.toThrow();
    await handle.close();
    await handle.close();
  });
});
