import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLock, DataDirLockedError } from './lock.ts';

const serverRoot = path.resolve(import.meta.dirname, '../..');
const holderScript = path.join(serverRoot, 'src/test-support/lock-holder.ts');
const lockFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'monassurance-lock-')), 'pg.lock');
const children: { kill(signal?: NodeJS.Signals): void }[] = [];
const timers: NodeJS.Timeout[] = [];
afterEach(() => {
  children.splice(0).forEach((c) => c.kill('SIGKILL'));
  timers.splice(0).forEach(clearInterval);
});

const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
const pidNamespace = readlinkSync('/proc/self/ns/pid');
const readLock = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
/** Lease tests: any lock that is not renewed is abandoned after half a second. */
const SHORT = { leaseMs: 500, heartbeatMs: 50 };
/** A lease no test waits for: a lock taken under it was taken without waiting. */
const ENDLESS = { leaseMs: 10 * 60_000 };

/** A pid that no process has in this namespace (a child that has exited). */
async function deadPid(): Promise<number> {
  const gone = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => gone.on('exit', resolve));
  return gone.pid!;
}

function record(overrides: Record<string, unknown>) {
  return JSON.stringify({
    version: 2,
    token: 'f'.repeat(32),
    pid: 4242,
    host: hostname(),
    bootId,
    pidNamespace,
    since: new Date().toISOString(),
    ...overrides,
  });
}

/** Renews a lock file's heartbeat as its holder would, from this test. */
function keepRenewing(file: string, everyMs = 50) {
  timers.push(
    setInterval(() => {
      const now = new Date();
      utimesSync(file, now, now);
    }, everyMs),
  );
}

/** Runs the lock-holder script in its own process; `next()` resolves with its next line. */
function holder(file: string, go?: string, leaseMs?: number) {
  const args = [holderScript, file, go ?? '-', ...(leaseMs ? [String(leaseMs)] : [])];
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', ...args],
    { cwd: serverRoot },
  );
  children.push(child);
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      const reader = waiting.shift();
      if (reader) reader(line);
      else lines.push(line);
    }
  });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const line = lines.shift();
      if (line !== undefined) return resolve(line);
      waiting.push(resolve);
      child.once('exit', (code) => reject(new Error(`lock holder exited (${code}) early`)));
    });
  return { child, next };
}

