import { Type } from 'typebox';
import { USER_ROLES } from '../../db/schema/index.ts';
import { PageQuery, Page } from '../../platform/pagination.ts';

export const Role = Type.Union(
  USER_ROLES.map((r) => Type.Literal(r)),
  {
    description:
      'admin: everything in the cabinet · manager: all portfolio data · broker: their clients · viewer: read-only.',
  },
);

export const User = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    email: Type.String(),
    fullName: Type.String(),
    role: Role,
    active: Type.Boolean(),
    version: Type.Integer({
      description: 'Send it back (or as If-Match) when updating: a stale one is refused with 409.',
    }),
    lastLoginAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'User', description: 'A user of the cabinet.' },
);

export const UserList = Page(Type.Ref('User'), 'A page of users, ordered by e-mail.');
export const UserListQuery = Type.Object(PageQuery, { additionalProperties: false });
export const UserParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const CreateUserBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    fullName: Type.String({ minLength: 1, maxLength: 200 }),
    role: Role,
    password: Type.String({
      minLength: 1,
      maxLength: 1024,
      description: 'At least 12 characters, not a common password.',
    }),
  },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object(
  {
    fullName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    role: Type.Optional(Role),
    active: Type.Optional(
      Type.Boolean({
        description: 'false deactivates: the user is signed out everywhere at once.',
      }),
    ),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
