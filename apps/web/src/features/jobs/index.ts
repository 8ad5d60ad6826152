import type { RouteObject } from 'react-router';

/** « Traitements »: background jobs (document batches…), their progress, cancel and retry. */
export const jobsRoutes: RouteObject[] = [
  {
    path: '/traitements',
    lazy: async () => ({ Component: (await import('./jobs-page.tsx')).JobsPage }),
  },
];
