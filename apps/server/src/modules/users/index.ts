export {
  findUserByEmail,
  findUserById,
  insertUser,
  listRecentTokenCutoffs,
  recordLogin,
  setTokensValidAfter,
  updateUser,
  type UserRow,
} from './users.repository.ts';
export { actorOf, usersRoutes } from './users.routes.ts';
export { User } from './users.schemas.ts';
export {
  toUserView,
  UsersService,
  type Actor,
  type UserCredentials,
  type UserView,
} from './users.service.ts';
