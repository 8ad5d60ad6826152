import './admin.css';
import { Tabs } from '@monassurance/ui';
import { useSearchParams } from 'react-router';
import { useHasRole } from '../../shared/session/session.tsx';
import { RestrictedAccess } from '../../shared/ui/restricted-access.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import { OrganizationPanel } from './organization-panel.tsx';
import { SecurityPanel } from './security-panel.tsx';
import { UsersPanel } from './users-panel.tsx';

const TITLE = 'Administration';
/** The tab in the address (`?onglet=cabinet`), so a link or the back button lands on it. */
const TAB_PARAM = 'onglet';
const TABS = ['utilisateurs', 'cabinet', 'securite'] as const;

function AdministrationTabs() {
  const [params, setParams] = useSearchParams();
  const requested = params.get(TAB_PARAM);
  const selected = TABS.find((tab) => tab === requested) ?? 'utilisateurs';
  return (
    <Tabs
      label="Rubriques de l’administration"
      selectedId={selected}
      onSelectionChange={(id) => setParams({ [TAB_PARAM]: id }, { replace: true })}
      tabs={[
        { id: 'utilisateurs', label: 'Utilisateurs', content: <UsersPanel /> },
        { id: 'cabinet', label: 'Cabinet', content: <OrganizationPanel /> },
        { id: 'securite', label: 'Sécurité', content: <SecurityPanel /> },
      ]}
    />
  );
}

/** « Administration » (administrators): users, the cabinet's profile, signing keys. */
export function AdminPage() {
  if (!useHasRole('admin')) {
    return <RestrictedAccess title={TITLE} audience="aux administrateurs du cabinet" />;
  }
  return (
    <Screen title={TITLE} description="Les utilisateurs, le profil du cabinet et la sécurité.">
      <AdministrationTabs />
    </Screen>
  );
}
