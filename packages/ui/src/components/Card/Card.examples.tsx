import { Link } from '../Link/Link.tsx';
import { Card } from './Card.tsx';

/** A titled card with a footer. */
export function Default() {
  return (
    <Card title="Activité de la semaine" footer="Mis à jour il y a 5 minutes">
      <p>12 dossiers ouverts, 4 fermés.</p>
    </Card>
  );
}

/** A region landmark with an action in its header, for a major block of a page. */
export function SectionWithAction() {
  return (
    <Card as="section" title="Derniers fichiers" actions={<Link href="#fichiers">Tout voir</Link>}>
      <ul>
        <li>rapport-mars.pdf</li>
        <li>tableau-avril.xlsx</li>
      </ul>
    </Card>
  );
}

/** A card nested under an h2: its heading is an h3. */
export function NestedHeading() {
  return (
    <section aria-labelledby="bloc-resume">
      <h2 id="bloc-resume">Résumé</h2>
      <Card title="Détail" headingLevel={3}>
        <p>Contenu du détail.</p>
      </Card>
    </section>
  );
}
