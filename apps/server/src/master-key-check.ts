import { rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Secrets } from './config.ts';
import type { Database } from './db/client.ts';
import { AuditService } from './modules/audit/index.ts';
import { SigningKeyRing } from './modules/auth/index.ts';
import { StorageKeyRing } from './platform/storage/index.ts';

/**
 * The process's master key opens none of the keys already sealed in the database: starting (or
 * running a command) would answer 500 to every sign-in and seal new keys under the wrong master
 * key, so it refuses before writing anything.
 */
export class MasterKeyMismatchError extends Error {
  override name = 'MasterKeyMismatchError';
}

/** Keys sealed under MASTER_KEY: one that opens proves the master key is the data's. */
interface SealedKeys {
  /** The table, checked for existence first: a database not yet migrated has nothing sealed. */
  table: string;
  /** What a key is, for the message (an `s` makes the plural). */
  what: string;
  unopened(db: Database, masterKey: Buffer): Promise<{ checked: number; unopened: string[] }>;
}

const SEALED_KEYS: SealedKeys[] = [
  { table: 'signing_keys', what: 'signing key', unopened: SigningKeyRing.unopenedKeys },
  { table: 'storage_keys', what: 'storage data key', unopened: StorageKeyRing.unopenedKeys },
  { table: 'audit_chain_keys', what: 'audit chain key', unopened: AuditService.unopenedKeys },
];

export interface MasterKeyCheck {
  /** Sealed keys tried. */
  checked: number;
  /**
   * Set when some sealed keys open and others do not: the process may run (its key is the data's),
   * but those keys are lost to it; the caller logs this.
   */
  warning?: string;
}

async function tableExists(db: Database, table: string): Promise<boolean> {
  const result = await db.execute(
    sql`select to_regclass(${`public.${table}`}) is not null as "present"`,
  );
  return (result as unknown as { rows: { present: boolean }[] }).rows[0]?.present === true;
}

/**
 * Checks that `secrets.masterKey` opens the keys already sealed in the database (every signing key
 * and storage data key), before migrations or any write. None opening: throws
 * `MasterKeyMismatchError` naming the likely cause (and removes a secrets.json generated just now,
 * which would otherwise replace the lost one for good). Some opening: returns a warning.
 * `dataDir` is DATA_DIR, named in the message when the key comes from its secrets.json.
 */
export async function assertMasterKeyOpens(
  db: Database,
  secrets: Secrets,
  dataDir: string,
): Promise<MasterKeyCheck> {
  const results: { what: string; checked: number; unopened: string[] }[] = [];
  for (const kind of SEALED_KEYS) {
    if (!(await tableExists(db, kind.table))) continue;
    results.push({ what: kind.what, ...(await kind.unopened(db, secrets.masterKey)) });
  }
  const checked = results.reduce((sum, r) => sum + r.checked, 0);
  const unopened = results.flatMap((r) => r.unopened);
  if (unopened.length === 0) return { checked };
  const source = describeSource(secrets, dataDir);
  const counts = results
    .filter((r) => r.checked > 0)
    .map((r) => count(r.checked, r.what))
    .join(', ');
  if (unopened.length < checked) {
    return {
      checked,
      warning:
        `${unopened.length} of the ${count(checked, 'key')} sealed in this database do not open with ` +
        `${source}, while the others do: ${unopened.join(', ')}. Likely cause: an instance kept ` +
        'running with the previous master key after rotate-master-key and sealed them, or the ' +
        'rows were altered. What needs them answers 503; `monassurance rotate-keys` replaces an ' +
        'active signing key that does not open.',
    };
  }
  if (secrets.generated) rmSync(path.join(dataDir, 'secrets.json'), { force: true });
  throw new MasterKeyMismatchError(
    `The master key does not open the data of this database: none of its ${count(checked, 'sealed key')} ` +
      `(${counts}) opens with ${source}. Nothing was written. Likely causes:\n` +
      [...likelyCauses(secrets, dataDir)].map((cause) => `  - ${cause}`).join('\n'),
  );
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function describeSource(secrets: Secrets, dataDir: string): string {
  switch (secrets.source) {
    case 'env':
      return 'MASTER_KEY';
    case 'file':
      return 'the key in MASTER_KEY_FILE';
    default:
      return secrets.generated
        ? `a key generated just now because ${path.join(dataDir, 'secrets.json')} was missing`
        : `the key in ${path.join(dataDir, 'secrets.json')}`;
  }
}

function* likelyCauses(secrets: Secrets, dataDir: string): Generator<string> {
  const file = path.join(dataDir, 'secrets.json');
  if (secrets.source === 'env') {
    yield "MASTER_KEY is mistyped or truncated, or is the key of another environment or of another DATA_DIR's secrets.json.";
  } else if (secrets.source === 'file') {
    yield "MASTER_KEY_FILE names a file holding another key (another environment's secret, a stale secret mount).";
  } else if (secrets.generated) {
    yield `${file} was deleted or never copied with the database, so a new key was generated (and removed again): restore this data's secrets.json from the backup it came with.`;
  } else {
    yield `${file} is not the one this database was sealed with: it comes from another DATA_DIR, or the database and secrets.json were restored from different backups.`;
  }
  yield 'rotate-master-key was run and this process still has the previous key: restart with the new key (the one given with --new-key-file).';
}
