import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';

/** Another process holds the embedded database folder. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

export interface DataDirLockOptions {
  /** How often the holder renews its lease (the lock file's mtime). */
  heartbeatMs?: number;
  /**
   * How long a lock that cannot be checked by pid (another host, container or PID namespace) must
   * show no renewal before it is taken as abandoned.
   */
  leaseMs?: number;
  /**
   * Called when the holder finds its lock taken by another process. The default stops the process:
   * two processes writing one PGlite folder corrupt it, so carrying on is worse than stopping.
   */
  onLost?: (detail: string) => void;
}

export const DEFAULT_HEARTBEAT_MS = 1_000;
export const DEFAULT_LEASE_MS = 10_000;
/** Attempts before giving up when the lock keeps changing hands under us. */
const MAX_ATTEMPTS = 20;
const TOKEN = /^[0-9a-f]{32}$/;

/** Where a process runs: two processes share a pid space only when all three are equal. */
interface Identity {
  host: string;
  /** Linux boot id: the same hostname after a reboot, or on another machine, is another pid space. */
  bootId: string | undefined;
  /** Inode of the PID namespace: each container has its own pids, all alive-looking to no one else. */
  pidNamespace: string | undefined;
}

interface LockRecord extends Identity {
  version: 2;
  token: string;
  pid: number;
  since: string;
}

/** The file as read at one moment: its bytes, its mtime (the heartbeat) and what they say. */
interface Snapshot {
  raw: string;
  mtimeMs: number;
  record?: LockRecord;
  /** A lock written by a version before heartbeats: only a pid and a host. */
  legacy?: { pid: number; host: string };
}

type Verdict = { kind: 'stale' } | { kind: 'live'; detail: string } | { kind: 'watch' };

let cachedIdentity: Identity | undefined;

function identity(): Identity {
  cachedIdentity ??= {
    host: hostname(),
    bootId: readOptional(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()),
    pidNamespace: readOptional(() => readlinkSync('/proc/self/ns/pid')),
  };
  return cachedIdentity;
}

function readOptional(read: () => string): string | undefined {
  try {
    return read() || undefined;
  } catch {
    // Not Linux, or /proc not mounted: the hostname alone identifies the pid space, as before.
    return undefined;
  }
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

function sameProcessSpace(a: Identity, b: Identity): boolean {
  return a.host === b.host && a.bootId === b.bootId && a.pidNamespace === b.pidNamespace;
}

function parse(raw: string): Pick<Snapshot, 'record' | 'legacy'> {
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    if (
      value.version === 2 &&
      typeof value.token === 'string' &&
      TOKEN.test(value.token) &&
      typeof value.pid === 'number' &&
      typeof value.host === 'string'
    ) {
      return {
        record: {
          version: 2,
          token: value.token,
          pid: value.pid,
          host: value.host,
          bootId: typeof value.bootId === 'string' ? value.bootId : undefined,
          pidNamespace: typeof value.pidNamespace === 'string' ? value.pidNamespace : undefined,
          since: String(value.since),
        },
      };
    }
    if (value.version === undefined && typeof value.pid === 'number') {
      return { legacy: { pid: value.pid, host: String(value.host) } };
    }
  } catch {
    // Half-written or foreign bytes: judged by their heartbeat like a foreign lock.
  }
  return {};
}

// Opening the file (rather than stat on the path) revalidates cached attributes on NFS
// (close-to-open consistency), so a holder on another host is seen renewing.
function readSnapshot(file: string): Snapshot | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const raw = readFileSync(fd, 'utf8');
    return { raw, mtimeMs: fstatSync(fd).mtimeMs, ...parse(raw) };
  } finally {
    closeSync(fd);
  }
}

