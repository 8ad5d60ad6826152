import { Breadcrumbs } from './Breadcrumbs.tsx';

/** Three levels, the last one the current page. */
export function Default() {
  return (
    <Breadcrumbs
      items={[
        { label: 'Accueil', href: '#accueil' },
        { label: 'Dossiers', href: '#dossiers' },
        { label: 'Dossier 2026-014' },
      ]}
    />
  );
}
