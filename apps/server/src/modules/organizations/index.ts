export { findOrganization, type OrganizationRow } from './organizations.repository.ts';
export { organizationsRoutes } from './organizations.routes.ts';
export { OrganizationsService, type NewCabinet } from './organizations.service.ts';
