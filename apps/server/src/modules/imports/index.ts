export { importsRoutes } from './imports.routes.ts';
export {
  ImportsService,
  parseDate,
  parseEuros,
  parsePercentBps,
  type ImportReport,
} from './imports.service.ts';
