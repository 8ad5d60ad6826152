import { execFileSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { bearer, type Tokens } from './auth.ts';
import { person, type Portfolio } from './portfolio.ts';

/** The text of a PDF as poppler's pdftotext sees it (layout kept, spaces normalised). */
export function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { input: pdf })
    .toString('utf8')
    .replace(/[\u00a0\u202f]/g, ' ');
}

/** Number of pages of a PDF (pdfinfo). */
export function pdfPages(pdf: Buffer): number {
  const info = execFileSync('pdfinfo', ['-'], { input: pdf }).toString('utf8');
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
}

let sequence = 0;

/** A client (assigned to `tokens`' user when a broker creates it) with an active policy. */
export async function seedActivePolicy(
  app: FastifyInstance,
  p: Portfolio,
  tokens: Tokens = p.tokens.admin,
  overrides: Record<string, unknown> = {},
) {
  sequence += 1;
  const client = await app.inject({
    method: 'POST',
    url: '/api/v1/clients',
    headers: bearer(tokens),
    payload: person({ email: `client-${sequence}-${Date.now()}@example.fr` }),
  });
  if (client.statusCode !== 201) throw new Error(`client: ${client.statusCode} ${client.body}`);
  const clientId = client.json().id as string;
  const policy = await app.inject({
    method: 'POST',
    url: '/api/v1/policies',
    headers: bearer(tokens),
    payload: {
      number: `AUTO-2026-${String(sequence).padStart(4, '0')}`,
      clientId,
      companyId: p.company.id,
      productLine: 'auto',
      effectiveDate: '2026-01-15',
      renewalDate: '2027-01-15',
      paymentFrequency: 'quarterly',
      annualPremiumCents: 123_456,
      insuredObject: { registration: 'AB-123-CD', model: 'Peugeot 208' },
      ...overrides,
    },
  });
  if (policy.statusCode !== 201) throw new Error(`policy: ${policy.statusCode} ${policy.body}`);
  const policyId = policy.json().id as string;
  const activated = await app.inject({
    method: 'POST',
    url: `/api/v1/policies/${policyId}/transitions`,
    headers: bearer(p.tokens.admin),
    payload: { to: 'active', reason: 'Signature' },
  });
  if (activated.statusCode !== 200) throw new Error(`activate: ${activated.body}`);
  const premiums = (
    await app.inject({ url: `/api/v1/policies/${policyId}/premiums`, headers: bearer(tokens) })
  ).json().items as { id: string; dueDate: string; totalCents: number }[];
  return { clientId, policyId, number: policy.json().number as string, premiums };
}

/** Sets the cabinet's legal mentions (printed on documents). */
export async function setCabinetProfile(app: FastifyInstance, tokens: Tokens) {
  const res = await app.inject({
    method: 'PATCH',
    url: '/api/v1/organization',
    headers: bearer(tokens),
    payload: {
      oriasNumber: '12345678',
      siren: '732829320',
      address: { line1: '12 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
    },
  });
  if (res.statusCode !== 200) throw new Error(`profile: ${res.statusCode} ${res.body}`);
  return res.json() as { name: string; version: number };
}
