import { AppError } from '../errors.ts';

/** Seconds a client is told to wait before trying again when the store cannot be used. */
export const STORAGE_RETRY_AFTER_SECONDS = 30;

/**
 * The store has no room left (disk full, quota reached): 507 Insufficient Storage (RFC 4918
 * §11.5). Nothing was written; retrying will not help until an operator frees or adds space.
 * The driver's own error stays in `cause`, for the log: the answer never shows it.
 */
export class StorageFullError extends AppError {
  override name = 'StorageFullError';
  constructor(options: { cause: unknown }) {
    super(
      507,
      'storage-full',
      "L'espace de stockage des documents est plein : rien n'a été enregistré. Prévenez l'administrateur de la plateforme.",
    );
    this.cause = options.cause;
  }
}

/**
 * The store cannot be used right now (read-only or unreachable file system, refused access,
 * S3 down or misconfigured): 503 with Retry-After, like every dependency that is down.
 */
export class StorageUnavailableError extends AppError {
  override name = 'StorageUnavailableError';
  constructor(options: { cause: unknown }) {
    super(
      503,
      'storage-unavailable',
      'Le stockage des documents est momentanément indisponible : réessayez dans quelques instants.',
      { retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS },
      { 'retry-after': String(STORAGE_RETRY_AFTER_SECONDS) },
    );
    this.cause = options.cause;
  }
}

/** The `code` of a Node.js system error (`ENOSPC`, `ECONNREFUSED`, …). */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Runs a store operation, turning the failures the driver's `classify` recognises into
 * `StorageFullError` / `StorageUnavailableError`; anything else (a missing object, a bug) is
 * rethrown as it came.
 */
export async function mapStorageErrors<T>(
  classify: (error: unknown) => 'full' | 'unavailable' | undefined,
  operation: () => Promise<T>,
): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw storageError(classify, error);
  }
}

/** The error to throw for `error`: a storage problem when `classify` recognises it, else itself. */
export function storageError(
  classify: (error: unknown) => 'full' | 'unavailable' | undefined,
  error: unknown,
): unknown {
  if (error instanceof StorageFullError || error instanceof StorageUnavailableError) return error;
  const kind = classify(error);
  if (kind === 'full') return new StorageFullError({ cause: error });
  if (kind === 'unavailable') return new StorageUnavailableError({ cause: error });
  return error;
}
