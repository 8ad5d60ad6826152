export {
  findUserByEmail,
  findUserById,
  listRecentTokenCutoffs,
  type UserRow,
} from './users.repository.ts';
export { actorOf, usersRoutes } from './users.routes.ts';
export { User } from './users.schemas.ts';
export {
  changePasswordHash,
  createCabinetAdmin,
  recordSignIn,
  refuseTokensIssuedBefore,
  toUserView,
  UsersService,
  type Actor,
  type UserCredentials,
  type UserView,
} from './users.service.ts';
