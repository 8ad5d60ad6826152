import type { RouteObject } from 'react-router';

export const documentsRoutes: RouteObject[] = [];
