import { createHmac, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { createTestApp } from '../../src/test-support/app.ts';
import { bearer, login, PASSWORD } from '../../src/test-support/auth.ts';
import { createTestDatabase } from '../../src/test-support/database.ts';
import { person, seedPortfolio, type Portfolio } from '../../src/test-support/portfolio.ts';
import {
  describeResponse,
  expectProblem,
  label,
  loadDocument,
  loadOperations,
  minimalValue,
  pathParams,
  resolver,
  resourceSegment,
  urlFor,
  type Operation,
} from './openapi-operations.ts';

/**
 * Authorization of every operation of the committed OpenAPI document: 401 without or with a bad
 * token, 403 for the roles a route refuses, never 401/403/5xx for the roles it accepts, and 404 for
 * another cabinet's resources.
 */

type Role = 'admin' | 'manager' | 'broker' | 'viewer';
const ROLES: Role[] = ['admin', 'manager', 'broker', 'viewer'];
const ALL: Role[] = [...ROLES];
/** `requireRole('admin', 'manager', 'broker')`: portfolio writers. */
const WRITERS: Role[] = ['admin', 'manager', 'broker'];
/** `requireRole('admin', 'manager')`. */
const MANAGERS: Role[] = ['admin', 'manager'];
const ADMIN: Role[] = ['admin'];

/** Operations without a security requirement: anyone may call them. */
const PUBLIC = new Set([
  'getHealth',
  'getReadiness',
  'setup',
  'getSetupStatus',
  'login',
  'refreshToken',
  'getJwks',
  // documents.routes.ts: the link token is the credential (HEAD, which does not consume a link,
  // is not in the OpenAPI document).
  'downloadByLink',
]);

/**
 * Who may call each secured operation, from the routes' `onRequest` hooks
 * (`app.authenticate` alone = all four roles). A new operation fails the suite until it is here.
 */
const EXPECTED: Record<string, { allowed: Role[] }> = {
  // users.routes.ts: adminOnly
  listUsers: { allowed: ADMIN },
  createUser: { allowed: ADMIN },
  getUser: { allowed: ADMIN },
  updateUser: { allowed: ADMIN },
  // auth.routes.ts
  logout: { allowed: ALL },
  logoutAll: { allowed: ALL },
  listSessions: { allowed: ALL },
  revokeSession: { allowed: ALL },
  getMe: { allowed: ALL },
  changeMyPassword: { allowed: ALL },
  rotateSigningKeys: { allowed: ADMIN },
  // companies.routes.ts: writers = admin, manager
  listCompanies: { allowed: ALL },
  createCompany: { allowed: MANAGERS },
  getCompany: { allowed: ALL },
  updateCompany: { allowed: MANAGERS },
  // clients.routes.ts: writers = admin, manager, broker
  listClients: { allowed: ALL },
  createClient: { allowed: WRITERS },
  getClient: { allowed: ALL },
  updateClient: { allowed: WRITERS },
  // policies.routes.ts: readers = authenticate, writers = admin, manager, broker
  listPolicies: { allowed: ALL },
  createPolicy: { allowed: WRITERS },
  getPolicy: { allowed: ALL },
  updatePolicy: { allowed: WRITERS },
  transitionPolicy: { allowed: WRITERS },
  renewPolicy: { allowed: WRITERS },
  getPolicyHistory: { allowed: ALL },
  listPolicyPremiums: { allowed: ALL },
  recordPremiumPayment: { allowed: WRITERS },
  recordPremiumNonPayment: { allowed: WRITERS },
  listRenewals: { allowed: ALL },
  listPremiums: { allowed: ALL },
  // gdpr.routes.ts: officers = admin, manager
  exportClient: { allowed: MANAGERS },
  anonymizeClient: { allowed: MANAGERS },
  // imports.routes.ts: importers = admin, manager
  importClients: { allowed: MANAGERS },
  importPolicies: { allowed: MANAGERS },
  // audit.routes.ts: auditors = admin, manager
  listAuditEvents: { allowed: MANAGERS },
  exportAuditEvents: { allowed: MANAGERS },
  verifyAuditEvents: { allowed: MANAGERS },
  // organizations.routes.ts
  getOrganization: { allowed: ALL },
  updateOrganization: { allowed: ADMIN },
  // templates.routes.ts: readers = everyone, managers = admin, manager
  listTemplates: { allowed: ALL },
  getTemplateDataModel: { allowed: ALL },
  createTemplate: { allowed: MANAGERS },
  getTemplate: { allowed: ALL },
  updateTemplate: { allowed: MANAGERS },
  deleteTemplate: { allowed: MANAGERS },
  listTemplateVersions: { allowed: ALL },
  createTemplateVersion: { allowed: MANAGERS },
  getTemplateVersion: { allowed: ALL },
  getTemplateVersionFile: { allowed: ALL },
  // documents.routes.ts: generators = admin, manager, broker
  previewTemplate: { allowed: MANAGERS },
  generateDocument: { allowed: WRITERS },
  listDocuments: { allowed: ALL },
  getDocument: { allowed: ALL },
  getDocumentContent: { allowed: ALL },
  createDocumentLink: { allowed: WRITERS },
  // document-batches.routes.ts: generators = admin, manager, broker; readers = everyone
  createDocumentBatch: { allowed: WRITERS },
  getDocumentBatch: { allowed: ALL },
  getDocumentBatchContent: { allowed: ALL },
  getDocumentBatchArchive: { allowed: ALL },
  // jobs.routes.ts: readers = everyone (a broker sees their own), actors = admin, manager, broker
  listJobs: { allowed: ALL },
  getJob: { allowed: ALL },
  cancelJob: { allowed: WRITERS },
  retryJob: { allowed: WRITERS },
  followJob: { allowed: ALL },
};

const document = loadDocument();
const resolve = resolver(document);
const operations = loadOperations(document);
const secured = operations.filter((op) => op.secured);
const publicOps = operations.filter((op) => !op.secured);

let database: DatabaseHandle;
let app: App;
/** Cabinet A (the one under test) and cabinet B (the intruder). */
let a: Portfolio;
let b: Portfolio;
const tokens = {} as Record<Role, string>;
const emails = {} as Record<Role, string>;

/** Resources of cabinet A, by the path segment that names them before `{id}`. */
const fixtures: Record<string, string> = {};

let sequence = 0;
const unique = () => `${Date.now().toString(36)}${++sequence}`;

interface RequestSample {
  body?: unknown;
  /** A non-JSON body with its media type (imports). */
  raw?: { contentType: string; payload: string };
  query?: string;
}

/**
 * Bodies that pass validation (and, for admin, usually succeed) where a schema-derived one would
 * not. Anything else gets `minimalValue(schema)`. Allowed roles may still answer 400 (e.g. a
 * broker creating a policy for a client that is not theirs).
 */
const SAMPLES: Record<string, () => RequestSample> = {
  createUser: () => ({
    body: {
      email: `matrix-${unique()}@example.fr`,
      fullName: 'Matrix User',
      role: 'viewer',
      password: 'Another-Correct-Horse-77',
    },
  }),
  createCompany: () => ({ body: { name: 'Compagnie Matrice', code: `MX${unique()}` } }),
  createClient: () => ({ body: person({ email: `client-${unique()}@example.fr` }) }),
  createPolicy: () => ({
    body: {
      number: `MX-${unique()}`,
      clientId: fixtures.clients,
      companyId: fixtures.companies,
      productLine: 'auto',
      effectiveDate: '2026-01-31',
      renewalDate: '2027-01-31',
      paymentFrequency: 'annual',
      annualPremiumCents: 50_000,
    },
  }),
  // A wrong current password: 400, and nobody's password changes.
  changeMyPassword: () => ({
    body: { currentPassword: 'not-the-password', newPassword: 'Another-Correct-Horse-77' },
  }),
  importClients: () => ({
    raw: {
      contentType: 'text/csv',
      payload: 'Type;Nom;E-mail\r\npersonne;Matrice;m@example.fr\r\n',
    },
    query: 'dryRun=true',
  }),
  importPolicies: () => ({
    raw: { contentType: 'text/csv', payload: 'Numéro;Compagnie\r\nMX-1;XX\r\n' },
    query: 'dryRun=true',
  }),
  createTemplate: () => ({
    body: { name: `Matrice ${unique()}`, kind: 'html', content: '<p>{{ today }}</p>' },
  }),
  generateDocument: () => ({
    body: { templateId: fixtures.templates, format: 'xlsx', policyId: fixtures.policies },
  }),
  // A window where nothing renews: 422 for the roles allowed, and no job left running to change
  // cabinet A's documents under the later checks.
  createDocumentBatch: () => ({
    body: {
      templateId: fixtures.templates,
      format: 'xlsx',
      renewals: { from: '2099-01-01', to: '2099-01-31' },
    },
  }),
};

function sampleFor(op: Operation): RequestSample {
  const special = SAMPLES[op.operationId];
  if (special) return special();
  return op.body ? { body: minimalValue(op.body.schema, resolve) } : {};
}

function send(
  op: Operation,
  options: {
    authorization?: string;
    ids?: Record<string, string>;
    sample?: RequestSample;
  } = {},
): Promise<LightMyRequestResponse> {
  const sample = options.sample ?? sampleFor(op);
  const headers: Record<string, string> = {};
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  let payload: string | undefined;
  if (sample.raw) {
    headers['content-type'] = sample.raw.contentType;
    payload = sample.raw.payload;
  } else if (sample.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(sample.body);
  }
  return app.inject({
    method: op.method,
    url: urlFor(op, options.ids, sample.query),
    headers,
    ...(payload !== undefined ? { payload } : {}),
  });
}

/** Logout, logout-all or a revoked session end a role's token: sign in again when that happened. */
async function keepSignedIn(role: Role): Promise<void> {
  const me = await app.inject({ url: '/api/v1/me', headers: bearer(tokens[role]) });
  if (me.statusCode === 401) {
    tokens[role] = (await login(app, emails[role], PASSWORD, '10.0.0.77')).accessToken;
  }
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tokens that must all be refused with 401. */
function badAuthorizations(): Record<string, string> {
  const [header, payload, signature] = tokens.admin.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
  const forged = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
  // Change a character in the middle: the last one of an Ed25519 signature also holds padding
  // bits, and flipping only those leaves the decoded signature (and its validity) unchanged.
  const middle = Math.floor(signature.length / 2);
  const flipped = `${signature.slice(0, middle)}${signature[middle] === 'A' ? 'B' : 'A'}${signature.slice(middle + 1)}`;
  return {
    'garbage bearer': 'Bearer garbage',
    'three garbage segments': 'Bearer aaa.bbb.ccc',
    'alg none with admin claims': `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`,
    'HS256 signed with a guessed secret': `Bearer ${forged}.${createHmac('sha256', 'secret').update(forged).digest('base64url')}`,
    'admin token with a tampered signature': `Bearer ${header}.${payload}.${flipped}`,
    'admin token with tampered claims': `Bearer ${header}.${base64url({ ...claims, role: 'admin', org: randomUUID() })}.${signature}`,
    'Basic credentials': `Basic ${Buffer.from(`${emails.admin}:${PASSWORD}`).toString('base64')}`,
    'token without scheme': tokens.admin,
    'empty bearer': 'Bearer ',
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  a = await seedPortfolio(app);
  b = await seedPortfolio(app);
  for (const role of ROLES) {
    tokens[role] = a.tokens[role].accessToken;
    emails[role] = role === 'admin' ? a.admin.email : a.users[role].email;
  }

  // Cabinet A's resources: a broker's client with an active policy (so it has premiums).
  const client = await app.inject({
    method: 'POST',
    url: '/api/v1/clients',
    headers: bearer(a.tokens.broker),
    payload: person({ email: 'matrice@example.fr' }),
  });
  expect(client.statusCode, describeResponse(client)).toBe(201);
  const policy = await app.inject({
    method: 'POST',
    url: '/api/v1/policies',
    headers: bearer(a.tokens.broker),
    payload: {
      number: 'MX-FIXTURE',
      clientId: client.json().id,
      companyId: a.company.id,
      productLine: 'habitation',
      effectiveDate: '2026-01-31',
      renewalDate: '2027-01-31',
      paymentFrequency: 'quarterly',
      annualPremiumCents: 120_000,
    },
  });
  expect(policy.statusCode, describeResponse(policy)).toBe(201);
  const activated = await app.inject({
    method: 'POST',
    url: `/api/v1/policies/${policy.json().id}/transitions`,
    headers: bearer(a.tokens.admin),
    payload: { to: 'active', reason: 'Signature' },
  });
  expect(activated.statusCode, describeResponse(activated)).toBe(200);
  const premiums = await app.inject({
    url: `/api/v1/policies/${policy.json().id}/premiums`,
    headers: bearer(a.tokens.admin),
  });
  // otherBroker's token is not used by the role matrix, so its session stays open.
  const sessions = await app.inject({
    url: '/api/v1/auth/sessions',
    headers: bearer(a.tokens.otherBroker),
  });
  // The starter bordereau (an xlsx template, so its version has a workbook) and one document.
  const templates = await app.inject({ url: '/api/v1/templates', headers: bearer(a.tokens.admin) });
  const bordereau = (templates.json().items as { id: string; code: string | null }[]).find(
    (t) => t.code === 'bordereau_primes',
  )!.id;
  const generated = await app.inject({
    method: 'POST',
    url: '/api/v1/documents',
    headers: bearer(a.tokens.broker),
    payload: { templateId: bordereau, format: 'xlsx', policyId: policy.json().id },
  });
  expect(generated.statusCode, describeResponse(generated)).toBe(201);
  // A finished PDF batch (so that its combined PDF and ZIP can be read) and its job.
  await app.services.startJobs({ work: true });
  const attestation = (templates.json().items as { id: string; code: string | null }[]).find(
    (t) => t.code === 'attestation',
  )!.id;
  const batch = await app.inject({
    method: 'POST',
    url: '/api/v1/document-batches',
    headers: bearer(a.tokens.admin),
    payload: { templateId: attestation, format: 'pdf', policyIds: [policy.json().id] },
  });
  expect(batch.statusCode, describeResponse(batch)).toBe(202);
  for (let waited = 0; ; waited += 200) {
    const job = await app.inject({
      url: `/api/v1/jobs/${batch.json().jobId as string}`,
      headers: bearer(a.tokens.admin),
    });
    if (job.json().status === 'succeeded') break;
    if (waited > 60_000) throw new Error(`fixture batch: ${describeResponse(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  Object.assign(fixtures, {
    'document-batches': batch.json().id as string,
    jobs: batch.json().jobId as string,
    templates: bordereau,
    documents: generated.json().id as string,
    users: a.users.viewer.id,
    companies: a.company.id,
    clients: client.json().id as string,
    policies: policy.json().id as string,
    premiums: premiums.json().items[0].id as string,
    sessions: (sessions.json().items as { id: string; current: boolean }[]).find((s) => s.current)!
      .id,
  });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('the role table covers the OpenAPI document', () => {
  it('every operation is either public or in EXPECTED', () => {
    const unclassified = operations
      .filter((op) => !PUBLIC.has(op.operationId) && !EXPECTED[op.operationId])
      .map(label);
    expect(unclassified, 'add these operations to EXPECTED (or PUBLIC)').toEqual([]);
  });

  it('EXPECTED and PUBLIC name only operations of the document', () => {
    const ids = new Set(operations.map((op) => op.operationId));
    const stale = [...Object.keys(EXPECTED), ...PUBLIC].filter((id) => !ids.has(id));
    expect(stale, 'remove these from EXPECTED / PUBLIC').toEqual([]);
  });

  it('public operations are exactly those without a security requirement', () => {
    expect(publicOps.map((op) => op.operationId).sort()).toEqual([...PUBLIC].sort());
    for (const op of secured) expect(EXPECTED[op.operationId], label(op)).toBeDefined();
  });

  it('each secured operation documents 401, and 403 exactly when some role is refused', () => {
    const mismatches = secured.flatMap((op) => {
      const restricted = (EXPECTED[op.operationId]?.allowed.length ?? 0) < ROLES.length;
      const problems: string[] = [];
      if (!op.responses.includes('401')) problems.push(`${label(op)}: 401 not documented`);
      if (restricted !== op.responses.includes('403'))
        problems.push(`${label(op)}: 403 ${restricted ? 'not documented' : 'documented'}`);
      return problems;
    });
    expect(mismatches).toEqual([]);
  });
});

describe('public operations', () => {
  it.each(publicOps.map((op) => [label(op), op] as const))(
    '%s answers without a token, never 403 or 5xx',
    async (_name, op) => {
      const res = await send(op);
      expect(res.statusCode, describeResponse(res)).toBeLessThan(500);
      expect(res.statusCode, describeResponse(res)).not.toBe(403);
      if (res.statusCode >= 400) expectProblem(res, label(op));
      // Login and refresh answer 401 to bad credentials; the others need no credentials at all.
      if (!['login', 'refreshToken'].includes(op.operationId)) {
        expect(res.statusCode, describeResponse(res)).not.toBe(401);
      }
    },
  );
});

describe('authentication of secured operations', () => {
  it.each(secured.map((op) => [label(op), op] as const))(
    '%s: 401 without a token and with bad tokens',
    async (_name, op) => {
      const failures: string[] = [];
      const cases: [string, string | undefined][] = [
        ['no authorization header', undefined],
        ...Object.entries(badAuthorizations()),
      ];
      for (const [name, authorization] of cases) {
        const res = await send(op, authorization === undefined ? {} : { authorization });
        if (res.statusCode !== 401) {
          failures.push(`${name}: ${describeResponse(res)}`);
          continue;
        }
        expectProblem(res, `${label(op)} ${name}`);
        expect(res.headers['www-authenticate'], `${label(op)} ${name}`).toMatch(/^Bearer/);
      }
      expect(failures).toEqual([]);
    },
  );
});

/** Observed statuses, printed as a table at the end. */
const observed: Record<string, Partial<Record<Role, number>>> = {};

describe('role matrix', () => {
  it.each(secured.map((op) => [label(op), op] as const))('%s', async (_name, op) => {
    const expected = EXPECTED[op.operationId];
    expect(expected, `${label(op)} is missing from EXPECTED`).toBeDefined();
    const failures: string[] = [];
    for (const role of ROLES) {
      const allowed = expected!.allowed.includes(role);
      const res = await send(op, { authorization: `Bearer ${tokens[role]}` });
      (observed[op.operationId] ??= {})[role] = res.statusCode;
      const outcome = `${role} (${allowed ? 'allowed' : 'forbidden'}): ${describeResponse(res)}`;
      if (allowed) {
        if ([401, 403].includes(res.statusCode) || res.statusCode >= 500) failures.push(outcome);
      } else if (res.statusCode !== 403) {
        failures.push(outcome);
      }
      if (res.statusCode >= 400) expectProblem(res, `${label(op)} as ${role}`);
      await keepSignedIn(role);
    }
    expect(failures).toEqual([]);
  });

  afterAll(() => {
    const rows = Object.entries(observed).map(
      ([id, statuses]) => `${id.padEnd(26)} ${ROLES.map((r) => String(statuses[r])).join('  ')}`,
    );
    console.info(`role matrix (${ROLES.join(', ')})\n${rows.join('\n')}`);
  });
});

describe('another cabinet’s resources answer 404', () => {
  const withId = secured.filter((op) => pathParams(op).some((p) => p.name === 'id'));
  const reads = withId.filter((op) => op.method === 'GET');
  const writes = withId.filter((op) => op.method !== 'GET');

  it('there is a cabinet-A fixture for every `{id}` resource', () => {
    const missing = withId
      .filter((op) => !fixtures[resourceSegment(op) ?? ''])
      .map((op) => `${label(op)}: no fixture for "${resourceSegment(op)}"`);
    expect(missing).toEqual([]);
  });

  it.each(reads.map((op) => [label(op), op] as const))(
    '%s: 2xx for cabinet A’s admin, 404 for cabinet B’s admin',
    async (_name, op) => {
      const ids = { id: fixtures[resourceSegment(op)!]!, n: '1' };
      const own = await send(op, { authorization: `Bearer ${tokens.admin}`, ids });
      expect(own.statusCode, `own cabinet: ${describeResponse(own)}`).toBeGreaterThanOrEqual(200);
      expect(own.statusCode, `own cabinet: ${describeResponse(own)}`).toBeLessThan(300);
      const intruder = await send(op, { authorization: bearer(b.tokens.admin).authorization, ids });
      expect(intruder.statusCode, `cabinet B: ${describeResponse(intruder)}`).toBe(404);
      expectProblem(intruder, label(op));
    },
  );

  it.each(
    reads
      .filter((op) => ['clients', 'policies'].includes(resourceSegment(op)!))
      .filter((op) => EXPECTED[op.operationId]?.allowed.includes('broker'))
      .map((op) => [label(op), op] as const),
  )('%s: 404 for a broker the client is not assigned to', async (_name, op) => {
    const ids = { id: fixtures[resourceSegment(op)!]! };
    const own = await send(op, { authorization: `Bearer ${tokens.broker}`, ids });
    expect(own.statusCode, `assigned broker: ${describeResponse(own)}`).toBe(200);
    const other = await send(op, {
      authorization: bearer(a.tokens.otherBroker).authorization,
      ids,
    });
    expect(other.statusCode, `other broker: ${describeResponse(other)}`).toBe(404);
    expectProblem(other, label(op));
  });

  it.each(writes.map((op) => [label(op), op] as const))(
    '%s: 404 for cabinet B’s admin with a valid body, and nothing changes in cabinet A',
    async (_name, op) => {
      const segment = resourceSegment(op)!;
      const ids = { id: fixtures[segment]!, n: '1' };
      const before = await snapshot();
      const res = await send(op, {
        authorization: bearer(b.tokens.admin).authorization,
        ids,
        sample: op.body ? { body: minimalValue(op.body.schema, resolve) } : {},
      });
      expect(res.statusCode, describeResponse(res)).toBe(404);
      expectProblem(res, label(op));
      expect(await snapshot()).toEqual(before);
    },
  );
});

/** What cabinet B must not be able to change in cabinet A. */
async function snapshot() {
  const get = async (url: string) =>
    (await app.inject({ url, headers: bearer(tokens.admin) })).body;
  return {
    user: await get(`/api/v1/users/${fixtures.users}`),
    company: await get(`/api/v1/companies/${fixtures.companies}`),
    client: await get(`/api/v1/clients/${fixtures.clients}`),
    policy: await get(`/api/v1/policies/${fixtures.policies}`),
    premiums: await get(`/api/v1/policies/${fixtures.policies}/premiums`),
    template: await get(`/api/v1/templates/${fixtures.templates}`),
    versions: await get(`/api/v1/templates/${fixtures.templates}/versions`),
    documents: await get('/api/v1/documents'),
    otherBrokerSignedIn: (
      await app.inject({ url: '/api/v1/me', headers: bearer(a.tokens.otherBroker) })
    ).statusCode,
  };
}
