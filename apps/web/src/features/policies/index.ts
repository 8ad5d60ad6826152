import type { RouteObject } from 'react-router';

export const policiesRoutes: RouteObject[] = [];
