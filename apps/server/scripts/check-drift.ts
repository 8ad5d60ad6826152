// Fails when a generated or guarded artefact is out of date: OpenAPI document, API client,
// README env and command tables, Drizzle migrations (schema changed without `npm run db:generate`), and
// migrations that drop or rename without the deprecation steps.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { migrationsFolder } from '../src/db/client.ts';
import { DEPRECATED_COLUMNS } from '../src/db/deprecations.ts';
import { findUnsafeMigrationSteps, readMigrations } from '../src/db/migration-safety.ts';
import { renderOpenApiDocument } from '../src/openapi.ts';
import {
  API_CLIENT_SCHEMA_FILE,
  OPENAPI_FILE,
  README_FILE,
  renderApiClientSchema,
  withGeneratedTables,
} from './generated-files.ts';

const problems: string[] = [];
const same = (file: string, expected: string, fix: string) => {
  if (readFileSync(file, 'utf8') !== expected)
    problems.push(`${path.relative(process.cwd(), file)} is out of date: run ${fix}`);
};

const document = await renderOpenApiDocument();
same(OPENAPI_FILE, document, '`npm run openapi -w apps/server`');
same(
  API_CLIENT_SCHEMA_FILE,
  await renderApiClientSchema(document),
  '`npm run openapi -w apps/server`',
);
same(
  README_FILE,
  withGeneratedTables(readFileSync(README_FILE, 'utf8')),
  '`npm run docs -w apps/server`',
);

problems.push(...findUnsafeMigrationSteps(readMigrations(migrationsFolder), DEPRECATED_COLUMNS));

// drizzle-kit against a copy of the migrations: any new file means the schema drifted. drizzle-kit
// only takes an `--out` relative to the working directory, and may exit 0 on failure: hence the
// scratch folder inside the package and the check of what it printed.
const serverDir = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(serverDir, '.drift-'));
try {
  cpSync(migrationsFolder, scratch, { recursive: true });
  const before = readdirSync(scratch).sort();
  const output = execFileSync(
    'npx',
    [
      'drizzle-kit',
      'generate',
      '--dialect',
      'postgresql',
      '--schema',
      './src/db/schema/index.ts',
      '--out',
      `./${path.relative(serverDir, scratch)}`,
    ],
    { cwd: serverDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const added = readdirSync(scratch).filter((f) => !before.includes(f));
  if (added.length > 0) {
    problems.push(
      `the Drizzle schema differs from the migrations (it would add ${added.join(', ')}): run \`npm run db:generate -w apps/server -- --name <change>\``,
    );
  } else if (!output.includes('No schema changes')) {
    problems.push(`drizzle-kit generate did not confirm the schema is unchanged:\n${output}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`Drift found:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('No drift: OpenAPI, API client, README env and command tables, migrations.');
