import type { RouteObject } from 'react-router';

/** « Administration » and « Nouvel utilisateur » (administrators). */
export const adminRoutes: RouteObject[] = [
  {
    path: '/administration',
    lazy: async () => ({ Component: (await import('./admin-page.tsx')).AdminPage }),
  },
  {
    path: '/administration/utilisateurs/nouveau',
    lazy: async () => ({ Component: (await import('./new-user-page.tsx')).NewUserPage }),
  },
];
