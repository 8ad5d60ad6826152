import { Alert, Button, Spinner } from '@monassurance/ui';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../api/errors.ts';

/** The title and detail of any error, in French. */
export function describeError(error: unknown): { title: string; detail?: string } {
  if (error instanceof ApiError)
    return { title: error.problem.title, detail: error.problem.detail };
  return { title: 'Une erreur inattendue est survenue', detail: 'Réessayez dans un instant.' };
}

/** An error from the server, as an Alert (announced when `live`). */
export function ProblemAlert({
  error,
  live = true,
  action,
}: {
  error: unknown;
  live?: boolean;
  action?: ReactNode;
}) {
  const { title, detail } = describeError(error);
  return (
    <Alert tone="error" title={title} live={live} action={action}>
      {detail}
    </Alert>
  );
}

/**
 * The three states of a query: loading (a spinner saying what loads), failed (the problem and a
 * « Réessayer » button), or its data handed to `children`.
 */
export function QueryState<T>({
  query,
  label,
  children,
}: {
  query: UseQueryResult<T>;
  /** What is loading: « Chargement des clients ». */
  label: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Spinner label={label} showLabel />;
  if (query.isError) {
    return (
      <ProblemAlert
        error={query.error}
        action={
          <Button variant="secondary" size="sm" onClick={() => void query.refetch()}>
            Réessayer
          </Button>
        }
      />
    );
  }
  return <>{children(query.data)}</>;
}
