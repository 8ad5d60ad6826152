import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { UserRole } from '../db/schema/index.ts';
import { CLI_CONTEXT } from '../modules/audit/index.ts';

export const PASSWORD = 'Correct-Horse-Battery-42';

export interface TestUser {
  id: string;
  email: string;
  role: UserRole;
  organizationId: string;
}

const unique = () => randomBytes(4).toString('hex');

/** A cabinet with its admin, made through the service (as `create-admin` does). */
export async function seedCabinet(app: FastifyInstance, name = `Cabinet ${unique()}`) {
  const { organization, user } = await app.services.organizations.createCabinet(
    {
      organizationName: name,
      email: `admin-${unique()}@example.fr`,
      password: PASSWORD,
      fullName: 'Alice Admin',
    },
    CLI_CONTEXT,
  );
  const admin: TestUser = {
    id: user.id,
    email: user.email,
    role: 'admin',
    organizationId: organization.id,
  };
  const addUser = async (
    role: UserRole,
    overrides: { email?: string; password?: string } = {},
  ): Promise<TestUser> => {
    const created = await app.services.users.create(
      { userId: admin.id, organizationId: organization.id, role: 'admin' },
      CLI_CONTEXT,
      {
        email: overrides.email ?? `${role}-${unique()}@example.fr`,
        fullName: `Test ${role}`,
        role,
        password: overrides.password ?? PASSWORD,
      },
    );
    return { id: created.id, email: created.email, role, organizationId: organization.id };
  };
  return { organization, admin, addUser };
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export async function login(
  app: FastifyInstance,
  email: string,
  password = PASSWORD,
  ip = '10.0.0.1',
): Promise<Tokens> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return res.json() as Tokens;
}

export const bearer = (tokens: Tokens | string) => ({
  authorization: `Bearer ${typeof tokens === 'string' ? tokens : tokens.accessToken}`,
});
