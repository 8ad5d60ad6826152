import { Textarea } from './Textarea.tsx';

/** A free comment with a hint. */
export function Default() {
  return <Textarea label="Commentaire" description="Visible par toute l’équipe." />;
}

/** Required, with an error. */
export function RequiredWithError() {
  return (
    <Textarea label="Motif" required rows={6} error="Indiquez le motif de la demande." id="motif" />
  );
}
