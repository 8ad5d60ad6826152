import type { RouteObject } from 'react-router';

/** « Échéances »: upcoming main renewal dates, cancellation deadlines and Chatel notices. */
export const renewalsRoutes: RouteObject[] = [
  {
    path: '/echeances',
    lazy: async () => ({ Component: (await import('./renewals-page.tsx')).RenewalsPage }),
  },
];