function writeDurable(file: string, content: string): void {
  const fd = openSync(file, 'w', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates `file` with `content` only if it does not exist, in one step: the content is written to
 * a private file first and hard-linked into place, so no reader ever sees a half-written lock.
 */
function createExclusive(file: string, content: string, token: string): boolean {
  const tmp = `${file}.${token}.tmp`;
  writeDurable(tmp, content);
  try {
    linkSync(tmp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    // A file system without hard links: O_EXCL is still atomic, the content follows at once.
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, content);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      return true;
    } catch (inner) {
      if ((inner as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw inner;
    }
  } finally {
    rmSync(tmp, { force: true });
  }
}

function judge(seen: Snapshot, me: Identity): Verdict {
  const { record, legacy } = seen;
  if (record) {
    if (!sameProcessSpace(record, me)) return { kind: 'watch' };
    // Our own pid in a lock we did not take is a leftover of an earlier run (containers reuse pid 1).
    if (record.pid === process.pid || !isAlive(record.pid)) return { kind: 'stale' };
    return {
      kind: 'live',
      detail:
        `in use by another process (pid ${record.pid} on ${record.host}). ` +
        'Stop that process first (a server holds it while running), or set DATABASE_URL to use PostgreSQL. ' +
        `Only if pid ${record.pid} is not a monassurance process (its pid was reused), delete the lock file.`,
    };
  }
  if (legacy) {
    if (legacy.host === me.host) {
      if (legacy.pid === process.pid || !isAlive(legacy.pid)) return { kind: 'stale' };
      return {
        kind: 'live',
        detail:
          `in use by another process (pid ${legacy.pid} on ${legacy.host}). ` +
          'Stop that process first (a server holds it while running), or set DATABASE_URL to use PostgreSQL.',
      };
    }
    // An earlier version on another host or container never renews its lock: nothing here can
    // tell whether it still runs, so it is not taken.
    return {
      kind: 'live',
      detail:
        `locked by an earlier version of monassurance (pid ${legacy.pid} on ${legacy.host}), which ` +
        'cannot be checked from here. Stop that server; once it is stopped, delete the lock file.',
    };
  }
  return { kind: 'watch' };
}

/**
 * Watches a lock that cannot be checked by pid for one lease: a renewal (its mtime moves) means a
 * live holder; a lease without one means it is abandoned. Elapsed time is measured here, on a
 * monotonic clock, so clocks of other hosts and a suspended machine's stale mtime do not matter.
 */
async function watch(
  file: string,
  seen: Snapshot,
  leaseMs: number,
  pollMs: number,
): Promise<'live' | 'stale' | 'changed'> {
  const start = performance.now();
  while (performance.now() - start < leaseMs) {
    await sleep(pollMs);
    const now = readSnapshot(file);
    if (now?.raw !== seen.raw) return 'changed';
    if (now.mtimeMs !== seen.mtimeMs) return 'live';
  }
  return 'stale';
}

function describeForeign(seen: Snapshot): string {
  const r = seen.record;
  const who = r ? `process ${r.pid} on ${r.host}` : 'a process that wrote an unreadable lock';
  return (
    `in use by ${who} — another host, container or PID namespace sharing this folder; it renews ` +
    'its lock, so it is running. An embedded database serves one process: stop that one, or set ' +
    'DATABASE_URL to use PostgreSQL to run several.'
  );
}

/**
 * An exclusive lock on a PGlite folder: PGlite is single-process, and two processes on one folder
 * lose writes and corrupt it. See ADR 0014.
 *
 * The lock file names its holder (pid, host, boot id, PID namespace) and is renewed every
 * `heartbeatMs` by a worker thread (so a busy event loop does not miss renewals). A lock is taken
 * over at once when it names a dead pid of this very pid space (a restart after kill -9 is fast);
 * a lock from another pid space is taken only after a whole lease without renewal. Creation and
 * take-over are atomic (hard link; one exclusive take-over marker per abandoned lock), so of
 * several processes racing for a free or abandoned lock exactly one wins. A holder that finds its
 * lock taken stops (`onLost`).
 */
export class DataDirLock {
  /** Locks this process holds or is taking: a second open in the same process is refused too. */
  private static readonly held = new Set<string>();
  private released = false;

  private constructor(
    readonly file: string,
    private readonly token: string,
    private readonly heartbeat: Worker,
  ) {}

  static async acquire(file: string, options: DataDirLockOptions = {}): Promise<DataDirLock> {
    const absolute = path.resolve(file);
    if (DataDirLock.held.has(absolute)) {
      throw new DataDirLockedError(
        `The embedded database ${absolute.replace(/\.lock$/, '')} is already open in this process.`,
      );
    }
    DataDirLock.held.add(absolute);
    try {
      const token = randomBytes(16).toString('hex');
      const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
      await take(absolute, token, options.leaseMs ?? DEFAULT_LEASE_MS, heartbeatMs);
      const heartbeat = startHeartbeat(absolute, token, heartbeatMs, options.onLost ?? failStop);
      return new DataDirLock(absolute, token, heartbeat);
    } catch (error) {
      DataDirLock.held.delete(absolute);
      throw error;
    }
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    // The heartbeat stops first: it would otherwise re-create the file it finds missing.
    await this.heartbeat.terminate();
    if (readSnapshot(this.file)?.record?.token === this.token) rmSync(this.file, { force: true });
    DataDirLock.held.delete(this.file);
  }
}

async function take(file: string, token: string, leaseMs: number, heartbeatMs: number) {
  const me = identity();
  const content = JSON.stringify({
    version: 2,
    token,
    pid: process.pid,
    ...me,
    since: new Date().toISOString(),
  } satisfies LockRecord);
  const pollMs = Math.max(10, Math.min(250, Math.floor(heartbeatMs / 4)));
  const locked = (detail: string) =>
    new DataDirLockedError(`The embedded database ${file.replace(/\.lock$/, '')} is ${detail}`);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (createExclusive(file, content, token)) return;
    const seen = readSnapshot(file);
    if (!seen) continue;
    const verdict = judge(seen, me);
    if (verdict.kind === 'live') throw locked(verdict.detail);
    if (verdict.kind === 'watch') {
      const outcome = await watch(file, seen, leaseMs, pollMs);
      if (outcome === 'changed') continue;
      if (outcome === 'live') throw locked(describeForeign(seen));
    }
    const taken = takeOver(file, seen, content, token);
    if (taken === 'taken') return;
    if (taken !== 'changed') {
      // Another process is taking over the same abandoned lock; it finishes in microseconds.
      const age = Date.now() - (statSafe(taken.marker) ?? Date.now());
      if (age > leaseMs) {
        throw locked(
          `stuck in an interrupted take-over (${taken.marker} is ${Math.round(age / 1000)} s old). ` +
            'If no process uses this folder, delete that file and start again.',
        );
      }
      await sleep(pollMs);
    }
  }
  throw locked('changing hands too often to be taken; try again.');
}

function statSafe(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Replaces an abandoned lock by ours. The marker, created exclusively and named after the
 * abandoned lock, elects one taker per abandoned lock; the lock is checked again under it (it may
 * have been renewed or replaced since it was judged) and replaced by an atomic rename.
 */
function takeOver(
  file: string,
  seen: Snapshot,
  content: string,
  token: string,
): 'taken' | 'changed' | { marker: string } {
  const id =
    seen.record?.token ??
    createHash('sha256').update(seen.raw).update(`:${seen.mtimeMs}`).digest('hex').slice(0, 32);
  const marker = `${file}.takeover-${id}`;
  try {
    const fd = openSync(marker, 'wx', 0o600);
    closeSync(fd);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { marker };
    throw error;
  }
  try {
    const current = readSnapshot(file);
    if (current?.raw !== seen.raw || current.mtimeMs !== seen.mtimeMs) return 'changed';
    const tmp = `${file}.${token}.tmp`;
    writeDurable(tmp, content);
    renameSync(tmp, file);
    return 'taken';
  } finally {
    // Removed only after the rename: until then no one else may replace the abandoned lock.
    rmSync(marker, { force: true });
  }
}

function failStop(detail: string): void {
  process.stderr.write(
    `monassurance: ${detail} Stopping now: two processes on one embedded database corrupt it.\n`,
  );
  process.exit(70);
}

// Plain CommonJS run by the worker thread, with no loader: it only renews the lease and checks
// that the lock is still ours.
const HEARTBEAT_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { file, token, content, intervalMs } = workerData;
let stopped = false;
function lost(detail) {
  stopped = true;
  clearInterval(timer);
  parentPort.postMessage({ lost: detail });
}
function recreate() {
  const tmp = file + '.' + token + '.tmp';
  try {
    fs.writeFileSync(tmp, content, { mode: 0o600 });
    fs.linkSync(tmp, file);
  } catch (error) {
    if (error.code === 'EEXIST') lost('The lock file ' + file + ' was deleted and taken by another process.');
  } finally {
    try { fs.rmSync(tmp, { force: true }); } catch {}
  }
}
function beat() {
  if (stopped) return;
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    const raw = fs.readFileSync(fd, 'utf8');
    let owner;
    try { owner = JSON.parse(raw); } catch {}
    if (!owner || owner.token !== token) {
      const who = owner && owner.pid ? 'pid ' + owner.pid + ' on ' + owner.host : 'another process';
      return lost('The lock ' + file + ' was taken by ' + who + '.');
    }
    const now = new Date();
    fs.futimesSync(fd, now, now);
  } catch (error) {
    // Deleted by hand: put it back. Other errors (a volume briefly unavailable) are retried at the
    // next beat; the lease allows many missed beats.
    if (error.code === 'ENOENT') recreate();
  } finally {
    if (fd !== undefined) try { fs.closeSync(fd); } catch {}
  }
}
const timer = setInterval(beat, intervalMs);
`;

function startHeartbeat(
  file: string,
  token: string,
  intervalMs: number,
  onLost: (detail: string) => void,
): Worker {
  const content = readFileSync(file, 'utf8');
  const worker = new Worker(HEARTBEAT_SOURCE, {
    eval: true,
    workerData: { file, token, content, intervalMs },
    // No loader (tsx) in the thread: it starts faster and needs none.
    execArgv: [],
  });
  worker.on('message', (message: { lost?: string }) => {
    if (message.lost) onLost(message.lost);
  });
  worker.on('error', (error) => {
    onLost(`The heartbeat of the lock ${file} failed (${error.message}).`);
  });
  // The lock must not keep a finished process alive; an exit without release leaves a lock that
  // the next start on this host takes over at once (its pid is dead).
  worker.unref();
  return worker;
}
