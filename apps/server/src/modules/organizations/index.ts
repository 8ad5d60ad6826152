export {
  findOrganization,
  listOrganizationIds,
  type OrganizationRow,
} from './organizations.repository.ts';
export { Organization, organizationsRoutes } from './organizations.routes.ts';
export {
  OrganizationsService,
  toOrganizationView,
  type CabinetCreatedHook,
  type NewCabinet,
  type OrganizationView,
} from './organizations.service.ts';
export { cabinetsWithoutStarters, installStartersOnce } from './starters-once.ts';
