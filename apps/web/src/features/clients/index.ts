import type { RouteObject } from 'react-router';

export const clientsRoutes: RouteObject[] = [];
