import { Link } from '@monassurance/ui';
import { Screen } from '../shared/ui/screen.tsx';

export function NotFoundPage() {
  return (
    <Screen title="Page introuvable">
      <p>Cette adresse ne correspond à aucune page. Elle a pu être déplacée ou supprimée.</p>
      <p>
        <Link href="/">Retour au tableau de bord</Link>
      </p>
    </Screen>
  );
}
