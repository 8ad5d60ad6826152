import type { RouteObject } from 'react-router';

export const renewalsRoutes: RouteObject[] = [];
