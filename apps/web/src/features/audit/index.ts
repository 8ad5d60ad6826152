import type { RouteObject } from 'react-router';

/** « Journal d’audit » (administrators and managers). */
export const auditRoutes: RouteObject[] = [
  {
    path: '/journal',
    lazy: async () => ({ Component: (await import('./audit-page.tsx')).AuditPage }),
  },
];
