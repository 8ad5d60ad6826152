import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
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

export function renderEnvTable(): string {
  const rows = ENV_VARS.map((v) => [
    `\`${v.name}\`${'secret' in v && v.secret ? ' (secret)' : ''}`,
    'default' in v ? `\`${v.default}\`` : '—',
    v.doc.replace(/\|/g, '\\|'),
  ]);
  const table = [['Variable', 'Default', 'Meaning'], ...rows];
  const widths = [0, 1, 2].map((i) => Math.max(...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(table[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The README with its environment table replaced by the generated one. */
export function withEnvTable(readme: string): string {
  const start = readme.indexOf(ENV_TABLE_START);
  const end = readme.indexOf(ENV_TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`README.md lacks the ${ENV_TABLE_START} … ${ENV_TABLE_END} markers`);
  return `${readme.slice(0, start + ENV_TABLE_START.length)}\n\n${renderEnvTable()}\n\n${readme.slice(end)}`;
}
