// The lint rules that hold the module boundaries (STYLE.md, Server) catch what they are for: run
// through ESLint's API with the repository's own config, on code that is never written to disk.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

/** The rule ids ESLint reports for `code` as if it were the file `file` of the repository. */
async function ruleIds(file: string, code: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.map((message) => message.ruleId);
}

const BOUNDARY = 'boundaries/dependencies';
const INDEX_EXPORTS = 'monassurance/module-index-exports';

describe('module boundaries', () => {
  it("refuses an import of another module's internal file, not of its index.ts", async () => {
    const file = 'apps/server/src/modules/imports/boundary-fixture.ts';
    expect(
      await ruleIds(
        file,
        "import { findClient } from '../clients/clients.repository.ts';\nexport const used = findClient;\n",
      ),
    ).toEqual([BOUNDARY]);
    expect(
      await ruleIds(
        file,
        "export { ClientsService } from '../clients/index.ts';\nexport { ImportsService } from './imports.service.ts';\n",
      ),
    ).toEqual([]);
  });

  it("refuses a repository write in a module's index.ts, directly or re-exported", async () => {
    const file = 'apps/server/src/modules/clients/index.ts';
    expect(
      await ruleIds(
        file,
        "export { findClient, insertClient, type ClientRow } from './clients.repository.ts';\n",
      ),
    ).toEqual([INDEX_EXPORTS]);
    expect(
      await ruleIds(
        file,
        "import { updateClient } from './clients.repository.ts';\nexport { updateClient };\n",
      ),
    ).toEqual([INDEX_EXPORTS]);
    expect(await ruleIds(file, "export * from './clients.repository.ts';\n")).toEqual([
      INDEX_EXPORTS,
    ]);
    expect(
      await ruleIds(
        file,
        "export { findClientsByKeys, type ClientRow } from './clients.repository.ts';\nexport { ClientsService } from './clients.service.ts';\n",
      ),
    ).toEqual([]);
  });
});
