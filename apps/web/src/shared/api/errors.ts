import type { Problem } from '@monassurance/api-client';

/** One invalid field of a 400 problem: its JSON pointer (`/email`) and the message to show. */
export interface FieldProblem {
  path: string;
  message: string;
  line?: number;
  column?: number;
  cell?: string;
}

/**
 * A failed API call: the problem+json the server sent (RFC 9457), or one made up here when the
 * network failed or the answer was not a problem. Screens show `title`/`detail` and map `errors`
 * onto their fields.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  /** The field errors of a 400 (empty otherwise). */
  get fieldErrors(): FieldProblem[] {
    return this.problem.errors ?? [];
  }

  /** The problem type's last segment (`/problems/already-set-up` → `already-set-up`). */
  get code(): string {
    return this.problem.type.split('/').pop() ?? '';
  }
}

const NETWORK_PROBLEM: Problem = {
  type: 'about:blank',
  title: 'Le serveur ne répond pas',
  status: 503,
  detail: 'Vérifiez votre connexion puis réessayez.',
};

/** Turns whatever a failed call left (problem body, other body, thrown error) into an ApiError. */
export function toApiError(body: unknown, response: Response | undefined): ApiError {
  if (isProblem(body)) return new ApiError(body);
  if (response === undefined) return new ApiError(NETWORK_PROBLEM);
  return new ApiError({
    type: 'about:blank',
    title: `Erreur ${response.status}`,
    status: response.status >= 400 ? response.status : 500,
    detail: 'Le serveur a répondu de façon inattendue. Réessayez dans un instant.',
  });
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).title === 'string' &&
    typeof (value as Problem).status === 'number'
  );
}

/**
 * Field errors keyed by field name: `/client/firstName` → `firstName` (the last segment), which
 * is how forms name their fields. Several errors on one field keep the first.
 */
export function errorsByField(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const byField: Record<string, string> = {};
  for (const { path, message } of error.fieldErrors) {
    const name = path.split('/').filter(Boolean).pop() ?? '';
    if (name !== '' && byField[name] === undefined) byField[name] = message;
  }
  return byField;
}
