import { useState } from 'react';
import { Link } from './Link.tsx';
import { NavigationProvider } from './navigation.tsx';

/** A link inside a sentence. */
export function Inline() {
  return (
    <p>
      Consultez <Link href="#aide">la page d’aide</Link> avant de commencer.
    </p>
  );
}

/** A standalone link, and a link that opens a new window. */
export function StandaloneAndExternal() {
  return (
    <ul>
      <li>
        <Link variant="standalone" href="#tout">
          Tout voir
        </Link>
      </li>
      <li>
        <Link external href="https://www.w3.org/WAI/standards-guidelines/wcag/fr">
          Les règles WCAG
        </Link>
      </li>
    </ul>
  );
}

/** In-app paths go through the NavigationProvider: here it only records where it would go. */
export function ClientSideNavigation() {
  const [visited, setVisited] = useState<string | null>(null);
  return (
    <NavigationProvider navigate={setVisited}>
      <p>
        <Link href="/reglages">Réglages</Link>
      </p>
      <p role="status">{visited === null ? '' : `Navigation vers ${visited}`}</p>
    </NavigationProvider>
  );
}
