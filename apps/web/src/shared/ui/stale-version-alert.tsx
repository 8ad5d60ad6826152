import { Alert, Button } from '@monassurance/ui';
import type { ReactNode } from 'react';

/**
 * The answer to a 409 on save (optimistic concurrency): someone saved another version since the
 * form was loaded. Says so, keeps the form as typed, and offers to reload the latest version.
 */
export function StaleVersionAlert({
  title,
  reloadLabel = 'Recharger',
  onReload,
  reloading = false,
  live = true,
  children,
}: {
  /** « Ce contrat a été modifié entre-temps ». */
  title: string;
  reloadLabel?: string;
  /** Undefined only while the caller has nothing to reload yet (the button then does nothing). */
  onReload: (() => void) | undefined;
  reloading?: boolean;
  live?: boolean;
  /** What happened to the user's changes and what to do. */
  children: ReactNode;
}) {
  return (
    <Alert
      tone="warning"
      live={live}
      title={title}
      action={
        <Button variant="secondary" size="sm" onClick={onReload} loading={reloading}>
          {reloadLabel}
        </Button>
      }
    >
      {children}
    </Alert>
  );
}
