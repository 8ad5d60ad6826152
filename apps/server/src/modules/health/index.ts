export { healthRoutes } from './health.routes.ts';
export { checkReadiness, type ReadinessCheck } from './health.service.ts';