describe('DataDirLock', () => {
  it('takes a free lock, naming its holder, and removes the file on release', async () => {
    const file = lockFile();
    const lock = await DataDirLock.acquire(file);
    expect(readLock(file)).toMatchObject({
      version: 2,
      pid: process.pid,
      host: hostname(),
      bootId,
      pidNamespace,
    });
    await lock.release();
    await lock.release();
    expect(existsSync(file)).toBe(false);
    expect(existsSync(path.dirname(file))).toBe(true);
  });

  it('refuses a lock held by another live process of this host, naming it', async () => {
    const file = lockFile();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    children.push(other);
    writeFileSync(file, record({ pid: other.pid }));
    await expect(DataDirLock.acquire(file, ENDLESS)).rejects.toThrow(DataDirLockedError);
    await expect(DataDirLock.acquire(file, ENDLESS)).rejects.toThrow(
      new RegExp(`in use by another process \\(pid ${other.pid} on ${hostname()}\\)`),
    );
    expect(readLock(file).pid).toBe(other.pid);
  });

  it('takes over at once a lock of this host whose process is gone', async () => {
    const file = lockFile();
    writeFileSync(file, record({ pid: await deadPid() }));
    const lock = await DataDirLock.acquire(file, ENDLESS);
    expect(readLock(file).pid).toBe(process.pid);
    await lock.release();
  });

  it('does not take a renewed lock naming a pid, host and PID namespace that are not ours', async () => {
    // The pid is dead here: judged by pid alone, as before, this lock was taken.
    const file = lockFile();
    const foreign = record({
      pid: await deadPid(),
      host: 'autre-conteneur',
      pidNamespace: 'pid:[4026530000]',
    });
    writeFileSync(file, foreign);
    keepRenewing(file);
    await expect(DataDirLock.acquire(file, SHORT)).rejects.toThrow(
      /in use by process \d+ on autre-conteneur — another host, container or PID namespace/,
    );
    expect(readFileSync(file, 'utf8')).toBe(foreign);
  });

  it('does not take a renewed lock of this host seen from another PID namespace', async () => {
    const file = lockFile();
    const foreign = record({ pid: await deadPid(), pidNamespace: 'pid:[4026530001]' });
    writeFileSync(file, foreign);
    keepRenewing(file);
    await expect(DataDirLock.acquire(file, SHORT)).rejects.toThrow(DataDirLockedError);
    expect(readFileSync(file, 'utf8')).toBe(foreign);
  });

  it('takes a foreign lock only once it has gone a whole lease without renewal', async () => {
    const file = lockFile();
    writeFileSync(file, record({ host: 'autre-machine', bootId: 'autre-boot' }));
    // A fresh mtime is not enough to keep it: the holder must keep renewing it.
    const lock = await DataDirLock.acquire(file, SHORT);
    expect(readLock(file).pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over a half-written lock file once its lease has passed', async () => {
    const file = lockFile();
    writeFileSync(file, '{"pi');
    const lock = await DataDirLock.acquire(file, SHORT);
    expect(readLock(file).pid).toBe(process.pid);
    await lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('reads the lock of an earlier version: taken when its process is gone, else refused', async () => {
    const file = lockFile();
    writeFileSync(file, JSON.stringify({ pid: await deadPid(), host: hostname() }));
    await (await DataDirLock.acquire(file, ENDLESS)).release();

    writeFileSync(file, JSON.stringify({ pid: 7, host: 'ancien-serveur' }));
    await expect(DataDirLock.acquire(file, SHORT)).rejects.toThrow(
      /earlier version of monassurance \(pid 7 on ancien-serveur\)/,
    );
  });

  it('renews its lease while held, and stops renewing once released', async () => {
    const file = lockFile();
    const lock = await DataDirLock.acquire(file, { heartbeatMs: 20 });
    const past = new Date(Date.now() - 60_000);
    utimesSync(file, past, past);
    while (statSync(file).mtimeMs < past.getTime() + 1_000) await sleep(10);
    expect(statSync(file).mtimeMs).toBeGreaterThan(past.getTime() + 1_000);
    await lock.release();
    writeFileSync(file, 'x');
    utimesSync(file, past, past);
    await sleep(100);
    expect(statSync(file).mtimeMs).toBeLessThan(past.getTime() + 1_000);
  });

  it('puts back a lock file deleted by hand while it is held', async () => {
    const file = lockFile();
    const lock = await DataDirLock.acquire(file, { heartbeatMs: 20 });
    const token = readLock(file).token;
    rmSync(file);
    while (!existsSync(file)) await sleep(10);
    expect(readLock(file).token).toBe(token);
    await lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('tells its holder when another process has taken the lock', async () => {
    const file = lockFile();
    const lost: string[] = [];
    const lock = await DataDirLock.acquire(file, {
      heartbeatMs: 20,
      onLost: (detail) => lost.push(detail),
    });
    writeFileSync(file, record({ pid: 31337, host: 'intrus' }));
    while (lost.length === 0) await sleep(10);
    expect(lost[0]).toMatch(/was taken by pid 31337 on intrus/);
    await lock.release();
    // The thief's lock is left alone.
    expect(readLock(file).host).toBe('intrus');
  });
});

describe('DataDirLock between processes', () => {
  it('keeps a second process off a lock held by a live process', async () => {
    const file = lockFile();
    const first = holder(file);
    expect(await first.next()).toBe('won');
    const second = holder(file, undefined, 600_000);
    expect(await second.next()).toMatch(/^locked .* in use by another process \(pid \d+/);
    await expect(DataDirLock.acquire(file, ENDLESS)).rejects.toThrow(
      new RegExp(`pid ${first.child.pid}`),
    );
  });

  it('takes over at once the lock of a process killed with SIGKILL', async () => {
    const file = lockFile();
    const first = holder(file);
    expect(await first.next()).toBe('won');
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.on('exit', resolve));
    expect(readLock(file).pid).toBe(first.child.pid);
    const lock = await DataDirLock.acquire(file, ENDLESS);
    expect(readLock(file).pid).toBe(process.pid);
    await lock.release();
  });

  it.each([
    ['of this host whose process is gone', async () => record({ pid: await deadPid() })],
    [
      'of another host that stopped renewing',
      () => Promise.resolve(record({ host: 'autre-machine', bootId: 'autre-boot' })),
    ],
  ])('lets exactly one of four racing processes take a stale lock %s', async (_, stale) => {
    const file = lockFile();
    writeFileSync(file, await stale());
    const go = path.join(path.dirname(file), 'go');
    const racers = [0, 1, 2, 3].map(() => holder(file, go, 300));
    // Every racer is started and waiting before the start is given.
    expect(await Promise.all(racers.map((r) => r.next()))).toEqual(Array(4).fill('ready'));
    writeFileSync(go, '');
    const lines = await Promise.all(racers.map((r) => r.next()));
    expect(lines.filter((l) => l === 'won')).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('locked '))).toHaveLength(3);
    const winner = racers[lines.indexOf('won')]!;
    expect(readLock(file).pid).toBe(winner.child.pid);
  });
});

describe('DataDirLock within one process', () => {
  it('refuses a second open of the same folder', async () => {
    const file = lockFile();
    const lock = await DataDirLock.acquire(file);
    await expect(DataDirLock.acquire(file)).rejects.toThrow(/already open in this process/);
    await lock.release();
    await (await DataDirLock.acquire(file)).release();
  });

  it('takes over a leftover lock carrying its own pid (a restarted container)', async () => {
    const file = lockFile();
    writeFileSync(file, record({ pid: process.pid }));
    await (await DataDirLock.acquire(file, ENDLESS)).release();
    expect(existsSync(file)).toBe(false);
  });
});
