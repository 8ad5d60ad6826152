import { randomBytes } from 'node:crypto';
import { and, eq, isNull, max } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { organizations, storageKeys } from '../../db/schema/index.ts';
import { decrypt, DecryptionError, deriveKey, encrypt, SealedKeyError } from '../crypto/index.ts';

const DATA_KEY_BYTES = 32;
const WRAPPING_PURPOSE = 'storage-data-keys';

/** The data key of this version does not exist for this cabinet. */
export class StorageKeyNotFoundError extends Error {
  override name = 'StorageKeyNotFoundError';
  constructor(
    readonly organizationId: string,
    readonly version: number,
  ) {
    super(`Cabinet ${organizationId} has no storage data key version ${version}.`);
  }
}

export interface DataKey {
  version: number;
  key: Buffer;
}

function wrapAad(organizationId: string, version: number): string {
  return `storage-key:${organizationId}:${version}`;
}

function unwrap(
  wrappingKey: Buffer,
  organizationId: string,
  version: number,
  wrappedKey: string,
): Buffer {
  try {
    return decrypt(wrappingKey, wrappedKey, wrapAad(organizationId, version));
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    throw new SealedKeyError(
      `The storage data key version ${version} of cabinet ${organizationId} does not open with ` +
        'this MASTER_KEY: the master key changed without `rewrapAll`, or the row was altered.',
      { cause: error },
    );
  }
}

/**
 * Per-cabinet data keys for envelope encryption of stored files. Each key is random and stored
 * only wrapped under a key derived from MASTER_KEY, so rotating the master key re-wraps a few
 * rows instead of re-encrypting every file. Keys never change once written, so unwrapped keys
 * are cached for the life of the process; the active version is read from the database every
 * time, so a rotation made by another instance is seen at once.
 */
export class StorageKeyRing {
  private readonly wrappingKey: Buffer;
  private readonly unwrapped = new Map<string, Buffer>();

  constructor(
    private readonly db: Database,
    masterKey: Buffer,
  ) {
    this.wrappingKey = deriveKey(masterKey, WRAPPING_PURPOSE);
  }

  /** The key new objects of the cabinet are sealed with; the first one is created on first use. */
  async activeKey(organizationId: string): Promise<DataKey> {
    const current = await this.selectActive(organizationId);
    if (current) return this.remember(organizationId, current.keyVersion, current.wrappedKey);
    const [highest] = await this.db
      .select({ version: max(storageKeys.keyVersion) })
      .from(storageKeys)
      .where(eq(storageKeys.organizationId, organizationId));
    const version = (highest?.version ?? 0) + 1;
    // Two first calls at once both insert; the unique indexes keep one row and the loser reads it.
    await this.db
      .insert(storageKeys)
      .values({
        organizationId,
        keyVersion: version,
        wrappedKey: this.wrapNew(organizationId, version),
      })
      .onConflictDoNothing();
    const winner = await this.selectActive(organizationId);
    if (!winner) {
      throw new Error(
        `Cabinet ${organizationId} has no active storage key and none could be made.`,
      );
    }
    return this.remember(organizationId, winner.keyVersion, winner.wrappedKey);
  }

  /** The data key of a given version, active or retired: old objects keep opening. */
  async key(organizationId: string, version: number): Promise<Buffer> {
    const cached = this.unwrapped.get(cacheKey(organizationId, version));
    if (cached) return cached;
    const [row] = await this.db
      .select({ wrappedKey: storageKeys.wrappedKey })
      .from(storageKeys)
      .where(
        and(eq(storageKeys.organizationId, organizationId), eq(storageKeys.keyVersion, version)),
      );
    if (!row) throw new StorageKeyNotFoundError(organizationId, version);
    return this.remember(organizationId, version, row.wrappedKey).key;
  }

