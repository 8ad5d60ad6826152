import { Type } from 'typebox';
import { AppError, ConflictError, FieldValidationError } from './errors.ts';

/** What the client says it last saw: a `version` in the body (409 when stale) or an If-Match ETag (412). */
export interface ExpectedVersion {
  version?: number | undefined;
  ifMatch?: number | undefined;
}

export class PreconditionFailedError extends AppError {
  constructor(currentVersion: number) {
    super(
      412,
      'precondition-failed',
      'La fiche a été modifiée entre-temps : rechargez-la avant de la modifier.',
      {
        currentVersion,
      },
    );
  }
}

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({ description: 'ETag from a previous read (`"<version>"`): 412 when stale.' }),
  ),
});

export const etag = (version: number) => `"${version}"`;

/** `"3"` or `W/"3"` → 3; absent → undefined; anything else → 400. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match)
    throw new FieldValidationError(
      '/if-match',
      'En-tête If-Match invalide : attendu "<version>".',
      'headers',
    );
  return Number(match[1]);
}

/** Refuses a write based on a stale read; a lost update is never applied silently. */
export function assertVersion(currentVersion: number, expected: ExpectedVersion): void {
  if (expected.ifMatch !== undefined && expected.ifMatch !== currentVersion) {
    throw new PreconditionFailedError(currentVersion);
  }
  if (expected.version !== undefined && expected.version !== currentVersion) {
    throw new ConflictError(
      'stale-version',
      'La fiche a été modifiée entre-temps : rechargez-la avant de la modifier.',
      {
        currentVersion,
      },
    );
  }
}
