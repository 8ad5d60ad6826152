// Policies for a screen test, made through the API as the screens would make them.
import { unwrap } from '../shared/api/query.ts';
import type { SessionClient } from '../shared/api/session-client.ts';
import { addDays, todayInParis } from '../shared/lib/format.ts';

export interface SeededPolicy {
  id: string;
  number: string;
  renewalDate: string;
}

/** A company, a client and active policies whose échéance falls `renewInDays` from today. */
export async function seedActivePolicies(
  client: SessionClient,
  renewInDays: number[],
  prefix = 'AUT',
): Promise<SeededPolicy[]> {
  const today = todayInParis();
  const company = unwrap(
    await client.api.POST('/api/v1/companies', {
      body: { name: `Compagnie ${prefix}`, code: `${prefix}${Date.now() % 100_000}` },
    }),
  );
  const person = unwrap(
    await client.api.POST('/api/v1/clients', {
      body: { kind: 'person', firstName: 'Hélène', lastName: `Dupré ${prefix}` },
    }),
  );
  const seeded: SeededPolicy[] = [];
  for (const [index, days] of renewInDays.entries()) {
    const number = `${prefix}-${String(index + 1).padStart(3, '0')}`;
    const renewalDate = addDays(today, days);
    const policy = unwrap(
      await client.api.POST('/api/v1/policies', {
        body: {
          number,
          clientId: person.id,
          companyId: company.id,
          productLine: 'auto',
          effectiveDate: addDays(renewalDate, -365),
          renewalDate,
          tacitRenewal: true,
          paymentFrequency: 'annual',
          annualPremiumCents: 60_000 + index * 100,
        },
      }),
    );
    unwrap(
      await client.api.POST('/api/v1/policies/{id}/transitions', {
        params: { path: { id: policy.id } },
        body: { to: 'active' },
      }),
    );
    seeded.push({ id: policy.id, number, renewalDate });
  }
  return seeded;
}
