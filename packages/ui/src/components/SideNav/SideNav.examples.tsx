import { useState } from 'react';
import { DocumentIcon, FolderIcon, HomeIcon, SettingsIcon, UsersIcon } from '../Icon/Icon.tsx';
import { NavigationProvider } from '../Link/navigation.tsx';
import { SideNav } from './SideNav.tsx';

/** Links with icons; the current page is under « Dossiers ». */
export function Default() {
  return (
    <SideNav
      label="Navigation de l’exemple"
      currentHref="/dossiers/42"
      items={[
        { href: '/', label: 'Accueil', icon: <HomeIcon /> },
        { href: '/dossiers', label: 'Dossiers', icon: <FolderIcon /> },
        { href: '/personnes', label: 'Personnes', icon: <UsersIcon /> },
        { href: '/fichiers', label: 'Fichiers', icon: <DocumentIcon /> },
      ]}
    />
  );
}

/** Sections with titles; clicking routes in the app (the current link follows). */
export function WithSections() {
  const [current, setCurrent] = useState('/reglages/equipe');
  return (
    <NavigationProvider navigate={setCurrent}>
      <SideNav
        label="Navigation par sections"
        currentHref={current}
        sections={[
          {
            items: [
              { href: '/', label: 'Accueil', icon: <HomeIcon /> },
              { href: '/fichiers', label: 'Fichiers', icon: <DocumentIcon /> },
            ],
          },
          {
            title: 'Réglages',
            items: [
              { href: '/reglages', label: 'Général', icon: <SettingsIcon /> },
              { href: '/reglages/equipe', label: 'Équipe', icon: <UsersIcon /> },
            ],
          },
        ]}
      />
    </NavigationProvider>
  );
}
