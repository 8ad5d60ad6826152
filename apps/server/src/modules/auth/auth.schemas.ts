import { Type } from 'typebox';

const Email = Type.String({
  format: 'email',
  maxLength: 254,
  description: 'Login e-mail address.',
});

export const LoginBody = Type.Object(
  {
    email: Email,
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    deviceLabel: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'Shown in « Mes sessions »; derived from the user agent when absent.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const RefreshBody = Type.Object(
  {
    refreshToken: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 512,
        description: 'Absent: the HttpOnly cookie of the web app is used.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const TokenPairResponse = Type.Object(
  {
    accessToken: Type.String(),
    refreshToken: Type.Optional(
      Type.String({
        description:
          'Absent when the refresh token was set as an HttpOnly cookie (`X-Token-Transport: cookie`).',
      }),
    ),
    tokenType: Type.Literal('Bearer'),
    expiresIn: Type.Integer({ description: 'Seconds until the access token expires.' }),
  },
  { $id: 'TokenPair', description: 'A fresh access token and its refresh token.' },
);

export const Session = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    deviceLabel: Type.String(),
    ip: Type.Union([Type.String(), Type.Null()]),
    userAgent: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    lastUsedAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time' }),
    current: Type.Boolean({ description: 'The session of the token making this request.' }),
  },
  { $id: 'Session' },
);

export const SessionList = Type.Object(
  { items: Type.Array(Type.Ref('Session')) },
  { description: 'The open sessions of the signed-in user.' },
);

export const SessionParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
    newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const Jwks = Type.Object(
  {
    keys: Type.Array(
      Type.Object(
        { kid: Type.String(), kty: Type.String(), alg: Type.String(), use: Type.String() },
        { additionalProperties: true },
      ),
    ),
  },
  { description: 'Public keys verifying access tokens (RFC 7517).' },
);

export const RotatedKey = Type.Object(
  { kid: Type.String({ description: 'Identifier of the new active signing key.' }) },
  {
    description: 'The new signing key is active; older keys stay valid until their tokens expire.',
  },
);

export const NoContent = Type.Null({ description: 'Done.' });

export const Me = Type.Object(
  {
    user: Type.Ref('User'),
    organization: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
  },
  { description: 'The signed-in user and their cabinet.' },
);
