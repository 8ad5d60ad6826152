export { AccessTokens, type AccessTokenClaims } from './access-tokens.ts';
export { authPlugin } from './auth.plugin.ts';
export { authRoutes, REFRESH_COOKIE } from './auth.routes.ts';
export { Session, TokenPairResponse } from './auth.schemas.ts';
export { AuthService, type TokenPair } from './auth.service.ts';
export { checkPasswordPolicy, hashPassword } from './passwords.ts';
export { createRevocations, DatabaseRevocationRecord } from './revocations.ts';
export { SigningKeyRing } from './signing-keys.ts';
