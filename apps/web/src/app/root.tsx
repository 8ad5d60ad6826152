import { NavigationProvider, Spinner, ToastProvider } from '@monassurance/ui';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { SetupPage } from '../features/auth/index.ts';
import { useSession } from '../shared/session/session.tsx';

/**
 * The top of the tree: design-system links navigate through the router; while the session is
 * being restored a spinner shows; on a fresh install every path leads to the first-run screen at `/`.
 */
export function Root() {
  const navigate = useNavigate();
  const { state } = useSession();
  const location = useLocation();

  let content;
  if (state.status === 'loading') {
    content = (
      <main id="contenu" className="app-loading">
        <Spinner label="Chargement de MONASSURANCE" showLabel size="lg" />
      </main>
    );
  } else if (state.status === 'setup') {
    content = location.pathname === '/' ? <SetupPage /> : <Navigate to="/" replace />;
  } else {
    content = <Outlet />;
  }
  return (
    <NavigationProvider navigate={(href) => void navigate(href)}>
      <ToastProvider>{content}</ToastProvider>
    </NavigationProvider>
  );
}
