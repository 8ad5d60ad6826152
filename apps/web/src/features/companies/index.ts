import type { RouteObject } from 'react-router';

/** « Compagnies »: list, new, detail and edit screens of the insurance companies. */
export const companiesRoutes: RouteObject[] = [
  {
    path: '/compagnies',
    lazy: async () => ({ Component: (await import('./companies-page.tsx')).CompaniesPage }),
  },
  {
    path: '/compagnies/nouvelle',
    lazy: async () => ({ Component: (await import('./company-form-page.tsx')).NewCompanyPage }),
  },
  {
    path: '/compagnies/:id',
    lazy: async () => ({ Component: (await import('./company-page.tsx')).CompanyPage }),
  },
  {
    path: '/compagnies/:id/modifier',
    lazy: async () => ({ Component: (await import('./company-form-page.tsx')).EditCompanyPage }),
  },
];
