import type { StorageConfig } from '../../config.ts';
import { createLocalStore } from './local.ts';
import type { ObjectStore } from './object-store.ts';
import { createS3Store } from './s3.ts';

/** The object store the configuration names (`STORAGE_DRIVER`). */
export function createObjectStore(config: StorageConfig): ObjectStore {
  return config.driver === 'local' ? createLocalStore(config.dir) : createS3Store(config);
}

export { EncryptedObjectStore, type StoredObject } from './encrypted-store.ts';
export {
  ENVELOPE_OVERHEAD,
  objectAad,
  openObject,
  readKeyVersion,
  sealObject,
} from './envelope.ts';
export { StorageKeyNotFoundError, StorageKeyRing, type DataKey } from './keyring.ts';
export { createLocalStore } from './local.ts';
export {
  assertObjectKey,
  assertObjectPrefix,
  ObjectNotFoundError,
  type ListedObject,
  type ObjectStore,
} from './object-store.ts';
export { createS3Store, type S3StorageConfig, type S3StoreOptions } from './s3.ts';
export {
  STORAGE_RETRY_AFTER_SECONDS,
  StorageFullError,
  StorageUnavailableError,
} from './storage-errors.ts';
