import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const bin = path.resolve(import.meta.dirname, '../bin/monassurance.js');

function embeddedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'monassurance-proc-')),
    PORT: '0',
    LOG_LEVEL: 'info',
    NODE_ENV: 'development',
  };
  delete env.DATABASE_URL;
  return env;
}

/** Spawns a serving process and resolves once it listens. */
async function serving(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 90_000);
    lines.on('line', (line) => {
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  return { child, url, exited };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

describe('the monassurance process', () => {
  it('serves, keeps other processes off its data dir, and drains on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'monassurance-proc-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
    };
    delete env.DATABASE_URL;
    const server = spawn(process.execPath, [bin, 'serve'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) =>
      server.on('exit', (code) => resolve(code)),
    );
    const lines = createInterface({ input: server.stdout });
    const rendererReady = new Promise<string>((resolve) =>
      lines.on('line', (line) => {
        if (line.includes('PDF renderer')) resolve(line);
      }),
    );
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start')), 45_000);
      lines.on('line', (line) => {
        const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });

    const health = await fetch(`${url}/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    // Chromium is started after listen, not on the first document.
    expect(JSON.parse(await rendererReady)).toMatchObject({ msg: 'PDF renderer ready' });
    expect(existsSync(path.join(dataDir, 'pg.lock'))).toBe(true);

    const migrate = spawnSync(process.execPath, [bin, 'migrate'], { env, encoding: 'utf8' });
    expect(migrate.status).toBe(1);
    expect(migrate.stderr).toContain(`in use by another process (pid ${server.pid}`);

    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'pg.lock'))).toBe(false);
  }, 90_000);

  it('takes the lock of a server killed with SIGKILL when started again on this host', async () => {
    const env = embeddedEnv();
    const first = await serving(process.execPath, [bin, 'serve'], env);
    first.child.kill('SIGKILL');
    await first.exited;
    const lockFile = path.join(env.DATA_DIR!, 'pg.lock');
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(first.child.pid);

    const second = await serving(process.execPath, [bin, 'serve'], env);
    try {
      expect((await fetch(`${second.url}/health/ready`)).status).toBe(200);
      expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(second.child.pid);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  }, 240_000);

  it('stays off a data dir served from another PID namespace and host (a second container)', async () => {
    const env = embeddedEnv();
    // A pid free here, which the server gets in its own namespace: judged by pid alone (as
    // before), its lock named a dead process and was taken.
    let target = 300;
    while (isAlive(target)) target++;
    const inside =
      'hostname autre-conteneur && ' +
      `while :; do /bin/true & p=$!; wait $p; [ "$p" -ge ${target - 1} ] && break; done; ` +
      `"${process.execPath}" "${bin}" serve`;
    const container = await serving(
      'unshare',
      ['--pid', '--mount-proc', '--uts', '--kill-child', 'sh', '-c', inside],
      env,
    );
    try {
      const lock = JSON.parse(readFileSync(path.join(env.DATA_DIR!, 'pg.lock'), 'utf8'));
      expect(lock).toMatchObject({ host: 'autre-conteneur', pid: target });
      expect(lock.pidNamespace).not.toBe(readlinkSync('/proc/self/ns/pid'));
      expect(isAlive(target)).toBe(false);

      const migrate = spawnSync(process.execPath, [bin, 'migrate'], { env, encoding: 'utf8' });
      expect(migrate.status).toBe(1);
      expect(migrate.stderr).toContain(
        `in use by process ${target} on autre-conteneur — another host, container or PID namespace`,
      );
      expect((await fetch(`${container.url}/health/ready`)).status).toBe(200);
    } finally {
      container.child.kill('SIGKILL');
      await container.exited;
    }
  }, 180_000);
});
