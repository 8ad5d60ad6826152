// @ts-check
// `npm start`'s build: rebuilds only what changed since the last build, so that a restart with no
// source change serves in about a second of build time instead of a full vite + tsc build.
// - server: `tsc -b` on tsconfig.build.json, whose build info (in dist/) lets it skip when no
//   input is newer, and recompile only the changed files otherwise;
// - web: `vite build` only when the SHA-256 of its inputs differs from the one recorded at the
//   last build by this script (or when the output is missing or was rebuilt by other means).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const fromRoot = createRequire(import.meta.url);
// vite as apps/web resolves it, so the version is the one its package.json asks for.
const fromWeb = createRequire(path.join(root, 'apps/web/package.json'));

/** Everything `vite build` of apps/web reads from the repository, dependencies included. */
const WEB_INPUTS = [
  'apps/web/src',
  'apps/web/public',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'apps/web/tsconfig.json',
  'apps/web/package.json',
  'packages/ui/src',
  'packages/ui/package.json',
  'packages/api-client/src',
  'packages/api-client/package.json',
  'package-lock.json',
];
const webOutput = path.join(root, 'apps/web/dist/index.html');
// Kept out of dist/, which the server publishes as it is.
const webRecord = path.join(root, 'node_modules/.cache/monassurance/web-build.json');

/** Every file under `relative` (a file or a folder), sorted, skipping node_modules and dist. */
function filesOf(relative) {
  const full = path.join(root, relative);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [relative];
  return readdirSync(full, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules' && entry.name !== 'dist')
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => filesOf(path.join(relative, entry.name)));
}

/** Hash of the web inputs' paths and contents, and of the environment vite bakes into the build. */
function webInputsHash() {
  const hash = createHash('sha256');
  for (const file of WEB_INPUTS.flatMap(filesOf)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  // vite reads .env files next to its config and inlines VITE_* variables and the mode.
  for (const file of readdirSync(path.join(root, 'apps/web')).filter((n) => n.startsWith('.env')))
    hash.update(`${file}\0${readFileSync(path.join(root, 'apps/web', file), 'utf8')}\0`);
  for (const [name, value] of Object.entries(process.env).sort())
    if (name.startsWith('VITE_') || name === 'NODE_ENV') hash.update(`${name}=${value}\0`);
  return hash.digest('hex');
}

function readRecord() {
  try {
    return JSON.parse(readFileSync(webRecord, 'utf8'));
  } catch {
    return undefined;
  }
}

function run(command, args, cwd = root) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function buildWeb() {
  const inputs = webInputsHash();
  const record = readRecord();
  if (
    existsSync(webOutput) &&
    record?.inputs === inputs &&
    record?.outputMtimeMs === statSync(webOutput).mtimeMs
  ) {
    console.log('web: up to date, vite build skipped');
    return;
  }
  const vite = path.join(path.dirname(fromWeb.resolve('vite/package.json')), 'bin/vite.js');
  run(process.execPath, [vite, 'build'], path.join(root, 'apps/web'));
  mkdirSync(path.dirname(webRecord), { recursive: true });
  writeFileSync(
    webRecord,
    `${JSON.stringify({ inputs, outputMtimeMs: statSync(webOutput).mtimeMs })}\n`,
  );
}

function buildServer() {
  // tsc -b trusts its build info: an output deleted by hand is only rebuilt with --force.
  const force = existsSync(path.join(root, 'apps/server/dist/main.js')) ? [] : ['--force'];
  // Without --verbose, tsc -b prints nothing when the project is up to date.
  run(process.execPath, [
    fromRoot.resolve('typescript/bin/tsc'),
    '-b',
    path.join(root, 'apps/server/tsconfig.build.json'),
    ...force,
  ]);
}

buildWeb();
buildServer();
