export { jobsRoutes } from './jobs.routes.ts';
export { Job } from './jobs.schemas.ts';
export { JobsService, viewOfJob, type JobView } from './jobs.service.ts';
