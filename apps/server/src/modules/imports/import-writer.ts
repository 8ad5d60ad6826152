import type { Database } from '../../db/client.ts';

/**
 * How an import's chunks are committed (ADR 0010):
 * - `one-transaction` (PostgreSQL): every chunk in one transaction, so the import is atomic even
 *   if the process dies; it holds one pooled connection and the others keep serving requests.
 * - `per-chunk` (PGlite): PGlite has a single connection and a transaction holds it, so each chunk
 *   commits on its own and other requests' queries run between chunks; a failure part-way undoes
 *   the committed chunks (compensation). All or nothing still holds for every failure the process
 *   survives; a crash mid-import leaves the committed chunks (the jobs of issue 14 will resume).
 */
export type CommitMode = 'one-transaction' | 'per-chunk';

/** The write half of an import, cut in chunks so that it never holds the database for long. */
export interface ChunkedWrite<T> {
  /** Writes one chunk in the given transaction. */
  write(tx: Database, chunk: T[]): Promise<void>;
  /** Runs in the last chunk's transaction (the audit event of the whole import). */
  finish(tx: Database): Promise<void>;
  /** Undoes what committed chunks wrote; `per-chunk` mode only. */
  compensate(db: Database): Promise<void>;
}

/** Lets the event loop serve what is waiting (other requests, their queries) before going on. */
export const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => setImmediate(resolve));

export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

export async function writeInChunks<T>(
  db: Database,
  mode: CommitMode,
  chunks: T[][],
  work: ChunkedWrite<T>,
): Promise<void> {
  if (mode === 'one-transaction') {
    await db.transaction(async (tx) => {
      for (const chunk of chunks) {
        await work.write(tx, chunk);
        await yieldToEventLoop();
      }
      await work.finish(tx);
    });
    return;
  }
  let committed = 0;
  try {
    if (chunks.length === 0) await db.transaction((tx) => work.finish(tx));
    for (let index = 0; index < chunks.length; index++) {
      const chunk = chunks[index] ?? [];
      const last = index === chunks.length - 1;
      await db.transaction(async (tx) => {
        await work.write(tx, chunk);
        if (last) await work.finish(tx);
      });
      committed++;
      await yieldToEventLoop();
    }
  } catch (error) {
    if (committed > 0) {
      try {
        await work.compensate(db);
      } catch (undo) {
        throw new AggregateError(
          [error, undo],
          `import failed after ${committed} committed chunk(s) and could not be undone`,
        );
      }
    }
    throw error;
  }
}
