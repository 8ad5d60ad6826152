import type { RouteObject } from 'react-router';

/** « Modèles »: the list, a new template, one template (editor with live preview, versions). */
export const templatesRoutes: RouteObject[] = [
  {
    path: '/modeles',
    lazy: async () => ({ Component: (await import('./templates-page.tsx')).TemplatesPage }),
  },
  {
    path: '/modeles/nouveau',
    lazy: async () => ({ Component: (await import('./new-template-page.tsx')).NewTemplatePage }),
  },
  {
    path: '/modeles/:id',
    lazy: async () => ({ Component: (await import('./template-page.tsx')).TemplatePage }),
  },
];
