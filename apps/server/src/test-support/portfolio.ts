import type { FastifyInstance } from 'fastify';
import { bearer, login, seedCabinet, type Tokens } from './auth.ts';

/** A cabinet with one user per role, logged in, and a company. */
export async function seedPortfolio(app: FastifyInstance, name?: string) {
  const cabinet = await seedCabinet(app, name);
  const [manager, broker, otherBroker, viewer] = await Promise.all([
    cabinet.addUser('manager'),
    cabinet.addUser('broker'),
    cabinet.addUser('broker'),
    cabinet.addUser('viewer'),
  ]);
  const tokens: Record<'admin' | 'manager' | 'broker' | 'otherBroker' | 'viewer', Tokens> = {
    admin: await login(app, cabinet.admin.email),
    manager: await login(app, manager!.email),
    broker: await login(app, broker!.email),
    otherBroker: await login(app, otherBroker!.email),
    viewer: await login(app, viewer!.email),
  };
  const company = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: bearer(tokens.admin),
      payload: {
        name: 'Assurances Générales',
        // Digits only: a random run of letters could match the searches tests make (`q=rh`).
        code: `AG${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
        commissionRates: { auto: 1200, habitation: 1500 },
      },
    })
  ).json() as { id: string; code: string };
  return {
    ...cabinet,
    users: { manager: manager!, broker: broker!, otherBroker: otherBroker!, viewer: viewer! },
    tokens,
    company,
  };
}

export type Portfolio = Awaited<ReturnType<typeof seedPortfolio>>;

export const person = (overrides: Record<string, unknown> = {}) => ({
  kind: 'person',
  civility: 'Mme',
  firstName: 'Hélène',
  lastName: 'Dupré',
  email: 'helene.dupre@example.fr',
  phone: '+33612345678',
  address: { line1: '3 rue des Lilas', postalCode: '69003', city: 'Lyon', country: 'FR' },
  ...overrides,
});

export const business = (overrides: Record<string, unknown> = {}) => ({
  kind: 'business',
  companyName: 'Boulangerie Martin',
  siren: '732829320',
  siret: '73282932000074',
  legalForm: 'SARL',
  email: 'contact@boulangerie-martin.fr',
  address: { line1: '1 place du Marché', postalCode: '33000', city: 'Bordeaux', country: 'FR' },
  ...overrides,
});
