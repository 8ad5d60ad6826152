import type { RouteObject } from 'react-router';

/** « Tableau de bord », the home page of the signed-in app. */
export const dashboardRoutes: RouteObject[] = [
  {
    index: true,
    lazy: async () => ({ Component: (await import('./dashboard-page.tsx')).DashboardPage }),
  },
];
