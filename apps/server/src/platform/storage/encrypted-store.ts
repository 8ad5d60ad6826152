import { objectAad, openObject, sealObject } from './envelope.ts';
import type { StorageKeyRing } from './keyring.ts';
import type { ObjectStore } from './object-store.ts';

export interface StoredObject {
  /** Bytes of the plaintext (what `documents.size` records). */
  size: number;
  /** Bytes written to the object store: the plaintext plus the envelope's overhead. */
  storedSize: number;
  /** The cabinet's data key version it was sealed with. */
  keyVersion: number;
}

/**
 * A cabinet's objects, encrypted at rest with the cabinet's active data key (see `envelope.ts`).
 * The object key and the cabinet id are bound into each envelope, so bytes copied under another
 * key, or read on behalf of another cabinet, do not open (`DecryptionError`).
 */
export class EncryptedObjectStore {
  constructor(
    private readonly store: ObjectStore,
    private readonly keys: StorageKeyRing,
  ) {}

  async put(organizationId: string, key: string, plaintext: Buffer): Promise<StoredObject> {
    const active = await this.keys.activeKey(organizationId);
    const sealed = sealObject(
      active.key,
      active.version,
      objectAad(organizationId, key),
      plaintext,
    );
    await this.store.put(key, sealed);
    return { size: plaintext.length, storedSize: sealed.length, keyVersion: active.version };
  }

  /** The plaintext; `ObjectNotFoundError` when absent, `DecryptionError` when it does not open. */
  async get(organizationId: string, key: string): Promise<Buffer> {
    const sealed = await this.store.get(key);
    return openObject(
      (version) => this.keys.key(organizationId, version),
      objectAad(organizationId, key),
      sealed,
    );
  }

  /** Whether an object is stored under `key` (its cabinet is not checked without reading it). */
  exists(_organizationId: string, key: string): Promise<boolean> {
    return this.store.exists(key);
  }

  delete(_organizationId: string, key: string): Promise<void> {
    return this.store.delete(key);
  }
}
