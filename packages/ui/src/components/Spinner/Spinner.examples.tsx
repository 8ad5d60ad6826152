import { Spinner } from './Spinner.tsx';

/** The label is for screen readers only. */
export function Default() {
  return <Spinner />;
}

/** The label beside the spinner, for a wait that takes a moment. */
export function WithVisibleLabel() {
  return <Spinner label="Chargement des fichiers…" showLabel size="lg" />;
}

/** Inside something that already says it is busy: nothing is announced. */
export function Decorative() {
  return (
    <p aria-busy="true">
      <Spinner decorative size="sm" /> Mise à jour
    </p>
  );
}
