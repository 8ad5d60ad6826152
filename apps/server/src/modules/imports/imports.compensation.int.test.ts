import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { policyStatusChanges, premiums } from '../../db/schema/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { ActorContext, PortfolioScope } from '../../platform/request-context.ts';
import { readTabular } from '../../platform/tabular/tabular.ts';
import { createTestApp } from '../../test-support/app.ts';
import { bearer } from '../../test-support/auth.ts';
import { createTestDatabase } from '../../test-support/database.ts';
import { seedPortfolio, type Portfolio } from '../../test-support/portfolio.ts';
import { ImportsService } from './imports.service.ts';

// Committed chunk by chunk (PGlite's way, run here on both databases), an import that fails
// part-way undoes its committed chunks: all or nothing still holds.

const ROWS = 200;

let database: DatabaseHandle;
let app: App;
let p: Portfolio;
let clientId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  p = await seedPortfolio(app);
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/clients',
    headers: bearer(p.tokens.admin),
    payload: { kind: 'person', firstName: 'Comp', lastName: 'Ensation', email: 'comp@exemple.fr' },
  });
  clientId = created.json().id as string;
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const policiesNumbered = async (prefix: string): Promise<string[]> => {
  const res = await app.inject({
    url: `/api/v1/policies?q=${prefix}&limit=200`,
    headers: bearer(p.tokens.admin),
  });
  return (res.json().items as { number: string }[]).map((policy) => policy.number);
};

describe('an import committed in chunks', () => {
  it('undoes its committed chunks when a later chunk fails (a number taken meanwhile)', async () => {
    const imports = new ImportsService(database.db, app.services.policies, {
      commitMode: 'per-chunk',
      chunkRows: 1,
    });
    const scope: PortfolioScope = {
      organizationId: p.organization.id,
      userId: p.admin.id,
      role: 'admin',
    };
    const context: ActorContext = {
      organizationId: p.organization.id,
      actorId: p.admin.id,
      ip: null,
      userAgent: null,
      requestId: null,
    };
    const file = Buffer.from(
      "N° de contrat;Compagnie;E-mail client;Branche;Date d'effet;Échéance;Fractionnement;Prime annuelle HT;Statut\n" +
        Array.from(
          { length: ROWS },
          (_, i) =>
            `COMP-${String(i).padStart(3, '0')};${p.company.code};comp@exemple.fr;auto;01/01/2026;01/01/2027;mensuel;1200;en cours`,
        ).join('\n'),
    );
    const running = imports
      .importPolicies(scope, context, await readTabular(file, 'csv'), false)
      .then(
        () => undefined,
        (error: unknown) => error,
      );

    // Once the first chunks are in, another request takes the number of the file's last row.
    while ((await policiesNumbered('COMP-')).length === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const taken = await app.inject({
      method: 'POST',
      url: '/api/v1/policies',
      headers: bearer(p.tokens.admin),
      payload: {
        number: `COMP-${ROWS - 1}`,
        clientId,
        companyId: p.company.id,
        productLine: 'auto',
        effectiveDate: '2026-01-01',
        renewalDate: '2027-01-01',
        paymentFrequency: 'annual',
        annualPremiumCents: 10_000,
      },
    });
    expect(taken.statusCode).toBe(201);

    const error = await running;
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 409, slug: 'import-conflict' });
    // Nothing of the import is left: its policies, their history and their premiums are gone.
    expect(await policiesNumbered('COMP-')).toEqual([`COMP-${ROWS - 1}`]);
    const takenId = taken.json().id as string;
    const history = await database.db.select().from(policyStatusChanges);
    expect(history.filter((change) => change.policyId !== takenId)).toEqual([]);
    expect(
      await database.db
        .select()
        .from(premiums)
        .where(eq(premiums.organizationId, scope.organizationId)),
    ).toEqual([]);
  }, 300_000);
});
