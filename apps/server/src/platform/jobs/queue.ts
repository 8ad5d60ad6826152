import type { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import PgBoss from 'pg-boss';

/** What pg-boss needs of a connection: one SQL text with positional parameters. */
export interface QueueSql {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Anything Drizzle can run raw SQL on: the database or a transaction, either driver. */
export interface SqlExecutor {
  execute(query: SQL): Promise<unknown>;
}

/** `$1`, `$2`… of a pg-boss statement. */
const PLACEHOLDER = /\$(\d+)/g;

/** The parameters pg-boss passes as `undefined` mean SQL NULL (the `pg` driver's reading). */
const nullIfUndefined = (value: unknown) => (value === undefined ? null : value);

/**
 * pg-boss statements run through Drizzle, so that a job sent with a transaction is written by it
 * and disappears when it rolls back (the enqueue-with-the-row guarantee, ADR 0015).
 */
export function drizzleQueueSql(executor: SqlExecutor): QueueSql {
  return {
    async executeSql(text, values = []) {
      const chunks: SQL[] = [];
      let last = 0;
      for (const match of text.matchAll(PLACEHOLDER)) {
        chunks.push(sql.raw(text.slice(last, match.index)));
        chunks.push(sql`${nullIfUndefined(values[Number(match[1]) - 1])}`);
        last = match.index + match[0].length;
      }
      chunks.push(sql.raw(text.slice(last)));
      const result = (await executor.execute(sql.join(chunks))) as { rows?: unknown[] };
      return { rows: result.rows ?? [] };
    },
  };
}

/**
 * pg-boss on the embedded engine: its parameterless scripts (schema creation, maintenance) hold
 * several statements, which only `exec` runs; the rest are single statements with parameters.
 */
export function pgliteQueueSql(client: PGlite): QueueSql {
  return {
    async executeSql(text, values) {
      if (!values || values.length === 0) {
        const results = await client.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      const result = await client.query(text, values.map(nullIfUndefined));
      return { rows: result.rows };
    },
  };
}

export { PgBoss };
