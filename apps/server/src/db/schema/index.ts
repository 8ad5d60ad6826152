export { auditEvents } from './audit-events.ts';
export { organizations } from './organizations.ts';
export { refreshTokens } from './refresh-tokens.ts';
export { sessions } from './sessions.ts';
export { signingKeys } from './signing-keys.ts';
export { USER_ROLES, users, type UserRole } from './users.ts';
