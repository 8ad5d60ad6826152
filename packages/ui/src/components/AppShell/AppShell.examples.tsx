import { useState } from 'react';
import { Button } from '../Button/Button.tsx';
import { Card } from '../Card/Card.tsx';
import { DocumentIcon, FolderIcon, HomeIcon, UsersIcon } from '../Icon/Icon.tsx';
import { NavigationProvider } from '../Link/navigation.tsx';
import { Page } from '../Page/Page.tsx';
import { SideNav } from '../SideNav/SideNav.tsx';
import { AppShell } from './AppShell.tsx';

/** These examples render a whole page (banner, main): the gallery shows them on a page of their own. */
export const pageLevel = ['Default'];

const PAGES: Record<string, string> = {
  '/': 'Accueil',
  '/dossiers': 'Dossiers',
  '/personnes': 'Personnes',
  '/fichiers': 'Fichiers',
};

/**
 * A whole screen: skip link, header, side navigation (a « Menu » button on narrow screens),
 * main content with its Page, footer. The links route inside the example.
 */
export function Default() {
  const [path, setPath] = useState('/dossiers');
  return (
    <NavigationProvider navigate={setPath}>
      <AppShell
        brand={<a href="/">Mon application</a>}
        headerActions={
          <>
            <span>Léa Martin</span>
            <Button variant="ghost" size="sm">
              Se déconnecter
            </Button>
          </>
        }
        navigation={
          <SideNav
            currentHref={path}
            items={[
              { href: '/', label: 'Accueil', icon: <HomeIcon /> },
              { href: '/dossiers', label: 'Dossiers', icon: <FolderIcon /> },
              { href: '/personnes', label: 'Personnes', icon: <UsersIcon /> },
              { href: '/fichiers', label: 'Fichiers', icon: <DocumentIcon /> },
            ]}
          />
        }
        footer={<p>Logiciel libre.</p>}
      >
        <Page key={path} title={PAGES[path] ?? 'Page'} description="Le contenu de la page.">
          <Card title="Un bloc">
            <p>Du contenu.</p>
          </Card>
        </Page>
      </AppShell>
    </NavigationProvider>
  );
}
