export { findClientsByKeys, type ClientRow, type ClientScope } from './clients.repository.ts';
export { clientsRoutes } from './clients.routes.ts';
export { Client, CreateClientBody } from './clients.schemas.ts';
export {
  clientInputOf,
  INPUT_FIELDS as CLIENT_INPUT_FIELDS,
  clientProblems,
  ClientsService,
  createImportedClients,
  removeImportedClients,
  saveImportedChanges,
  toClientView,
  type ClientInput,
  type ClientView,
} from './clients.service.ts';
