import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO_ROOT, 'apps/server/bin/monassurance.js');
const WEB_INDEX = path.join(REPO_ROOT, 'apps/web/dist/index.html');

export interface ServerUnderTest {
  /** e.g. http://127.0.0.1:43123 */
  url: string;
  /** Everything the process wrote so far (stdout and stderr interleaved). */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code (null when killed by a signal). */
  stop(): Promise<number | null>;
}

/** Fails early, with the fix in the message, when the web app has not been built. */
export function assertWebAppBuilt(): void {
  if (!existsSync(WEB_INDEX)) {
    throw new Error(
      `${path.relative(REPO_ROOT, WEB_INDEX)} is missing: the server would answer / with a 404. ` +
        'Build the web app first: npm run build -w apps/web',
    );
  }
}

/** A TCP port free right now on 127.0.0.1 (the kernel picks it; we release it for the server). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the probe port'));
      });
    });
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `monassurance serve` as `npm start` would, on a free port and a fresh DATA_DIR, and waits
 * until GET /health/ready answers 200.
 */
export async function startServer({ readyTimeoutMs = 60_000 } = {}): Promise<ServerUnderTest> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'monassurance-e2e-data-'));
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
  };
  // The journey runs on the embedded drivers whatever the caller's shell points at.
  delete env.DATABASE_URL;
  delete env.REDIS_URL;

  const child = spawn(process.execPath, [CLI, 'serve'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = exitOf(child);

  let stopping: Promise<number | null> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timeout = delay(20_000).then(() => 'timeout' as const);
      const result = await Promise.race([exited, timeout]);
      if (result === 'timeout') {
        child.kill('SIGKILL');
        await exited;
        throw new Error(`the server did not exit within 20 s of SIGTERM.\n${output}`);
      }
      await rm(dataDir, { recursive: true, force: true });
      return result;
    })());

  const deadline = Date.now() + readyTimeoutMs;
  let lastStatus = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(
        `the server exited (code ${String(child.exitCode)}, signal ${String(child.signalCode)}) ` +
          `before it was ready.\n${output}`,
      );
    }
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.status === 200) return { url, output: () => output, stop };
      lastStatus = `HTTP ${response.status}`;
    } catch {
      // Not listening yet.
    }
    await delay(200);
  }
  await stop().catch(() => undefined);
  throw new Error(
    `GET /health/ready was not 200 within ${readyTimeoutMs} ms (${lastStatus}).\n${output}`,
  );
}
