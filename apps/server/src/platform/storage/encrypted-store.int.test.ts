import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { organizations } from '../../db/schema/index.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { DecryptionError } from '../crypto/index.ts';
import { EncryptedObjectStore } from './encrypted-store.ts';
import { ENVELOPE_OVERHEAD } from './envelope.ts';
import { StorageKeyNotFoundError, StorageKeyRing } from './keyring.ts';
import { createLocalStore } from './local.ts';
import { ObjectNotFoundError, type ObjectStore } from './object-store.ts';

let database: DatabaseHandle;
let dir: string;
let raw: ObjectStore;
let files: EncryptedObjectStore;
let cabinet: string;
let otherCabinet: string;

async function newCabinet(): Promise<string> {
  const [row] = await database.db
    .insert(organizations)
    .values({ name: `Cabinet ${randomUUID()}` })
    .returning({ id: organizations.id });
  return row!.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'monassurance-encrypted-'));
  raw = createLocalStore(dir);
  files = new EncryptedObjectStore(raw, new StorageKeyRing(database.db, randomBytes(32)));
  cabinet = await newCabinet();
  otherCabinet = await newCabinet();
});
afterAll(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

describe('EncryptedObjectStore over the local store', () => {
  it('stores a sealed file and gives the plaintext back', async () => {
    const plaintext = Buffer.from('<html><body>Avis d’échéance — M. Dupont</body></html>');
    const stored = await files.put(cabinet, 'docs/avis.html', plaintext);
    expect(stored).toEqual({
      size: plaintext.length,
      storedSize: plaintext.length + ENVELOPE_OVERHEAD,
      keyVersion: 1,
    });
    const onDisk = await readFile(path.join(dir, 'docs/avis.html'));
    expect(onDisk).toHaveLength(stored.storedSize);
    expect(onDisk.equals(plaintext)).toBe(false);
    expect(onDisk.includes(Buffer.from('Dupont'))).toBe(false);
    expect((await files.get(cabinet, 'docs/avis.html')).equals(plaintext)).toBe(true);
  });

  it('encrypts the same document differently each time', async () => {
    const plaintext = Buffer.from('same bytes');
    await files.put(cabinet, 'docs/one.pdf', plaintext);
    await files.put(cabinet, 'docs/two.pdf', plaintext);
    expect((await raw.get('docs/one.pdf')).equals(await raw.get('docs/two.pdf'))).toBe(false);
  });

  it('does not open an object on behalf of another cabinet', async () => {
    await files.put(cabinet, 'docs/private.pdf', Buffer.from('cabinet A only'));
    // Another cabinet without a key yet has no version 1 at all.
    await expect(files.get(otherCabinet, 'docs/private.pdf')).rejects.toBeInstanceOf(
      StorageKeyNotFoundError,
    );
    // Once it has its own version 1, the bytes still do not open with it.
    await files.put(otherCabinet, 'docs/theirs.pdf', Buffer.from('cabinet B'));
    await expect(files.get(otherCabinet, 'docs/private.pdf')).rejects.toBeInstanceOf(
      DecryptionError,
    );
  });

  it('does not open an object copied under another key', async () => {
    await files.put(cabinet, 'docs/original.pdf', Buffer.from('original'));
    await raw.put('docs/copy.pdf', await raw.get('docs/original.pdf'));
    await expect(files.get(cabinet, 'docs/copy.pdf')).rejects.toBeInstanceOf(DecryptionError);
  });

  it('refuses a file that was altered on disk or never encrypted', async () => {
    await files.put(cabinet, 'docs/altered.pdf', Buffer.from('montant : 100 €'));
    const sealed = await raw.get('docs/altered.pdf');
    sealed[sealed.length - 20] = sealed[sealed.length - 20]! ^ 0xff;
    await raw.put('docs/altered.pdf', sealed);
    await expect(files.get(cabinet, 'docs/altered.pdf')).rejects.toBeInstanceOf(DecryptionError);
    await raw.put('docs/plain.pdf', Buffer.from('%PDF-1.7 not encrypted at all, long enough'));
    await expect(files.get(cabinet, 'docs/plain.pdf')).rejects.toBeInstanceOf(DecryptionError);
  });

  it('tells existence, deletes, and reports a missing object', async () => {
    await files.put(cabinet, 'docs/temp.xlsx', randomBytes(1000));
    expect(await files.exists(cabinet, 'docs/temp.xlsx')).toBe(true);
    await files.delete(cabinet, 'docs/temp.xlsx');
    expect(await files.exists(cabinet, 'docs/temp.xlsx')).toBe(false);
    await expect(files.delete(cabinet, 'docs/temp.xlsx')).resolves.toBeUndefined();
    await expect(files.get(cabinet, 'docs/temp.xlsx')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('round-trips a 20 MB document', async () => {
    const plaintext = randomBytes(20 * 1024 * 1024);
    await files.put(cabinet, 'docs/big.pdf', plaintext);
    expect((await files.get(cabinet, 'docs/big.pdf')).equals(plaintext)).toBe(true);
  });
});
