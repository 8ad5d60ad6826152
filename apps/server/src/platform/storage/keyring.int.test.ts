import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '../../db/client.ts';
import { organizations, storageKeys } from '../../db/schema/index.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { DecryptionError } from '../crypto/index.ts';
import { EncryptedObjectStore } from './encrypted-store.ts';
import { readKeyVersion } from './envelope.ts';
import { StorageKeyNotFoundError, StorageKeyRing } from './keyring.ts';
import { createLocalStore } from './local.ts';

const MASTER = randomBytes(32);
let database: DatabaseHandle;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'monassurance-keyring-'));
});
afterAll(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

async function newCabinet(db: Database = database.db): Promise<string> {
  const [row] = await db
    .insert(organizations)
    .values({ name: `Cabinet ${randomUUID()}` })
    .returning({ id: organizations.id });
  return row!.id;
}

function keyRows(organizationId: string, db: Database = database.db) {
  return db
    .select()
    .from(storageKeys)
    .where(eq(storageKeys.organizationId, organizationId))
    .orderBy(storageKeys.keyVersion);
}

describe('StorageKeyRing', () => {
  it('creates version 1 on first use, stores it wrapped, and returns it again after', async () => {
    const cabinet = await newCabinet();
    expect(await keyRows(cabinet)).toEqual([]);
    const ring = new StorageKeyRing(database.db, MASTER);
    const first = await ring.activeKey(cabinet);
    expect(first.version).toBe(1);
    expect(first.key).toHaveLength(32);
    const rows = await keyRows(cabinet);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ keyVersion: 1, retiredAt: null });
    expect(rows[0]!.wrappedKey).toMatch(/^v1\./);
    for (const encoding of ['base64', 'base64url', 'hex'] as const) {
      expect(rows[0]!.wrappedKey).not.toContain(first.key.toString(encoding));
    }
    // Another instance (no cache) reads the same key.
    const other = new StorageKeyRing(database.db, MASTER);
    expect((await other.activeKey(cabinet)).key.equals(first.key)).toBe(true);
    expect((await other.key(cabinet, 1)).equals(first.key)).toBe(true);
    expect(await keyRows(cabinet)).toHaveLength(1);
  });

  it('ends with one key when instances ask for a new cabinet’s key at once', async () => {
    const cabinet = await newCabinet();
    const rings = Array.from({ length: 6 }, () => new StorageKeyRing(database.db, MASTER));
    const keys = await Promise.all(rings.map((ring) => ring.activeKey(cabinet)));
    expect(new Set(keys.map((k) => k.key.toString('hex'))).size).toBe(1);
    expect(keys.every((k) => k.version === 1)).toBe(true);
    expect(await keyRows(cabinet)).toHaveLength(1);
  });

  it('gives each cabinet its own key', async () => {
    const ring = new StorageKeyRing(database.db, MASTER);
    const a = await ring.activeKey(await newCabinet());
    const b = await ring.activeKey(await newCabinet());
    expect(a.key.equals(b.key)).toBe(false);
  });

  it('says clearly when a version does not exist', async () => {
    const cabinet = await newCabinet();
    const ring = new StorageKeyRing(database.db, MASTER);
    await ring.activeKey(cabinet);
    const error = await ring.key(cabinet, 9).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageKeyNotFoundError);
    expect(error).toMatchObject({ organizationId: cabinet, version: 9 });
    expect(String(error)).toContain(`Cabinet ${cabinet} has no storage data key version 9`);
  });

  it('refuses a data key for a cabinet that does not exist', async () => {
    const ring = new StorageKeyRing(database.db, MASTER);
    await expect(ring.activeKey(randomUUID())).rejects.toThrow();
    await expect(ring.rotate(randomUUID())).rejects.toThrow(/No cabinet/);
  });

  it('rotates: old objects still open, new ones use the next version', async () => {
    const cabinet = await newCabinet();
    const ring = new StorageKeyRing(database.db, MASTER);
    const files = new EncryptedObjectStore(createLocalStore(path.join(dir, 'rotate')), ring);
    const raw = createLocalStore(path.join(dir, 'rotate'));
    await files.put(cabinet, 'rotate/old.pdf', Buffer.from('avant rotation'));
    expect(readKeyVersion(await raw.get('rotate/old.pdf'))).toBe(1);

    expect(await ring.rotate(cabinet)).toBe(2);
    const rows = await keyRows(cabinet);
    expect(rows.map((row) => [row.keyVersion, row.retiredAt === null])).toEqual([
      [1, false],
      [2, true],
    ]);
    const put = await files.put(cabinet, 'rotate/new.pdf', Buffer.from('après rotation'));
    expect(put.keyVersion).toBe(2);
    expect(readKeyVersion(await raw.get('rotate/new.pdf'))).toBe(2);
    expect((await ring.activeKey(cabinet)).version).toBe(2);

    // Read back by another instance that never saw either key.
    const fresh = new EncryptedObjectStore(raw, new StorageKeyRing(database.db, MASTER));
    expect((await fresh.get(cabinet, 'rotate/old.pdf')).toString()).toBe('avant rotation');
    expect((await fresh.get(cabinet, 'rotate/new.pdf')).toString()).toBe('après rotation');
    expect((await ring.key(cabinet, 1)).equals(await ring.key(cabinet, 2))).toBe(false);
  });

  it('keeps one active key when rotations race', async () => {
    const cabinet = await newCabinet();
    const ring = new StorageKeyRing(database.db, MASTER);
    await ring.activeKey(cabinet);
    const versions = await Promise.all([ring.rotate(cabinet), ring.rotate(cabinet)]);
    expect(versions.sort()).toEqual([2, 3]);
    const active = await database.db
      .select()
      .from(storageKeys)
      .where(and(eq(storageKeys.organizationId, cabinet), isNull(storageKeys.retiredAt)));
    expect(active.map((row) => row.keyVersion)).toEqual([3]);
  });

  it('starts a cabinet at version 1 when the first thing it does is rotate', async () => {
    const cabinet = await newCabinet();
    const ring = new StorageKeyRing(database.db, MASTER);
    expect(await ring.rotate(cabinet)).toBe(1);
    expect((await ring.activeKey(cabinet)).version).toBe(1);
  });

  it('makes the next version when every key of a cabinet was retired', async () => {
    const cabinet = await newCabinet();
    const ring = new StorageKeyRing(database.db, MASTER);
    await ring.activeKey(cabinet);
    await database.db
      .update(storageKeys)
      .set({ retiredAt: new Date() })
      .where(eq(storageKeys.organizationId, cabinet));
    expect((await ring.activeKey(cabinet)).version).toBe(2);
  });

  it('refuses to open data keys with another master key, saying why', async () => {
    const cabinet = await newCabinet();
    await new StorageKeyRing(database.db, MASTER).activeKey(cabinet);
    const wrong = new StorageKeyRing(database.db, randomBytes(32));
    const error = await wrong.activeKey(cabinet).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DecryptionError);
    expect(String(error)).toMatch(/does not open with this MASTER_KEY/);
    await expect(wrong.key(cabinet, 1)).rejects.toBeInstanceOf(DecryptionError);
  });

  it('refuses a wrapped key moved to another cabinet or version', async () => {
    const [a, b] = [await newCabinet(), await newCabinet()];
    const ring = new StorageKeyRing(database.db, MASTER);
    await ring.activeKey(a);
    await ring.activeKey(b);
    const [rowA] = await keyRows(a);
    await database.db
      .update(storageKeys)
      .set({ wrappedKey: rowA!.wrappedKey })
      .where(eq(storageKeys.organizationId, b));
    await expect(new StorageKeyRing(database.db, MASTER).key(b, 1)).rejects.toBeInstanceOf(
      DecryptionError,
    );
  });
});

