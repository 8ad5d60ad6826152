import { createBrowserRouter, type RouteObject } from 'react-router';
import { adminRoutes } from '../features/admin/index.ts';
import { auditRoutes } from '../features/audit/index.ts';
import { accountRoutes, loginRoute } from '../features/auth/index.ts';
import { clientsRoutes } from '../features/clients/index.ts';
import { companiesRoutes } from '../features/companies/index.ts';
import { dashboardRoutes } from '../features/dashboard/index.ts';
import { documentsRoutes } from '../features/documents/index.ts';
import { jobsRoutes } from '../features/jobs/index.ts';
import { policiesRoutes } from '../features/policies/index.ts';
import { renewalsRoutes } from '../features/renewals/index.ts';
import { templatesRoutes } from '../features/templates/index.ts';
import { AuthenticatedLayout } from './layout.tsx';
import { NotFoundPage } from './not-found.tsx';
import { Root } from './root.tsx';

/** Every screen, in French paths; each feature's pages load on first visit (code splitting). */
export const routes: RouteObject[] = [
  {
    element: <Root />,
    children: [
      loginRoute,
      {
        element: <AuthenticatedLayout />,
        children: [
          ...dashboardRoutes,
          ...clientsRoutes,
          ...policiesRoutes,
          ...renewalsRoutes,
          ...companiesRoutes,
          ...templatesRoutes,
          ...documentsRoutes,
          ...jobsRoutes,
          ...auditRoutes,
          ...adminRoutes,
          ...accountRoutes,
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