  /**
   * Retires the cabinet's active key and makes a new one (version n + 1) in one transaction; new
   * objects use it, existing objects are not re-encrypted and keep opening with their version.
   */
  async rotate(organizationId: string): Promise<number> {
    const version = await this.db.transaction(async (tx) => {
      // Serialises rotations of one cabinet: the second waits and then rotates the first's key.
      const [cabinet] = await tx
        .select({ id: organizations.id })
        .from(organizations)
        .where(eq(organizations.id, organizationId))
        .for('update');
      if (!cabinet) throw new Error(`No cabinet ${organizationId}: no storage key to rotate.`);
      await tx
        .update(storageKeys)
        .set({ retiredAt: new Date() })
        .where(and(eq(storageKeys.organizationId, organizationId), isNull(storageKeys.retiredAt)));
      const [highest] = await tx
        .select({ version: max(storageKeys.keyVersion) })
        .from(storageKeys)
        .where(eq(storageKeys.organizationId, organizationId));
      const next = (highest?.version ?? 0) + 1;
      await tx.insert(storageKeys).values({
        organizationId,
        keyVersion: next,
        wrappedKey: this.wrapNew(organizationId, next),
      });
      return next;
    });
    return version;
  }

  /**
   * Re-wraps every data key of every cabinet from one master key to another, in one transaction
   * (all or nothing), and returns how many keys it re-wrapped. Objects are untouched. Running
   * instances keep working with their cached keys; restart them with the new MASTER_KEY.
   */
  static async rewrapAll(
    db: Database,
    oldMasterKey: Buffer,
    newMasterKey: Buffer,
  ): Promise<number> {
    const oldWrapping = deriveKey(oldMasterKey, WRAPPING_PURPOSE);
    const newWrapping = deriveKey(newMasterKey, WRAPPING_PURPOSE);
    return db.transaction(async (tx) => {
      const rows = await tx.select().from(storageKeys).for('update');
      for (const row of rows) {
        const key = unwrap(oldWrapping, row.organizationId, row.keyVersion, row.wrappedKey);
        await tx
          .update(storageKeys)
          .set({
            wrappedKey: encrypt(newWrapping, key, wrapAad(row.organizationId, row.keyVersion)),
          })
          .where(eq(storageKeys.id, row.id));
      }
      return rows.length;
    });
  }

  /**
   * Which wrapped data keys do not open with `masterKey` (the start-up check of the master key,
   * see master-key-check.ts): every row is tried, nothing is cached or written.
   */
  static async unopenedKeys(
    db: Database,
    masterKey: Buffer,
  ): Promise<{ checked: number; unopened: string[] }> {
    const wrapping = deriveKey(masterKey, WRAPPING_PURPOSE);
    const rows = await db
      .select({
        organizationId: storageKeys.organizationId,
        version: storageKeys.keyVersion,
        wrappedKey: storageKeys.wrappedKey,
      })
      .from(storageKeys);
    const unopened = rows.filter((row) => {
      try {
        decrypt(wrapping, row.wrappedKey, wrapAad(row.organizationId, row.version));
        return false;
      } catch (error) {
        if (error instanceof DecryptionError) return true;
        throw error;
      }
    });
    return {
      checked: rows.length,
      unopened: unopened.map((row) => `cabinet ${row.organizationId} v${row.version}`),
    };
  }

  private async selectActive(organizationId: string) {
    const [row] = await this.db
      .select({ keyVersion: storageKeys.keyVersion, wrappedKey: storageKeys.wrappedKey })
      .from(storageKeys)
      .where(and(eq(storageKeys.organizationId, organizationId), isNull(storageKeys.retiredAt)));
    return row;
  }

  private wrapNew(organizationId: string, version: number): string {
    return encrypt(this.wrappingKey, randomBytes(DATA_KEY_BYTES), wrapAad(organizationId, version));
  }

  private remember(organizationId: string, version: number, wrappedKey: string): DataKey {
    const id = cacheKey(organizationId, version);
    let key = this.unwrapped.get(id);
    if (!key) {
      key = unwrap(this.wrappingKey, organizationId, version, wrappedKey);
      this.unwrapped.set(id, key);
    }
    return { version, key };
  }
}

function cacheKey(organizationId: string, version: number): string {
  return `${organizationId}:${version}`;
}
