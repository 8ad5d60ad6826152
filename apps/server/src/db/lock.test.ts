import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLock, DataDirLockedError } from './lock.ts';

const lockFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'monassurance-lock-')), 'pg.lock');
const children: { kill(): void }[] = [];
afterEach(() => children.splice(0).forEach((c) => c.kill()));

describe('DataDirLock', () => {
  it('takes a free lock, records its pid, and removes the file on release', () => {
    const file = lockFile();
    const lock = DataDirLock.acquire(file);
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a lock held by another live process, naming it', () => {
    const file = lockFile();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    children.push(other);
    writeFileSync(file, JSON.stringify({ pid: other.pid, host: 'here' }));
    expect(() => DataDirLock.acquire(file)).toThrow(DataDirLockedError);
    expect(() => DataDirLock.acquire(file)).toThrow(new RegExp(`pid ${other.pid}`));
    expect(existsSync(file)).toBe(true);
  });

  it('takes over a stale lock whose process is gone', async () => {
    const file = lockFile();
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.on('exit', resolve));
    writeFileSync(file, JSON.stringify({ pid: gone.pid, host: 'here' }));
    const lock = DataDirLock.acquire(file);
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a half-written lock file', () => {
    const file = lockFile();
    writeFileSync(file, '{"pi');
    DataDirLock.acquire(file).release();
    expect(existsSync(file)).toBe(false);
  });
});

describe('DataDirLock within one process', () => {
  it('refuses a second open of the same folder', () => {
    const file = lockFile();
    const lock = DataDirLock.acquire(file);
    expect(() => DataDirLock.acquire(file)).toThrow(/already open in this process/);
    lock.release();
    DataDirLock.acquire(file).release();
  });

  it('takes over a leftover lock carrying its own pid (a restarted container)', () => {
    const file = lockFile();
    writeFileSync(file, JSON.stringify({ pid: process.pid, host: 'here' }));
    DataDirLock.acquire(file).release();
    expect(existsSync(file)).toBe(false);
  });
});
