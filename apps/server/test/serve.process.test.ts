import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const bin = path.resolve(import.meta.dirname, '../bin/monassurance.js');

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
});
