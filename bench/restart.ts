// `npm start` from spawning to the first 200 of GET /health: first start of a fresh clone (no
// build output, fresh DATA_DIR), restart with no change, restart after touching or editing one
// server file, restart after adding one web file, and the former `npm start` (full build every
// time) for comparison; against a raw baseline measured in the same run (a bare Node HTTP server).
// It deletes apps/*/dist (build output) and edits apps/server/src/main.ts for a moment (restored
// in the end): in a checkout others work in, run it in a copy (`git worktree add`).
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ms, printTable, stats } from './lib/table.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = path.resolve(import.meta.dirname, '..');
const serverFile = path.join(root, 'apps/server/src/main.ts');
// Ignored by git (*.tmp.ts) and imported by nothing: it changes the web build's inputs only.
const webFile = path.join(root, 'apps/web/src/bench-restart.tmp.ts');

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

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `command` in its own process group; ms until `url` answers 200; then stops the group. */
async function timeToHealth(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const port = await freePort();
  const output = openSync(logFile, 'w');
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', output, output],
    detached: true,
  });
  const pid = child.pid!;
  try {
    for (;;) {
      if (child.exitCode !== null) {
        const tail = readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
        throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}:\n${tail}`);
      }
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        if (res.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 20));
      if (performance.now() - started > 180_000) throw new Error('no /health after 180 s');
    }
  } finally {
    // npm, its shell and the server: the next start needs the DATA_DIR lock released.
    if (groupAlive(pid)) process.kill(-pid, 'SIGTERM');
    closeSync(output);
    while (groupAlive(pid)) await new Promise((r) => setTimeout(r, 50));
  }
}

const removeBuildOutput = () => {
  for (const dir of ['apps/server/dist', 'apps/web/dist', 'node_modules/.cache/monassurance'])
    rmSync(path.join(root, dir), { recursive: true, force: true });
};

const rawHttp = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-restart-'));
const logFile = path.join(dataDir, 'npm-start.log');
const env = { DATA_DIR: path.join(dataDir, 'data'), LOG_LEVEL: 'warn', DATABASE_URL: '' };
const npmStart = () => timeToHealth('npm', ['start'], env);
const serverSource = readFileSync(serverFile, 'utf8');

const samples: Record<string, number[]> = {
  'raw: bare node:http server (node -e)': [],
  'npm start, fresh clone (no dist/, fresh DATA_DIR)': [],
  'npm start, restart with no change': [],
  'build step alone (scripts/build-changed.js), no change': [],
  'npm start, restart after touching one server file': [],
  'npm start, restart after editing one server file': [],
  'npm start, restart after adding one web file': [],
  'former npm start (full build), restart with no change': [],
};

try {
  removeBuildOutput();
  samples['npm start, fresh clone (no dist/, fresh DATA_DIR)']!.push(await npmStart());
  for (let run = 0; run < RUNS; run++) {
    samples['raw: bare node:http server (node -e)']!.push(
      await timeToHealth(process.execPath, ['-e', rawHttp], {}),
    );
    samples['npm start, restart with no change']!.push(await npmStart());
    const started = performance.now();
    spawnSync(process.execPath, [path.join(root, 'scripts/build-changed.js')], { stdio: 'ignore' });
    samples['build step alone (scripts/build-changed.js), no change']!.push(
      performance.now() - started,
    );
    const now = new Date();
    utimesSync(serverFile, now, now);
    samples['npm start, restart after touching one server file']!.push(await npmStart());
    writeFileSync(serverFile, `${serverSource}// bench ${run}\n`);
    samples['npm start, restart after editing one server file']!.push(await npmStart());
    writeFileSync(serverFile, serverSource);
    writeFileSync(webFile, `export const benchRun = ${run};\n`);
    samples['npm start, restart after adding one web file']!.push(await npmStart());
    rmSync(webFile, { force: true });
  }
  samples['former npm start (full build), restart with no change']!.push(
    await timeToHealth(
      'sh',
      [
        '-c',
        'npm run build -w apps/web && npx tsc -p apps/server/tsconfig.build.json --incremental false && node apps/server/bin/monassurance.js serve',
      ],
      env,
    ),
  );
} finally {
  writeFileSync(serverFile, serverSource);
  rmSync(webFile, { force: true });
  rmSync(dataDir, { recursive: true, force: true });
}

printTable(
  `npm start to first 200 of GET /health (embedded PGlite; target: restart with no change < 5 s)`,
  Object.entries(samples).map(([what, values]) => {
    const s = stats(values);
    return { what, runs: values.length, median: ms(s.median), min: ms(s.min), max: ms(s.max) };
  }),
);
