/**
 * A flat key → bytes store with two drivers (local files, S3-compatible). It knows nothing of
 * cabinets or encryption: `EncryptedObjectStore` sits on top of it.
 */
export interface ObjectStore {
  readonly driver: 'local' | 's3';
  /** Stores `body` under `key`, replacing any object there; readers see the old or the new bytes, never a mix. */
  put(key: string, body: Buffer): Promise<void>;
  /** The bytes under `key`; throws `ObjectNotFoundError` when there are none. */
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  /** Removes the object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Every object whose key starts with `prefix` (a plain string prefix, as in S3, not a folder),
   * in no particular order; pages are fetched as the caller iterates.
   */
  list(prefix?: string): AsyncIterable<ListedObject>;
  /** Readiness probe: throws when the store cannot be written to or reached. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** One object of a listing. */
export interface ListedObject {
  key: string;
  size: number;
  /** Last write, when the driver knows it (both do). */
  modifiedAt?: Date;
}

/** No object is stored under the key. */
export class ObjectNotFoundError extends Error {
  override name = 'ObjectNotFoundError';
  constructor(
    readonly key: string,
    options?: ErrorOptions,
  ) {
    super(`No object is stored under "${key}".`, options);
  }
}

const OBJECT_KEY = /^[a-z0-9][a-z0-9/_.-]{0,255}$/;
const PREFIX = /^[a-z0-9/_.-]{0,256}$/;

/** `.` and `..` mean something to a file system and nothing to S3: refused so both drivers agree. */
function hasDotSegment(path: string): boolean {
  return path.split('/').some((segment) => segment === '.' || segment === '..');
}

/**
 * Keys are built by the product from ids and hashes, never taken from user input; this guard is
 * defence in depth against a key that would escape the local folder or mean different objects
 * to the two drivers: lowercase `[a-z0-9/_.-]`, at most 256 characters, starting with a letter
 * or digit, no empty, `.` or `..` segment (so no `//`) and no trailing `/`.
 */
export function assertObjectKey(key: string): void {
  if (!OBJECT_KEY.test(key) || key.includes('//') || key.endsWith('/') || hasDotSegment(key)) {
    throw new RangeError(`Invalid object key: ${JSON.stringify(key)}.`);
  }
}

/** A list prefix may stop anywhere in a key (`docs/2024-`), but never names a path outside one. */
export function assertObjectPrefix(prefix: string): void {
  if (
    !PREFIX.test(prefix) ||
    prefix.startsWith('/') ||
    prefix.includes('//') ||
    hasDotSegment(prefix.split('/').slice(0, -1).join('/'))
  ) {
    throw new RangeError(`Invalid object key prefix: ${JSON.stringify(prefix)}.`);
  }
}
