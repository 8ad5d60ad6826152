import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../shared/api/query.ts';
import { SessionClient } from '../../../shared/api/session-client.ts';
import {
  cookieJarFetch,
  setUpCabinet,
  signIn,
  startServer,
  type ServerUnderTest,
} from '../../../test-support/server.ts';
import { readActivePolicyCount, readMonthPremiums } from './dashboard.ts';

const ADMIN = {
  organizationName: 'Cabinet Roux',
  fullName: 'Paul Roux',
  email: 'paul@cabinet-roux.fr',
  password: 'une phrase de passe solide 2026',
};

let server: ServerUnderTest;
let client: SessionClient;

beforeAll(async () => {
  server = await startServer();
  await setUpCabinet(server, ADMIN);
  client = new SessionClient({ baseUrl: server.url, fetch: cookieJarFetch().fetch });
  await signIn(client, ADMIN);
});

afterAll(async () => {
  await server.stop();
});

describe('readMonthPremiums against the real server', () => {
  it('counts and sums the month’s premiums of every policy, cancelled ones left out', async () => {
    const { api } = client;
    const company = unwrap(
      await api.POST('/api/v1/companies', { body: { name: 'Mutuelle du Rhône', code: 'MDR' } }),
    );
    const customer = unwrap(
      await api.POST('/api/v1/clients', {
        body: { kind: 'person', firstName: 'Léa', lastName: 'Roux', email: 'lea@exemple.fr' },
      }),
    );
    // Two monthly policies with a premium due in March 2026, one cancelled from its start.
    const activePolicy = async (number: string, effectiveDate: string, renewalDate: string) => {
      const policy = unwrap(
        await api.POST('/api/v1/policies', {
          body: {
            number,
            clientId: customer.id,
            companyId: company.id,
            productLine: 'habitation',
            effectiveDate,
            renewalDate,
            paymentFrequency: 'monthly',
            annualPremiumCents: 120_000,
          },
        }),
      );
      unwrap(
        await api.POST('/api/v1/policies/{id}/transitions', {
          params: { path: { id: policy.id } },
          body: { to: 'active' },
        }),
      );
      return policy.id;
    };
    const first = await activePolicy('HAB-1', '2026-03-01', '2027-03-01');
    const second = await activePolicy('HAB-2', '2026-03-15', '2027-03-15');
    const third = await activePolicy('HAB-3', '2026-03-20', '2027-03-20');
    const schedule = async (id: string) =>
      unwrap(await api.GET('/api/v1/policies/{id}/premiums', { params: { path: { id } } })).items;
    const [paid] = await schedule(first);
    const [unpaid] = await schedule(second);
    unwrap(
      await api.POST('/api/v1/premiums/{id}/payment', {
        params: { path: { id: paid!.id } },
        body: { paidOn: '2026-03-02' },
      }),
    );
    unwrap(
      await api.POST('/api/v1/premiums/{id}/non-payment', {
        params: { path: { id: unpaid!.id } },
        body: { on: '2026-03-25' },
      }),
    );
    unwrap(
      await api.POST('/api/v1/policies/{id}/transitions', {
        params: { path: { id: third } },
        body: { to: 'cancelled', reason: 'Renonciation', effectiveOn: '2026-03-19' },
      }),
    );
    const [cancelled] = await schedule(third);
    expect(cancelled!.status).toBe('cancelled');

    expect(await readMonthPremiums(api, '2026-03')).toEqual({
      count: 2,
      totalCents: paid!.totalCents + unpaid!.totalCents,
      paidCount: 1,
      unpaidCount: 1,
    });
    // April: the next premium of the first two; the third policy's are all cancelled.
    expect(await readMonthPremiums(api, '2026-04')).toMatchObject({ count: 2, paidCount: 0 });
    // Two of the three policies are still active.
    expect(await readActivePolicyCount(api)).toBe(2);
    expect(await readMonthPremiums(api, '2025-12')).toEqual({
      count: 0,
      totalCents: 0,
      paidCount: 0,
      unpaidCount: 0,
    });
  });
});
