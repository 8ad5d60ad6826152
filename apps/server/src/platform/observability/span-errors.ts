import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { AppError } from '../errors.ts';

/**
 * `error.type` of a failure: the problem slug of application errors, the code of system and
 * database errors (ECONNREFUSED, SQLSTATE 23505…), else the error's class name.
 */
export function errorType(error: unknown): string {
  if (error instanceof AppError) return error.slug;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  if (error instanceof Error) return error.name;
  return '_OTHER';
}

/**
 * Marks a span failed. The message stays out: it may quote user input or, for a database
 * constraint, the row it refused.
 */
export function markFailed(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.setAttribute('error.type', errorType(error));
}
