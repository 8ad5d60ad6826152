import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { commandSummaries } from '../src/cli.ts';
import { ENV_VARS } from '../src/config.ts';

const root = path.resolve(import.meta.dirname, '../../..');
export const OPENAPI_FILE = path.join(root, 'apps/server/openapi.json');
export const API_CLIENT_SCHEMA_FILE = path.join(root, 'packages/api-client/src/schema.d.ts');
export const README_FILE = path.join(root, 'README.md');

const HEADER =
  '// Generated from apps/server/openapi.json by `npm run openapi -w apps/server`. Do not edit.\n\n';

export async function renderApiClientSchema(openapiJson: string): Promise<string> {
  const ast = await openapiTS(JSON.parse(openapiJson) as Parameters<typeof openapiTS>[0]);
  return HEADER + astToString(ast);
}

export const ENV_TABLE_START =
  '<!-- env-table:start (generated from apps/server/src/config.ts by `npm run docs -w apps/server`) -->';
export const ENV_TABLE_END = '<!-- env-table:end -->';

function markdownTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(rows[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join(
    '\n',
  );
}

export function renderEnvTable(): string {
  return markdownTable([
    ['Variable', 'Default', 'Meaning'],
    ...ENV_VARS.map((v) => [
      `\`${v.name}\`${'secret' in v && v.secret ? ' (secret)' : ''}`,
      'default' in v ? `\`${v.default}\`` : '—',
      v.doc.replace(/\|/g, '\\|'),
    ]),
  ]);
}

export const CLI_TABLE_START =
  '<!-- cli-table:start (generated from apps/server/src/cli.ts by `npm run docs -w apps/server`) -->';
export const CLI_TABLE_END = '<!-- cli-table:end -->';

export function renderCliTable(): string {
  return markdownTable([
    ['Command', 'What it does'],
    ...commandSummaries().map((c) => [`\`${c.name}\``, c.summary.replace(/\|/g, '\\|')]),
  ]);
}

function replaceBetween(text: string, start: string, end: string, content: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} … ${end} markers`);
  return `${text.slice(0, from + start.length)}\n\n${content}\n\n${text.slice(to)}`;
}

/** The README with its environment and command tables replaced by the generated ones. */
export function withGeneratedTables(readme: string): string {
  const withEnv = replaceBetween(readme, ENV_TABLE_START, ENV_TABLE_END, renderEnvTable());
  return replaceBetween(withEnv, CLI_TABLE_START, CLI_TABLE_END, renderCliTable());
}
