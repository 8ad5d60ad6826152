export { gdprRoutes } from './gdpr.routes.ts';
export { GdprService } from './gdpr.service.ts';
