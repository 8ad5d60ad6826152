// Seeds a realistic portfolio quickly (batched inserts straight into the tables): for benchmarks
// and demos. Names are French, spread so that searches hit a realistic share of rows.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../apps/server/src/db/client.ts';
import { clients, companies, policies } from '../../apps/server/src/db/schema/index.ts';
import { normalizeSearchText } from '../../apps/server/src/modules/portfolio-domain/index.ts';

const FIRST = [
  'Hélène',
  'Jean',
  'Éloïse',
  'Pierre',
  'Marie',
  'Luc',
  'Chloé',
  'Nicolas',
  'Inès',
  'Théo',
  'Manon',
  'Hugo',
  'Léa',
  'Gaël',
  'Zoé',
  'François',
];
const LAST = [
  'Dupré',
  'Martin',
  'Bernard',
  'Lefèvre',
  'Moreau',
  'Laurent',
  'Girard',
  'Bonnet',
  'Faure',
  'Mercier',
  'Lambert',
  'Fontaine',
  'Rousseau',
  'Vincent',
  'Müller',
  'Chevalier',
  'Garnier',
  'Perrin',
  'Robin',
  'Clément',
];
const CITIES = [
  'Paris',
  'Lyon',
  'Marseille',
  'Toulouse',
  'Nantes',
  'Bordeaux',
  'Lille',
  'Rennes',
  'Strasbourg',
  'Montpellier',
];
const LINES = [
  'auto',
  'habitation',
  'sante',
  'prevoyance',
  'rc_pro',
  'multirisque_pro',
  'vie',
  'emprunteur',
  'autre',
];

export interface SeedResult {
  organizationId: string;
  companyIds: string[];
  clientIds: string[];
}

export async function seedPortfolio(
  db: Database,
  organizationId: string,
  counts: { clients: number; policies: number; brokerIds?: string[] },
): Promise<SeedResult> {
  const companyRows = Array.from({ length: 12 }, (_, i) => ({
    organizationId,
    name: `Compagnie ${i + 1}`,
    code: `C${i + 1}`,
    commissionRates: { auto: 1200, habitation: 1500 },
  }));
  const companyIds = (
    await db.insert(companies).values(companyRows).returning({ id: companies.id })
  ).map((r) => r.id);
  const clientIds: string[] = [];
  for (let start = 0; start < counts.clients; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, counts.clients - start) }, (_, k) => {
      const i = start + k;
      const first = FIRST[i % FIRST.length]!;
      const last = `${LAST[(i * 7) % LAST.length]!}${i % 50 === 0 ? '' : ` ${i}`}`;
      const email = `client${i}@exemple.fr`;
      const id = randomUUID();
      clientIds.push(id);
      return {
        id,
        organizationId,
        kind: 'person' as const,
        firstName: first,
        lastName: last,
        email,
        address: {
          line1: `${i} rue de la Paix`,
          postalCode: '75002',
          city: CITIES[i % CITIES.length]!,
          country: 'FR',
        },
        assignedBrokerId: counts.brokerIds?.length
          ? counts.brokerIds[i % counts.brokerIds.length]!
          : null,
        displayName: `${last} ${first}`,
        searchText: normalizeSearchText(`${first} ${last} ${email}`),
      };
    });
    await db.insert(clients).values(batch);
  }
  for (let start = 0; start < counts.policies; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, counts.policies - start) }, (_, k) => {
      const i = start + k;
      const month = String((i % 12) + 1).padStart(2, '0');
      return {
        organizationId,
        clientId: clientIds[i % clientIds.length]!,
        companyId: companyIds[i % companyIds.length]!,
        number: `P${String(i).padStart(8, '0')}`,
        productLine: LINES[i % LINES.length]!,
        status: (i % 10 === 0 ? 'draft' : 'active') as 'draft' | 'active',
        effectiveDate: `2026-${month}-01`,
        renewalDate: `2027-${month}-01`,
        termStart: `2026-${month}-01`,
        paymentFrequency: 'monthly',
        annualPremiumCents: 30_000 + (i % 200) * 1000,
        taxRateBps: 900,
        commissionRateBps: 1500,
      };
    });
    await db.insert(policies).values(batch);
  }
  // Each active policy's monthly schedule, as activation writes it (12 instalments of the term).
  await db.execute(sql`
    insert into premiums (organization_id, policy_id, term_start, sequence, due_date, period_start,
      period_end, amount_cents, tax_cents, total_cents, commission_cents)
    select p.organization_id, p.id, p.term_start, s + 1,
      (p.term_start + make_interval(months => s))::date,
      (p.term_start + make_interval(months => s))::date,
      (p.term_start + make_interval(months => s + 1) - interval '1 day')::date,
      p.annual_premium_cents / 12, p.annual_premium_cents / 12 * p.tax_rate_bps / 10000,
      p.annual_premium_cents / 12 + p.annual_premium_cents / 12 * p.tax_rate_bps / 10000,
      p.annual_premium_cents / 12 * p.commission_rate_bps / 10000
    from policies p, generate_series(0, 11) s
    where p.organization_id = ${organizationId} and p.status = 'active'`);
  return { organizationId, companyIds, clientIds };
}
