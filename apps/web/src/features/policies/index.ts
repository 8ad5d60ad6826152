import type { RouteObject } from 'react-router';

/** « Contrats »: list, new (from a client: `?client=`), detail with lifecycle, edit. */
export const policiesRoutes: RouteObject[] = [
  {
    path: '/contrats',
    lazy: async () => ({ Component: (await import('./policies-page.tsx')).PoliciesPage }),
  },
  {
    path: '/contrats/nouveau',
    lazy: async () => ({ Component: (await import('./policy-form-page.tsx')).NewPolicyPage }),
  },
  {
    path: '/contrats/:id',
    lazy: async () => ({ Component: (await import('./policy-page.tsx')).PolicyPage }),
  },
  {
    path: '/contrats/:id/modifier',
    lazy: async () => ({ Component: (await import('./policy-form-page.tsx')).EditPolicyPage }),
  },
];