describe('StorageKeyRing.rewrapAll (master key rotation)', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    // Its own database: it re-wraps every key there is.
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  it('re-wraps every cabinet’s keys so the new master key opens objects sealed before', async () => {
    const db = handle.db;
    const oldMaster = randomBytes(32);
    const newMaster = randomBytes(32);
    const ring = new StorageKeyRing(db, oldMaster);
    const store = createLocalStore(path.join(dir, 'rewrap'));
    const files = new EncryptedObjectStore(store, ring);
    const [a, b] = [await newCabinet(db), await newCabinet(db)];
    await files.put(a, 'a/v1.pdf', Buffer.from('A v1'));
    await ring.rotate(a);
    await files.put(a, 'a/v2.pdf', Buffer.from('A v2'));
    await files.put(b, 'b/v1.pdf', Buffer.from('B v1'));
    const before = await db.select().from(storageKeys);

    expect(await StorageKeyRing.rewrapAll(db, oldMaster, newMaster)).toBe(3);

    const after = await db.select().from(storageKeys);
    for (const row of after) {
      expect(row.wrappedKey).not.toBe(before.find((old) => old.id === row.id)!.wrappedKey);
    }
    const reopened = new EncryptedObjectStore(store, new StorageKeyRing(db, newMaster));
    expect((await reopened.get(a, 'a/v1.pdf')).toString()).toBe('A v1');
    expect((await reopened.get(a, 'a/v2.pdf')).toString()).toBe('A v2');
    expect((await reopened.get(b, 'b/v1.pdf')).toString()).toBe('B v1');

    const stale = new EncryptedObjectStore(store, new StorageKeyRing(db, oldMaster));
    await expect(stale.get(a, 'a/v1.pdf')).rejects.toThrow(/does not open with this MASTER_KEY/);
  });

  it('changes nothing when one key does not open with the old master key', async () => {
    const db = handle.db;
    const master = randomBytes(32);
    const cabinet = await newCabinet(db);
    await new StorageKeyRing(db, master).activeKey(cabinet);
    const before = await db.select().from(storageKeys).orderBy(storageKeys.id);
    // The previous test's keys are under another master key now: the run must fail whole.
    await expect(StorageKeyRing.rewrapAll(db, master, randomBytes(32))).rejects.toBeInstanceOf(
      DecryptionError,
    );
    expect(await db.select().from(storageKeys).orderBy(storageKeys.id)).toEqual(before);
  });

  it('leaves no plaintext in the stored file or the database', async () => {
    const db = handle.db;
    const master = randomBytes(32);
    const cabinet = await newCabinet(db);
    const ring = new StorageKeyRing(db, master);
    const folder = path.join(dir, 'plain');
    const files = new EncryptedObjectStore(createLocalStore(folder), ring);
    const plaintext = Buffer.from(
      'NIR 1 84 12 75 123 456 78 — contrat santé confidentiel. '.repeat(50),
    );
    await files.put(cabinet, 'secret/doc.html', plaintext);
    const onDisk = await readFile(path.join(folder, 'secret/doc.html'));
    for (let at = 0; at + 16 <= plaintext.length; at += 16) {
      expect(onDisk.includes(plaintext.subarray(at, at + 16))).toBe(false);
    }
    const { key } = await ring.activeKey(cabinet);
    expect(onDisk.includes(key)).toBe(false);
    const [row] = await keyRows(cabinet, db);
    expect(row!.wrappedKey).not.toContain(key.toString('base64url'));
    expect(await readdir(path.join(folder, 'secret'))).toEqual(['doc.html']);
  });
});
