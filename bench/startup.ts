// Start-up time: from spawning the process to the first 200 of GET /health/ready, on a fresh
// DATA_DIR (create + migrate the embedded database), on a reopened one, and on one whose server
// was killed with SIGKILL (its lock left behind, ADR 0014), against raw baselines measured in the
// same run (a bare Node HTTP server; PGlite alone).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ms, printTable, stats } from './lib/table.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'apps/server/bin/monassurance.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Spawns a command and returns the ms until `url` answers 200; then stops it with `stop`. */
async function timeToReady(
  args: string[],
  url: (port: number) => string,
  env: NodeJS.ProcessEnv,
  stop: NodeJS.Signals = 'SIGTERM',
): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
      try {
        const res = await fetch(url(port));
        if (res.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
      if (performance.now() - started > 60_000) throw new Error('not ready after 60 s');
    }
  } finally {
    child.kill(stop);
    await exited;
  }
}

const rawHttp = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')`;

const samples: Record<string, number[]> = {
  'raw: bare node:http server': [],
  'raw: PGlite fresh dir': [],
  'raw: PGlite reopen dir': [],
  'monassurance serve, fresh DATA_DIR': [],
  'monassurance serve, reopened DATA_DIR': [],
  'monassurance serve, reopened after kill -9': [],
};

for (let run = 0; run < RUNS; run++) {
  samples['raw: bare node:http server']!.push(
    await timeToReady(['-e', rawHttp], (p) => `http://127.0.0.1:${p}/`, {}),
  );

  const pgDir = mkdtempSync(path.join(tmpdir(), 'bench-pglite-'));
  let t = performance.now();
  let pg = await PGlite.create({ dataDir: path.join(pgDir, 'pg') });
  samples['raw: PGlite fresh dir']!.push(performance.now() - t);
  await pg.close();
  t = performance.now();
  pg = await PGlite.create({ dataDir: path.join(pgDir, 'pg') });
  samples['raw: PGlite reopen dir']!.push(performance.now() - t);
  await pg.close();
  rmSync(pgDir, { recursive: true, force: true });

  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-startup-'));
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' };
  const ready = (p: number) => `http://127.0.0.1:${p}/health/ready`;
  samples['monassurance serve, fresh DATA_DIR']!.push(
    await timeToReady([bin, 'serve'], ready, env),
  );
  samples['monassurance serve, reopened DATA_DIR']!.push(
    await timeToReady([bin, 'serve'], ready, env, 'SIGKILL'),
  );
  // The previous server died holding the lock: this host's dead pid is taken over at once.
  samples['monassurance serve, reopened after kill -9']!.push(
    await timeToReady([bin, 'serve'], ready, env),
  );
  rmSync(dataDir, { recursive: true, force: true });
}

const compiled = existsSync(path.join(root, 'apps/server/dist/main.js'));
printTable(
  `Start-up to first ready response (${RUNS} runs, ${compiled ? 'compiled dist/ if up to date' : 'TypeScript via tsx'}; target: reopened < 5 s)`,
  Object.entries(samples).map(([what, values]) => {
    const s = stats(values);
    return { what, median: ms(s.median), min: ms(s.min), max: ms(s.max) };
  }),
);
