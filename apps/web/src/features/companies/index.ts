import type { RouteObject } from 'react-router';

export const companiesRoutes: RouteObject[] = [];
