import { Button } from '../Button/Button.tsx';
import { FolderIcon } from '../Icon/Icon.tsx';
import { EmptyState } from './EmptyState.tsx';

/** A search with no match, and a way out. */
export function NoResults() {
  return (
    <EmptyState
      description="Aucune personne ne correspond à « Zoé ». Vérifiez l’orthographe ou effacez les filtres."
      action={<Button variant="secondary">Effacer les filtres</Button>}
    />
  );
}

/** A list with nothing in it yet, and the first step. */
export function NothingYet() {
  return (
    <EmptyState
      title="Aucun fichier pour le moment"
      headingLevel={3}
      icon={<FolderIcon size="lg" />}
      description="Les fichiers créés apparaîtront ici."
      action={<Button>Créer un fichier</Button>}
    />
  );
}
