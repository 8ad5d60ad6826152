import {
  AppShell,
  Button,
  CalendarIcon,
  DocumentIcon,
  EditIcon,
  FolderIcon,
  HomeIcon,
  SettingsIcon,
  SideNav,
  SortIcon,
  Spinner,
  UsersIcon,
  useFocusPageTitleOnNavigation,
  type SideNavItem,
} from '@monassurance/ui';
import { Suspense } from 'react';
import { Link as RouterLink, Navigate, Outlet, useLocation } from 'react-router';
import { useSession, type Role } from '../shared/session/session.tsx';

interface NavEntry extends SideNavItem {
  /** Only these roles see the entry (the server refuses the others anyway). */
  roles?: Role[];
}

/** The navigation labels are part of the public contract (operators' guides refer to them). */
const NAVIGATION: NavEntry[] = [
  { href: '/', label: 'Tableau de bord', icon: <HomeIcon /> },
  { href: '/clients', label: 'Clients', icon: <UsersIcon /> },
  { href: '/contrats', label: 'Contrats', icon: <FolderIcon /> },
  { href: '/echeances', label: 'Échéances', icon: <CalendarIcon /> },
  { href: '/compagnies', label: 'Compagnies', icon: <FolderIcon /> },
  { href: '/modeles', label: 'Modèles', icon: <EditIcon /> },
  { href: '/documents', label: 'Documents', icon: <DocumentIcon /> },
  {
    href: '/traitements',
    label: 'Traitements',
    icon: <SortIcon />,
    roles: ['admin', 'manager', 'broker'],
  },
  {
    href: '/journal',
    label: 'Journal d’audit',
    icon: <DocumentIcon />,
    roles: ['admin', 'manager'],
  },
  { href: '/administration', label: 'Administration', icon: <SettingsIcon />, roles: ['admin'] },
];

/** The frame of every signed-in screen; the signed-out are sent to the login screen. */
export function AuthenticatedLayout() {
  const { state, signOut } = useSession();
  const location = useLocation();
  useFocusPageTitleOnNavigation(location.pathname);

  if (state.status !== 'authenticated') {
    const back = `${location.pathname}${location.search}`;
    const search = back === '/' ? '' : `?retour=${encodeURIComponent(back)}`;
    return <Navigate to={`/connexion${search}`} replace />;
  }
  const { user, organization } = state.me;
  const items = NAVIGATION.filter((item) => item.roles?.includes(user.role) ?? true).map(
    ({ href, label, icon }) => ({ href, label, icon }),
  );

  return (
    <AppShell
      brand={
        <RouterLink to="/" className="app-brand">
          MONASSURANCE <span className="app-brand__cabinet">{organization.name}</span>
        </RouterLink>
      }
      navigation={
        <SideNav label="Navigation principale" items={items} currentHref={location.pathname} />
      }
      headerActions={
        <>
          <RouterLink to="/mon-compte" className="app-header-link">
            {user.fullName}
          </RouterLink>
          <Button variant="ghost" size="sm" onClick={() => void signOut()}>
            Se déconnecter
          </Button>
        </>
      }
      footer={<p>MONASSURANCE — logiciel libre publié sous licence AGPL-3.0-or-later.</p>}
    >
      <Suspense fallback={<Spinner label="Chargement de la page" showLabel />}>
        <Outlet />
      </Suspense>
    </AppShell>
  );
}
