import type { RouteObject } from 'react-router';

/** The clients screens: list, new, import, a client's page and its edit form. */
export const clientsRoutes: RouteObject[] = [
  {
    path: '/clients',
    lazy: async () => ({ Component: (await import('./clients-page.tsx')).ClientsPage }),
  },
  {
    path: '/clients/nouveau',
    lazy: async () => ({
      Component: (await import('./client-create-page.tsx')).ClientCreatePage,
    }),
  },
  {
    path: '/clients/import',
    lazy: async () => ({
      Component: (await import('./client-import-page.tsx')).ClientImportPage,
    }),
  },
  {
    path: '/clients/:id',
    lazy: async () => ({
      Component: (await import('./client-detail-page.tsx')).ClientDetailPage,
    }),
  },
  {
    path: '/clients/:id/modifier',
    lazy: async () => ({ Component: (await import('./client-edit-page.tsx')).ClientEditPage }),
  },
];
