import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  assertObjectKey,
  assertObjectPrefix,
  ObjectNotFoundError,
  type ListedObject,
  type ObjectStore,
} from './object-store.ts';
import { mapStorageErrors, storageError } from './storage-errors.ts';

// Documents are cabinets' private data: only the server's own user may read them.
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * Temporary files carry uppercase letters, which no object key may contain: `list` can never
 * mistake one for an object, and no key can collide with one.
 */
const TEMP_MARK = '.TMP-';

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The path does not name a file: nothing there, or a folder where a file was expected. */
function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/** No room left: the file system is full, or the server user's quota is reached. */
const FULL = new Set(['ENOSPC', 'EDQUOT']);
/**
 * The file system refuses or cannot serve the operation now: mounted read-only, permissions
 * changed under the server, I/O error, no file descriptors left, a network mount gone away.
 */
const UNAVAILABLE = new Set([
  'EROFS',
  'EACCES',
  'EPERM',
  'EIO',
  'EMFILE',
  'ENFILE',
  'EBUSY',
  'ESTALE',
  'ETIMEDOUT',
  'ENOTCONN',
  'EHOSTDOWN',
]);

function classifyFsError(error: unknown): 'full' | 'unavailable' | undefined {
  const code = errorCode(error);
  if (code === undefined) return undefined;
  if (FULL.has(code)) return 'full';
  return UNAVAILABLE.has(code) ? 'unavailable' : undefined;
}

const guarded = <T>(operation: () => Promise<T>) => mapStorageErrors(classifyFsError, operation);

function isObjectKey(key: string): boolean {
  try {
    assertObjectKey(key);
    return true;
  } catch {
    return false;
  }
}

/**
 * Objects as files under `dir` (`a/b.pdf` → `<dir>/a/b.pdf`), for single-server installs. The
 * folder is created on first use. A key cannot be both an object and the folder of other keys
 * (`a` and `a/b`): product keys are built so that this never happens. Empty folders left by
 * deletes are kept (harmless, and removing them would race with a concurrent put).
 */
export function createLocalStore(dir: string): ObjectStore {
  const root = path.resolve(dir);

  function filePath(key: string): string {
    assertObjectKey(key);
    const file = path.join(root, ...key.split('/'));
    // The key check already rules this out; a second look costs nothing.
    if (!file.startsWith(root + path.sep)) throw new RangeError(`Invalid object key: "${key}".`);
    return file;
  }

  /**
   * Writes to a temporary file in the target's folder and renames it over the target: rename is
   * atomic within one file system, so a reader sees the old file or the new one, never a part.
   */
  async function writeAtomically(file: string, body: Buffer): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true, mode: DIR_MODE });
    const temp = `${file}${TEMP_MARK}${randomBytes(6).toString('hex')}`;
    const handle = await open(temp, 'wx', FILE_MODE);
    try {
      try {
        await handle.writeFile(body);
        // On disk before the rename makes it visible: a crash cannot leave a truncated object.
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, file);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  async function* walk(folder: string): AsyncGenerator<ListedObject> {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        yield* walk(full);
      } else if (entry.isFile()) {
        const key = path.relative(root, full).split(path.sep).join('/');
        if (!isObjectKey(key)) continue;
        try {
          const info = await stat(full);
          yield { key, size: info.size, modifiedAt: info.mtime };
        } catch (error) {
          // Deleted since the folder was read.
          if (!isMissing(error)) throw error;
        }
      }
    }
  }

  return {
    driver: 'local',

    async put(key, body) {
      const file = filePath(key);
      await guarded(() => writeAtomically(file, body));
    },

    async get(key) {
      const file = filePath(key);
      return guarded(async () => {
        try {
          return await readFile(file);
        } catch (error) {
          if (isMissing(error)) throw new ObjectNotFoundError(key, { cause: error });
          throw error;
        }
      });
    },

    async exists(key) {
      const file = filePath(key);
      return guarded(async () => {
        try {
          return (await stat(file)).isFile();
        } catch (error) {
          if (isMissing(error)) return false;
          throw error;
        }
      });
    },

    async delete(key) {
      const file = filePath(key);
      await guarded(async () => {
        try {
          await unlink(file);
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
      });
    },

    async *list(prefix = '') {
      assertObjectPrefix(prefix);
      // Only the folder the prefix surely lies in is walked; the rest of the prefix filters.
      const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
      try {
        for await (const object of walk(path.join(root, ...folder.split('/')))) {
          if (object.key.startsWith(prefix)) yield object;
        }
      } catch (error) {
        throw storageError(classifyFsError, error);
      }
    },

    async check() {
      await guarded(async () => {
        await mkdir(root, { recursive: true, mode: DIR_MODE });
        const probe = path.join(root, `${TEMP_MARK}check-${randomBytes(6).toString('hex')}`);
        await writeAtomically(probe, Buffer.from('ok'));
        await unlink(probe);
      });
    },

    async close() {
      // Nothing is held open between calls.
    },
  };
}
