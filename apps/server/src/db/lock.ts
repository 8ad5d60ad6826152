import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/** Another process holds the embedded database folder. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive lock on a PGlite folder: PGlite is single-process, and two processes on one folder
 * corrupt it. The lock file holds the owner's pid; a lock whose owner is gone is taken over.
 */
export class DataDirLock {
  /** Locks this process holds: a second open in the same process is refused too. */
  private static readonly held = new Set<string>();
  private released = false;

  private constructor(readonly file: string) {}

  static acquire(file: string): DataDirLock {
    if (DataDirLock.held.has(file)) {
      throw new DataDirLockedError(
        `The embedded database ${file.replace(/\.lock$/, '')} is already open in this process.`,
      );
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date() }));
        closeSync(fd);
        DataDirLock.held.add(file);
        return new DataDirLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = readOwner(file);
      // The same pid as ours is a leftover of an earlier run (containers reuse pid 1): stale.
      if (owner !== undefined && owner.pid !== process.pid && isAlive(owner.pid)) {
        throw new DataDirLockedError(
          `The embedded database is in use by another process (pid ${owner.pid} on ${owner.host}). ` +
            `Stop that process first (a server holds it while running), or set DATABASE_URL to use PostgreSQL. ` +
            `If no such process exists, delete ${file}.`,
        );
      }
      rmSync(file, { force: true });
    }
    throw new DataDirLockedError(`Could not take the lock ${file}.`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    DataDirLock.held.delete(this.file);
    const owner = readOwner(this.file);
    if (owner?.pid === process.pid) rmSync(this.file, { force: true });
  }
}

function readOwner(file: string): { pid: number; host: string } | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; host?: unknown };
    if (typeof parsed.pid === 'number') return { pid: parsed.pid, host: String(parsed.host) };
  } catch {
    // Unreadable or half-written: treated as stale.
  }
  return undefined;
}
