import type { RouteObject } from 'react-router';

/** « Documents »: the list, generating one from a template, one document (preview, link). */
export const documentsRoutes: RouteObject[] = [
  {
    path: '/documents',
    lazy: async () => ({ Component: (await import('./documents-page.tsx')).DocumentsPage }),
  },
  {
    path: '/documents/nouveau',
    lazy: async () => ({ Component: (await import('./new-document-page.tsx')).NewDocumentPage }),
  },
  {
    path: '/documents/:id',
    lazy: async () => ({ Component: (await import('./document-page.tsx')).DocumentPage }),
  },
];
