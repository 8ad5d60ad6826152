import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import { DataDirLock } from './lock.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** The Drizzle database, whichever driver is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  readonly driver: 'pglite' | 'postgres';
  readonly db: Database;
  /** Applies the committed migrations that are not applied yet. */
  migrate(): Promise<void>;
  /** PostgreSQL's connection URL, for work that opens its own connections; absent for PGlite. */
  readonly url?: string;
  /** Connection counts of the PostgreSQL pool, for metrics; absent for PGlite. */
  poolCounts?: () => { total: number; idle: number; waiting: number };
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = path.resolve(import.meta.dirname, '../../src/db/migrations');

/** Key of the advisory lock that serialises migrations of several instances starting at once. */
const MIGRATION_LOCK_KEY = 4_242_001;

export interface PgliteOptions {
  /** Folder to persist to; absent means in memory. */
  dataDir?: string;
  /** A `dumpDataDir()` snapshot to start from (tests clone a migrated database this way). */
  loadDataDir?: Blob;
}

export interface PgliteHandle extends DatabaseHandle {
  readonly driver: 'pglite';
  /** The embedded engine, for snapshots (`dumpDataDir`). */
  readonly client: PGlite;
}

/** A compiled WebAssembly module, as PGlite's options name it. */
type WasmModule = NonNullable<PGliteOptions['pgliteWasmModule']>;

// The global exists on every Node version; the server's build typings do not declare it.
const wasmCompiler = (
  globalThis as unknown as {
    WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> };
  }
).WebAssembly;

let compiledWasm: Promise<{ pglite: WasmModule; initdb: WasmModule }> | undefined;

/**
 * PGlite's two WebAssembly modules, compiled once per process and shared by every instance: each
 * instance would otherwise compile its own and free that machine code on close. Besides the time
 * (tests and CLI commands open many), that churn of WebAssembly code is what trips a V8 check on
 * Node 24 (`jit_page_->allocations_.erase(addr) == 1`, nodejs/node#64500), crashing the process.
 */
function pgliteWasm() {
  compiledWasm ??= (async () => {
    // The package exports both files (createRequire: vitest's module runner has no
    // import.meta.resolve).
    const resolve = createRequire(import.meta.url).resolve;
    const compile = async (file: string) =>
      wasmCompiler.compile(await readFile(resolve(`@electric-sql/pglite/${file}`)));
    const [pglite, initdb] = await Promise.all([compile('pglite.wasm'), compile('initdb.wasm')]);
    return { pglite, initdb };
  })();
  compiledWasm.catch(() => {
    compiledWasm = undefined;
  });
  return compiledWasm;
}

export async function openPglite(options: PgliteOptions = {}): Promise<PgliteHandle> {
  let lock: DataDirLock | undefined;
  if (options.dataDir) {
    mkdirSync(path.dirname(options.dataDir), { recursive: true });
    lock = await DataDirLock.acquire(`${options.dataDir}.lock`);
  }
  let client: PGlite;
  try {
    const wasm = await pgliteWasm();
    client = await PGlite.create({
      pgliteWasmModule: wasm.pglite,
      initdbWasmModule: wasm.initdb,
      // The same extensions as the PostgreSQL migrations create (trigram search).
      extensions: { pg_trgm },
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    driver: 'pglite',
    client,
    db,
    migrate: () => migratePglite(drizzlePglite({ client, schema }), { migrationsFolder }),
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      try {
        if (!client.closed) await client.close();
      } finally {
        await lock?.release();
      }
    },
  };
}

export async function openPostgres(url: string, poolMax = 10): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: poolMax, connectionTimeoutMillis: 5_000 });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const nodePgDb = drizzleNodePg({ client: pool, schema });
  let closed = false;
  return {
    driver: 'postgres',
    db: nodePgDb as unknown as Database,
    url,
    poolCounts: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
    migrate: async () => {
      const lockClient = await pool.connect();
      try {
        await lockClient.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migrateNodePg(nodePgDb, { migrationsFolder });
      } finally {
        await lockClient.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        lockClient.release();
      }
    },
    ping: async () => {
      await nodePgDb.execute(sql`select 1`);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

export function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  return config.driver === 'pglite'
    ? openPglite({ dataDir: config.dataDir })
    : openPostgres(config.url, config.poolMax);
}
