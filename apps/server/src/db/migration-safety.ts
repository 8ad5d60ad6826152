import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ColumnDeprecation } from './deprecations.ts';

export interface Migration {
  tag: string;
  sql: string;
}

const IDENT = String.raw`(?:"[^"]+"|\w+)`;
const TABLE = String.raw`(?:${IDENT}\.)?(${IDENT})`;
const DROP_COLUMN = new RegExp(
  String.raw`ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?${TABLE}\s+DROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?(${IDENT})`,
  'i',
);
const DROP_TABLE = new RegExp(String.raw`DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?${TABLE}`, 'i');
const RENAME = /\bRENAME\s+(?:COLUMN\s+)?(?:"[^"]+"|\w+)\s+TO\b|\bRENAME\s+TO\b/i;
const DROP_CONSTRAINT = /\bDROP\s+CONSTRAINT\b/i;

const unquote = (identifier: string | undefined) => (identifier ?? '').replace(/^"|"$/g, '');

/** Splits a migration into statements, without comments. */
function statements(sql: string): string[] {
  return sql
    .split(/-->\s*statement-breakpoint|;\s*$/m)
    .map((s) => s.replace(/--.*$/gm, '').trim())
    .filter(Boolean);
}

/**
 * Finds the destructive steps that skip the deprecation procedure: any rename, and any drop of a
 * column or table not deprecated in an earlier migration. Returns one message per problem.
 */
export function findUnsafeMigrationSteps(
  migrations: Migration[],
  deprecations: ColumnDeprecation[],
): string[] {
  const order = new Map(migrations.map((m, i) => [m.tag, i]));
  const problems: string[] = [];
  migrations.forEach((migration, index) => {
    for (const statement of statements(migration.sql)) {
      const short = statement.replace(/\s+/g, ' ').slice(0, 120);
      if (RENAME.test(statement)) {
        problems.push(
          `${migration.tag}: "${short}" renames in one step; add the new name, copy the data, and drop the old one in a later release.`,
        );
        continue;
      }
      let target: { table: string; column: string } | undefined;
      const dropColumn = DROP_COLUMN.exec(statement);
      const dropTable = DROP_TABLE.exec(statement);
      if (dropColumn && !DROP_CONSTRAINT.test(statement)) {
        target = { table: unquote(dropColumn[1]), column: unquote(dropColumn[2]) };
      } else if (dropTable) {
        target = { table: unquote(dropTable[1]), column: '*' };
      }
      if (!target) continue;
      const deprecation = deprecations.find(
        (d) => d.table === target.table && d.column === target.column,
      );
      const deprecatedAt = deprecation ? order.get(deprecation.deprecatedIn) : undefined;
      if (deprecatedAt === undefined || deprecatedAt >= index) {
        const what =
          target.column === '*'
            ? `table ${target.table}`
            : `column ${target.table}.${target.column}`;
        problems.push(
          `${migration.tag}: drops ${what} without deprecating it in an earlier migration (list it in src/db/deprecations.ts first).`,
        );
      }
    }
  });
  return problems;
}

/** Reads the committed migrations in journal order. */
export function readMigrations(folder: string): Migration[] {
  const journal = JSON.parse(readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  return journal.entries.map(({ tag }) => ({
    tag,
    sql: readFileSync(path.join(folder, `${tag}.sql`), 'utf8'),
  }));
}
