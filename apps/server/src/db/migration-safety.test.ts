import { describe, expect, it } from 'vitest';
import { migrationsFolder } from './client.ts';
import { DEPRECATED_COLUMNS } from './deprecations.ts';
import { findUnsafeMigrationSteps, readMigrations } from './migration-safety.ts';

const m = (tag: string, sql: string) => ({ tag, sql });
const deprecated = (table: string, column: string, deprecatedIn: string) => ({
  table,
  column,
  deprecatedIn,
  reason: 'test',
});

describe('findUnsafeMigrationSteps', () => {
  it('accepts additive migrations', () => {
    expect(
      findUnsafeMigrationSteps(
        [
          m('0000_a', 'CREATE TABLE "t" ("id" uuid);'),
          m(
            '0001_b',
            'ALTER TABLE "t" ADD COLUMN "x" text;--> statement-breakpoint\nCREATE INDEX "i" ON "t" ("x");',
          ),
        ],
        [],
      ),
    ).toEqual([]);
  });

  it('refuses a column rename in any form', () => {
    const problems = findUnsafeMigrationSteps(
      [
        m('0000_a', 'ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";'),
        m('0001_b', 'ALTER TABLE users RENAME TO people;'),
      ],
      [],
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^0000_a: .* renames in one step/);
  });

  it('refuses dropping a column that was never deprecated', () => {
    const problems = findUnsafeMigrationSteps(
      [
        m('0000_a', 'CREATE TABLE "t" ("x" text);'),
        m('0001_b', 'ALTER TABLE "public"."t" DROP COLUMN "x";'),
      ],
      [],
    );
    expect(problems).toEqual([
      expect.stringMatching(/^0001_b: drops column t\.x without deprecating it/),
    ]);
  });

  it('refuses dropping a column deprecated in the same migration', () => {
    const migrations = [
      m('0000_a', 'CREATE TABLE "t" ("x" text);'),
      m('0001_b', 'ALTER TABLE "t" DROP COLUMN IF EXISTS "x";'),
    ];
    expect(findUnsafeMigrationSteps(migrations, [deprecated('t', 'x', '0001_b')])).toHaveLength(1);
  });

  it('accepts dropping a column deprecated in an earlier migration', () => {
    const migrations = [
      m('0000_a', 'CREATE TABLE "t" ("x" text);'),
      m('0001_b', 'ALTER TABLE "t" DROP COLUMN "x";'),
    ];
    expect(findUnsafeMigrationSteps(migrations, [deprecated('t', 'x', '0000_a')])).toEqual([]);
  });

  it('applies the same rule to dropping a table', () => {
    const migrations = [
      m('0000_a', 'CREATE TABLE "t" ("x" text);'),
      m('0001_b', 'DROP TABLE "t" CASCADE;'),
    ];
    expect(findUnsafeMigrationSteps(migrations, [])).toEqual([
      expect.stringMatching(/drops table t/),
    ]);
    expect(findUnsafeMigrationSteps(migrations, [deprecated('t', '*', '0000_a')])).toEqual([]);
  });

  it('does not mistake dropping a constraint or a comment for dropping a column', () => {
    const migrations = [
      m('0000_a', '-- DROP COLUMN "x" was considered\nALTER TABLE "t" DROP CONSTRAINT "t_x_fk";'),
    ];
    expect(findUnsafeMigrationSteps(migrations, [])).toEqual([]);
  });

  it('passes on the committed migrations', () => {
    const migrations = readMigrations(migrationsFolder);
    expect(migrations.length).toBeGreaterThan(0);
    expect(findUnsafeMigrationSteps(migrations, DEPRECATED_COLUMNS)).toEqual([]);
  });
});
