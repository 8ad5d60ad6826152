import type { RouteObject } from 'react-router';

export { SetupPage } from './setup-page.tsx';

/** The login screen, outside the signed-in frame. */
export const loginRoute: RouteObject = {
  path: '/connexion',
  lazy: async () => ({ Component: (await import('./login-page.tsx')).LoginPage }),
};

/** « Mon compte » (password, « Mes sessions »). */
export const accountRoutes: RouteObject[] = [
  {
    path: '/mon-compte',
    lazy: async () => ({ Component: (await import('./account-page.tsx')).AccountPage }),
  },
];
