import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { createTestApp } from '../../src/test-support/app.ts';
import { bearer, login } from '../../src/test-support/auth.ts';
import { createTestDatabase } from '../../src/test-support/database.ts';
import { person, seedPortfolio, type Portfolio } from '../../src/test-support/portfolio.ts';
import {
  compact,
  describeResponse,
  expectProblem,
  label,
  loadDocument,
  loadOperations,
  minimalValue,
  pathParams,
  queryParams,
  resolver,
  resourceSegment,
  typeOf,
  urlFor,
  type JsonSchema,
  type Operation,
} from './openapi-operations.ts';

/**
 * Schema-driven fuzzing of every operation of the committed OpenAPI document: malformed and
 * hostile inputs, with the admin's token and without one, must never get a 5xx, and every 4xx is
 * problem+json. Reproduce a failure with the seed and path fast-check prints (FUZZ_SEED, FUZZ_RUNS).
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_251_124);
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 30);

const document = loadDocument();
const resolve = resolver(document);
const operations = loadOperations(document);

let database: DatabaseHandle;
let app: App;
let p: Portfolio;
let adminToken: string;
let adminIp = 0;
/** Real ids of the cabinet, by the path segment that names them, so handlers are reached too. */
const fixtures: Record<string, string> = {};

beforeAll(async () => {
  console.info(`fuzz: seed=${SEED}, ${NUM_RUNS} runs per operation (set FUZZ_SEED / FUZZ_RUNS)`);
  database = await createTestDatabase();
  app = await createTestApp(database);
  p = await seedPortfolio(app);
  adminToken = p.tokens.admin.accessToken;
  const target = await p.addUser('broker');
  const client = await app.inject({
    method: 'POST',
    url: '/api/v1/clients',
    headers: bearer(adminToken),
    payload: person({ email: 'fuzz@example.fr' }),
  });
  const policy = await app.inject({
    method: 'POST',
    url: '/api/v1/policies',
    headers: bearer(adminToken),
    payload: {
      number: 'FUZZ-1',
      clientId: client.json().id,
      companyId: p.company.id,
      productLine: 'auto',
      effectiveDate: '2026-01-31',
      renewalDate: '2027-01-31',
      paymentFrequency: 'monthly',
      annualPremiumCents: 100_000,
    },
  });
  await app.inject({
    method: 'POST',
    url: `/api/v1/policies/${policy.json().id}/transitions`,
    headers: bearer(adminToken),
    payload: { to: 'active' },
  });
  const premiums = await app.inject({
    url: `/api/v1/policies/${policy.json().id}/premiums`,
    headers: bearer(adminToken),
  });
  const sessions = await app.inject({
    url: '/api/v1/auth/sessions',
    headers: bearer(p.tokens.viewer),
  });
  Object.assign(fixtures, {
    users: target.id,
    companies: p.company.id,
    clients: client.json().id as string,
    policies: policy.json().id as string,
    premiums: premiums.json().items[0].id as string,
    sessions: sessions.json().items[0].id as string,
  });
  for (const [name, id] of Object.entries(fixtures)) {
    expect(id, `fixture ${name}`).toMatch(/^[0-9a-f-]{36}$/);
  }
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

/** The fuzzed admin may log itself out (logout, logout-all, its session revoked): use another one. */
async function keepAdminSignedIn(): Promise<void> {
  const me = await app.inject({ url: '/api/v1/me', headers: bearer(adminToken) });
  if (me.statusCode !== 401) return;
  const admin = await p.addUser('admin');
  adminToken = (await login(app, admin.email, undefined, `10.1.0.${++adminIp % 250}`)).accessToken;
}

// ---------------------------------------------------------------------------------------------
// Values

const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '🦄💥',
  '\u202e\u202d',
  'e\u0301',
  '\ufeff',
  '\r\n',
  '%',
  '%00',
  '_',
  '\\',
  "'",
  '"',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '${7*7}',
  '../../etc/passwd',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '0x10',
  '\u0001',
  '\u007f',
  '\u0085',
  '\u2028',
  '__proto__',
  'constructor',
  '2026-02-30',
  '9999-12-31',
  '0000-00-00',
  '2026-01-31T25:00:00Z',
  'x@y',
  '00000000-0000-0000-0000-000000000000',
];

/** Up to 10 kB of one unit (ASCII, accented, emoji, NUL, lone surrogate). */
const hugeString = fc
  .tuple(
    fc.constantFrom('a', 'é', '🦄', '\u0000', 'ab\ud800'),
    fc.integer({ min: 1000, max: 10_000 }),
  )
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n));

const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: hugeString },
);

/** What databases and JSON columns choke on: NUL bytes and unpaired UTF-16 surrogates. */
const CRITICAL = ['\u0000', 'a\u0000b', '\ud800', 'a\udfffb'];
const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...CRITICAL) },
  { weight: 2, arbitrary: nastyString },
);

/**
 * Numbers as text that JavaScript reads wrongly or not at all: beyond double range (±Infinity),
 * negative zero, hexadecimal and separators (`+text` accepts the first, JSON neither).
 */
const NUMERIC_EDGES = [
  '1e309',
  '-1e309',
  '1e99999',
  '-0',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '1_000',
];

/**
 * Control characters: C0, DEL, C1 (NEL among them), lone UTF-16 surrogates, the JavaScript line
 * separators U+2028/U+2029, and the usual whitespace controls.
 */
const CONTROL_TEXTS = [
  '\u0000',
  'a\u0001\u001bb\u001f',
  'a\u007fb',
  'a\u0080\u0085\u009fb',
  'a\ud800b',
  'a\udfffb',
  'a\u2028b\u2029',
  '\t\r\n\u000b\u000c',
];

/** Any JSON value of any type, for "wrong type" mutations. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 53, -(2 ** 53), 1e300, -0),
  nastyString,
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const dates = fc.date({
  min: new Date('1900-01-01T00:00:00Z'),
  max: new Date('2200-12-31T00:00:00Z'),
  noInvalidDate: true,
});

/** A string of the right kind, or a hostile one cut to the schema's length limits. */
function stringFor(s: JsonSchema): fc.Arbitrary<string> {
  let good: fc.Arbitrary<string>;
  switch (s.format) {
    case 'email':
      good = fc.oneof(fc.emailAddress(), fc.constantFrom(p.admin.email, 'a@b.fr'));
      break;
    case 'uuid':
      good = fc.oneof(fc.constantFrom(...Object.values(fixtures)), fc.uuid());
      break;
    case 'date':
      good = fc.oneof(
        dates.map(isoDate),
        fc.constantFrom('2024-02-29', '2026-02-28', '0001-01-01', '9999-12-31'),
      );
      break;
    case 'date-time':
      good = dates.map((d) => d.toISOString());
      break;
    default:
      good = s.pattern
        ? fc.stringMatching(new RegExp(s.pattern))
        : fc.string({
            unit: 'grapheme',
            minLength: s.minLength ?? 0,
            maxLength: Math.min(s.maxLength ?? 60, 60),
          });
  }
  const hostile = hostileText
    .map((v) => (s.maxLength !== undefined ? v.slice(0, s.maxLength) : v))
    .filter((v) => v.length >= (s.minLength ?? 0));
  return fc.oneof({ weight: 3, arbitrary: good }, { weight: 2, arbitrary: hostile });
}

function integerFor(s: JsonSchema): fc.Arbitrary<number> {
  const min = Math.max(s.minimum ?? -1_000_000, -0x80000000);
  const max = Math.min(s.maximum ?? 1_000_000, 0x7fffffff);
  const edges = [s.minimum, s.maximum, 0, -1, 2 ** 31, 2 ** 53 - 1, 1e15]
    .filter((n): n is number => n !== undefined)
    .flatMap((n) => [n, n + 1, n - 1]);
  return fc.oneof({ weight: 3, arbitrary: fc.integer({ min, max }) }, fc.constantFrom(...edges));
}

/** Values shaped like the schema (right types, right keys), with hostile content. */
function shaped(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const options = s.anyOf ?? s.oneOf;
  if (options) return fc.oneof(...options.map((o) => shaped(o, depth)));
  if (depth > 4) return fc.constant(null);
  switch (typeOf(s)) {
    case 'object': {
      const properties = Object.fromEntries(
        Object.entries(s.properties ?? {}).map(([key, value]) => [key, shaped(value, depth + 1)]),
      );
      const known = fc.record(properties, { requiredKeys: s.required ?? [] });
      const extra = s.additionalProperties;
      if (extra === false || extra === undefined) return known;
      const values = extra === true ? fc.jsonValue({ maxDepth: 2 }) : shaped(extra, depth + 1);
      const keys = fc.oneof(fc.constantFrom('auto', 'habitation', 'registration'), nastyString);
      return fc
        .tuple(known, fc.dictionary(keys, values, { maxKeys: 3 }))
        .map(([k, more]) => ({ ...more, ...k }));
    }
    case 'array':
      return fc.array(shaped(s.items ?? {}, depth + 1), { maxLength: 3 });
    case 'integer':
      return integerFor(s);
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'string':
      return stringFor(s);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

// ---------------------------------------------------------------------------------------------
// Requests

type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; contentType: string | undefined; payload: string | Buffer };

interface FuzzCase {
  path: Record<string, string>;
  /** Path values inserted without percent-encoding (to hit the URL parser). */
  rawPath: boolean;
  query: string;
  headers: Record<string, string>;
  body: Body;
}

/** Structural damage to a JSON object: wrong types, nulls, missing or extra keys, arrays. */
function mutated(schema: JsonSchema): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const keys = Object.keys(s.properties ?? {});
  const key = keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('x');
  return fc.oneof(
    fc.tuple(shaped(s), key, anyJson).map(([v, k, bad]) => ({ ...asObject(v), [k]: bad })),
    fc.tuple(shaped(s), key).map(([v, k]) => ({ ...asObject(v), [k]: null })),
    fc
      .tuple(shaped(s), key)
      .map(([v, k]) => Object.fromEntries(Object.entries(asObject(v)).filter(([n]) => n !== k))),
    fc
      .tuple(shaped(s), nastyString, anyJson)
      .map(([v, k, bad]) => ({ ...asObject(v), [k || 'extra']: bad })),
    shaped(s).map((v) => [v]),
    anyJson,
  );
}

const asObject = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

const MALFORMED_JSON = [
  '',
  '{',
  '}',
  '[',
  '{"a":',
  '{"a" 1}',
  "{'a':1}",
  'nul',
  'tru',
  '{"a":1,}',
  '[1,2,]',
  '\u0000',
  '"\\ud800"',
  '{"a":"\\u0000"}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":'.repeat(2000),
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  '1'.repeat(400),
];

const WRONG_CONTENT_TYPES = [
  undefined,
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'multipart/form-data',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/merge-patch+json',
  'application/problem+json',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'not a media type',
  ';;;',
];

const COLUMNS = [
  'Type',
  'Civilité',
  'Prénom',
  'Nom',
  'Raison sociale',
  'SIREN',
  'SIRET',
  'E-mail',
  'Téléphone',
  'Adresse',
  'Code postal',
  'Ville',
  'Pays',
  'Courtier',
  'Date de naissance',
  'Numéro',
  'Compagnie',
  'Branche',
  'Date d’effet',
  'Échéance',
  'Fractionnement',
  'Prime annuelle',
  'Commission',
  'Taxe',
  'Tacite reconduction',
  'Statut',
  'Notes',
  'Nom',
  '',
];

const cell = fc.oneof(
  fc.constantFrom(
    'personne',
    'entreprise',
    'auto',
    'habitation',
    'mensuel',
    '2026-01-31',
    '31/01/2026',
    '30/02/2026',
    '732829320',
    '732 829 320',
    '1 200,50',
    '-5',
    '1e309',
    '99999999999999999999',
    'oui',
    'active',
    '"',
    '""',
    '"a;b"',
    '=cmd|calc',
    '\r',
    '\n',
  ),
  fc.constant('fuzz@example.fr'),
  nastyString.map((v) => v.slice(0, 300)),
);

/** A CSV file with known and unknown columns and hostile cells. */
const csvText = fc
  .tuple(
    fc.subarray(COLUMNS, { minLength: 1 }),
    fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 6 }),
    fc.constantFrom(';', ',', '\t'),
    fc.boolean(),
  )
  .map(
    ([header, rows, sep, bom]) =>
      (bom ? '\ufeff' : '') + [header, ...rows].map((r) => r.join(sep)).join('\r\n'),
  );

const randomBytes = fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes));
/** Bytes that start like a ZIP (XLSX) archive. */
const zipLike = randomBytes.map((bytes) => Buffer.concat([Buffer.from('PK\x03\x04'), bytes]));

const multipart = fc
  .tuple(
    fc.constantFrom('file', 'upload', ''),
    fc.constantFrom('a.csv', 'a.xlsx', 'a.xls', '../../a.csv', '', 'é 🦄.csv'),
    fc.constantFrom('text/csv', 'application/octet-stream', 'application/vnd.ms-excel', ''),
    fc.oneof(
      csvText.map((t) => Buffer.from(t)),
      randomBytes,
      zipLike,
    ),
    fc.boolean(),
    // The declared boundary: the right one, none at all, or another one.
    fc.oneof(
      { weight: 2, arbitrary: fc.constant('multipart/form-data; boundary=fuzzboundary') },
      fc.constantFrom('multipart/form-data', 'multipart/form-data; boundary=other'),
    ),
  )
  .map(([field, filename, type, content, closed, contentType]): Body => {
    const boundary = 'fuzzboundary';
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
      (type ? `Content-Type: ${type}\r\n` : '') +
      '\r\n';
    const tail = closed ? `\r\n--${boundary}--\r\n` : '';
    return {
      kind: 'raw',
      contentType,
      payload: Buffer.concat([Buffer.from(head), content, Buffer.from(tail)]),
    };
  });

const spreadsheet: fc.Arbitrary<Body> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('text/csv', 'text/csv; charset=utf-8', 'application/csv', 'text/plain'),
      csvText,
    )
    .map(([contentType, payload]): Body => ({ kind: 'raw', contentType, payload })),
  fc
    .tuple(fc.constantFrom('text/csv', 'text/plain'), randomBytes)
    .map(([contentType, payload]): Body => ({ kind: 'raw', contentType, payload })),
  fc.oneof(randomBytes, zipLike).map((payload): Body => ({
    kind: 'raw',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    payload,
  })),
  { weight: 2, arbitrary: multipart },
);

let serial = 0;
const next = () => `${Date.now().toString(36)}${++serial}`;

/**
 * Bodies the service accepts (or refuses only for a business reason), in which one free-text
 * field then gets a hostile value: the way to reach the SQL with NUL bytes, emoji, 10 kB, ….
 */
const VALID_BODIES: Record<string, () => Record<string, unknown>> = {
  setup: () => ({
    organizationName: 'Cabinet Fuzz',
    email: `setup-${next()}@example.fr`,
    password: 'Correct-Horse-Battery-42x',
    fullName: 'Fuzz Admin',
  }),
  createUser: () => ({
    email: `user-${next()}@example.fr`,
    fullName: 'Fuzz User',
    role: 'viewer',
    password: 'Another-Correct-Horse-77',
  }),
  updateUser: () => ({ fullName: 'Fuzz User' }),
  login: () => ({ email: 'nobody@example.fr', password: 'wrong-password', deviceLabel: 'Fuzz' }),
  refreshToken: () => ({ refreshToken: 'not-a-refresh-token' }),
  changeMyPassword: () => ({ currentPassword: 'wrong', newPassword: 'Another-Correct-Horse-77' }),
  createCompany: () => ({
    name: 'Compagnie Fuzz',
    code: `FZ${next()}`,
    brokerCode: 'B-1',
    address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
  }),
  updateCompany: () => ({ name: 'Compagnie Fuzz', brokerCode: 'B-2' }),
  createClient: () => person({ email: null, notes: 'Note', legalForm: null }),
  updateClient: () => ({ firstName: 'Hélène', civility: 'Mme', notes: 'Note' }),
  createPolicy: () => ({
    number: `FZ-${next()}`,
    clientId: fixtures.clients,
    companyId: p.company.id,
    productLine: 'habitation',
    effectiveDate: '2026-01-31',
    renewalDate: '2027-01-31',
    paymentFrequency: 'annual',
    annualPremiumCents: 50_000,
    insuredObject: { address: '3 rue des Lilas' },
    notes: 'Note',
  }),
  updatePolicy: () => ({ notes: 'Note', number: `FZ-${next()}` }),
  transitionPolicy: () => ({ to: 'suspended', reason: 'Raison' }),
  recordPremiumPayment: () => ({ paidOn: '2026-02-01', reference: 'REF-1' }),
};

/** JSON pointers (as key lists) of the example's values that the schema accepts as free text. */
function freeTextPaths(
  schema: JsonSchema,
  value: unknown,
  at: string[] = [],
): { path: string[]; maxLength?: number; minLength?: number }[] {
  const s = resolve(schema);
  const options = (s.anyOf ?? s.oneOf ?? [s]).map(resolve);
  const text = options.find(
    (o) => typeOf(o) === 'string' && !o.format && !o.pattern && !o.enum && o.const === undefined,
  );
  if (typeof value === 'string' && text) {
    return [{ path: at, maxLength: text.maxLength, minLength: text.minLength }];
  }
  const object = options.find((o) => typeOf(o) === 'object');
  if (!object || value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
    const extra = object.additionalProperties;
    const child =
      object.properties?.[key] ??
      (typeof extra === 'object' ? extra : extra === true ? { type: 'string' } : undefined);
    return child ? freeTextPaths(child, v, [...at, key]) : [];
  });
}

function withHostileText(
  op: Operation,
  make: () => Record<string, unknown>,
): fc.Arbitrary<unknown> {
  const paths = freeTextPaths(op.body!.schema, make());
  if (paths.length === 0) return fc.constant(undefined).map(() => make());
  return fc.tuple(fc.constantFrom(...paths), hostileText).map(([target, hostile]) => {
    const body = structuredClone(make());
    let value = target.maxLength !== undefined ? hostile.slice(0, target.maxLength) : hostile;
    if (value.length < (target.minLength ?? 0)) value = `x${value}`;
    let node = body as Record<string, unknown>;
    for (const key of target.path.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[target.path.at(-1)!] = value;
    return body;
  });
}

function bodyFor(op: Operation): fc.Arbitrary<Body> {
  const malformedJson = fc
    .oneof(fc.constantFrom(...MALFORMED_JSON), fc.string({ maxLength: 50 }))
    .map((payload): Body => ({ kind: 'raw', contentType: 'application/json', payload }));
  const wrongType = fc
    .tuple(
      fc.constantFrom(...WRONG_CONTENT_TYPES),
      fc.oneof(fc.string({ maxLength: 200 }), fc.constant('a=1&b=2'), fc.constant('<a>1</a>')),
    )
    .map(([contentType, payload]): Body => ({ kind: 'raw', contentType, payload }));
  const json = (value: fc.Arbitrary<unknown>) =>
    value.map((v): Body => ({ kind: 'json', value: v }));
  const none = fc.constant<Body>({ kind: 'none' });
  const kinds = [
    { weight: 1, arbitrary: malformedJson },
    { weight: 1, arbitrary: wrongType },
    { weight: 1, arbitrary: none },
    { weight: 1, arbitrary: json(anyJson) },
    { weight: 1, arbitrary: spreadsheet },
  ];
  if (op.body) {
    kinds.push(
      { weight: 3, arbitrary: json(shaped(op.body.schema)) },
      { weight: 3, arbitrary: json(mutated(op.body.schema)) },
    );
    const valid = VALID_BODIES[op.operationId];
    if (valid) kinds.push({ weight: 5, arbitrary: json(withHostileText(op, valid)) });
  } else if (op.method === 'POST' && /\/import$/.test(op.path)) {
    kinds.push({ weight: 6, arbitrary: spreadsheet });
  }
  return fc.oneof(...kinds);
}

const INVALID_IDS = [
  'abc',
  '0',
  '-1',
  'null',
  'undefined',
  '00000000-0000-0000-0000-00000000000g',
  '{00000000-0000-4000-8000-000000000000}',
  ' 00000000-0000-4000-8000-000000000000',
  '00000000-0000-4000-8000-000000000000x',
  '00000000000040008000000000000000',
  'a/b',
  '.',
  '..',
  '?',
  '#',
];

function pathValue(segment: string | undefined): fc.Arbitrary<string> {
  const real = fixtures[segment ?? ''];
  return fc.oneof(
    { weight: 4, arbitrary: real ? fc.constant(real) : fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom(...Object.values(fixtures)) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.uuid().map((u) => u.toUpperCase()) },
    { weight: 1, arbitrary: fc.constantFrom(...INVALID_IDS) },
    { weight: 1, arbitrary: nastyString },
    // Longer than the router's maxParamLength (100).
    { weight: 1, arbitrary: fc.uuid().map((u) => u.repeat(3)) },
  );
}

const RAW_QUERIES = [
  '%',
  '%zz',
  '&&&=',
  '=',
  'a=%E0%A4%A',
  'limit=%00',
  'q=%ff%fe',
  'cursor=%c0%af',
];

function queryFor(op: Operation): fc.Arbitrary<string> {
  const params = queryParams(op);
  const badValue = fc.oneof(
    fc.constantFrom(...NUMERIC_EDGES),
    fc.constantFrom('', 'NaN', '-1', '0', '1.5', 'true', 'null', '[]', '{}', '201', '9'.repeat(30)),
    nastyString,
  );
  const encode = (entries: [string, unknown][]) => {
    const search = new URLSearchParams();
    for (const [name, v] of entries) {
      for (const item of Array.isArray(v) ? v : [v]) search.append(name, String(item));
    }
    return search.toString();
  };
  // Values of the right type (hostile text within the limits): the handler and the SQL run.
  // (An opaque cursor can only be wrong, so it is left to the "bad" mode.)
  const valid = fc
    .record(
      Object.fromEntries(
        params
          .filter((param) => param.name !== 'cursor')
          .map((param) => [param.name, shaped(param.schema ?? {})]),
      ),
      { requiredKeys: [] },
    )
    .map((record) => encode(Object.entries(record)));
  const bad = fc
    .tuple(
      fc.record(
        Object.fromEntries(
          params.map((param) => [
            param.name,
            fc.oneof(
              shaped(param.schema ?? {}),
              badValue,
              fc.array(badValue, { minLength: 2, maxLength: 3 }),
            ),
          ]),
        ),
        { requiredKeys: [] },
      ),
      fc.dictionary(
        fc.oneof(fc.constantFrom('limit', 'cursor', 'q', 'id', '__proto__', 'sort'), nastyString),
        fc.oneof(badValue, fc.array(badValue, { maxLength: 2 })),
        { maxKeys: 2 },
      ),
    )
    .map(([known, extra]) => encode([...Object.entries(extra), ...Object.entries(known)]));
  return fc.oneof(
    { weight: params.length > 0 ? 4 : 1, arbitrary: valid },
    { weight: 3, arbitrary: bad },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_QUERIES) },
  );
}

const headerText = fc.string({ unit: 'grapheme-ascii', maxLength: 60 });

function headersFor(op: Operation): fc.Arbitrary<Record<string, string>> {
  const names = new Set(op.parameters.filter((x) => x.in === 'header').map((x) => x.name));
  return fc.record(
    {
      ...(names.has('if-match')
        ? {
            'if-match': fc.oneof(
              fc.constantFrom(
                '"1"',
                '*',
                'W/"1"',
                '"0"',
                '"-1"',
                '"99999999999999999999"',
                '"abc"',
                '',
                '""',
                '1',
              ),
              headerText,
            ),
          }
        : {}),
      'x-request-id': fc.oneof(headerText, fc.constant('a'.repeat(500))),
      'x-token-transport': fc.constantFrom('cookie', 'body', ''),
      cookie: fc.oneof(
        headerText.map((t) => `ma_refresh=${t}`),
        fc.constant(`ma_refresh=${'x'.repeat(4000)}`),
      ),
      accept: fc.constantFrom('*/*', 'application/xml', 'text/html', 'application/json;q=0'),
    },
    { requiredKeys: [] },
  );
}

function caseFor(op: Operation): fc.Arbitrary<FuzzCase> {
  const params = pathParams(op);
  return fc.record({
    path: fc.record(
      Object.fromEntries(
        params.map((param) => [param.name, pathValue(resourceSegment(op, param.name))]),
      ),
    ),
    rawPath:
      params.length > 0
        ? fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, fc.constant(true))
        : fc.constant(false),
    query: queryFor(op),
    headers: headersFor(op),
    body: bodyFor(op),
  });
}

async function sendCase(
  op: Operation,
  c: FuzzCase,
  token: string | undefined,
): Promise<
  { res: LightMyRequestResponse; request: string } | { aborted: string; request: string }
> {
  const headers: Record<string, string> = { ...c.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: string | Buffer | undefined;
  if (c.body.kind === 'json') {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(c.body.value) ?? 'null';
  } else if (c.body.kind === 'raw') {
    if (c.body.contentType !== undefined) headers['content-type'] = c.body.contentType;
    payload = c.body.payload;
  }
  const url = urlFor(op, c.path, c.query, c.rawPath);
  const shownHeaders = { ...headers, ...(token ? { authorization: 'Bearer <admin>' } : {}) };
  const shownBody = payload === undefined ? '<none>' : JSON.stringify(String(payload));
  const request = `${op.method} ${compact(url, 300)} headers=${compact(JSON.stringify(shownHeaders), 300)} body=${compact(shownBody, 600)}`;
  try {
    const res = await app.inject({
      method: op.method,
      url,
      headers,
      ...(payload !== undefined ? { payload } : {}),
    });
    return { res, request };
  } catch (error) {
    // e.g. a streamed response that fails after its headers: the client sees a cut connection.
    return { aborted: (error as Error).message, request };
  }
}

/** Whether the router can match the URL (Fastify's maxParamLength is 100; dots are resolved). */
function routable(c: FuzzCase): boolean {
  if (c.rawPath) return false;
  return Object.values(c.path).every((v) => {
    // As urlFor sends it: lone surrogates become U+FFFD (encodeURIComponent throws on them).
    const encoded = encodeURIComponent(Buffer.from(v).toString());
    return encoded.length > 0 && encoded.length <= 100 && v !== '.' && v !== '..';
  });
}

/** What is wrong with a response, if anything. */
function violation(
  op: Operation,
  c: FuzzCase,
  token: string | undefined,
  res: LightMyRequestResponse,
): string | undefined {
  if (res.statusCode >= 500) return `${res.statusCode}`;
  if (res.statusCode >= 400) {
    try {
      expectProblem(res, '');
    } catch {
      return `${res.statusCode} not problem+json`;
    }
  }
  if (!token && op.secured && routable(c) && res.statusCode !== 401) {
    return `${res.statusCode} instead of 401 without a token`;
  }
  return undefined;
}

/** FUZZ_SURVEY=1: record every distinct violation instead of stopping (and shrinking) at the first. */
const SURVEY = process.env.FUZZ_SURVEY === '1';
const survey = new Map<string, string>();
/** FUZZ_SURVEY=1 also prints the statuses seen per operation (is the fuzzer reaching handlers?). */
const statuses = new Map<string, Map<number, number>>();

/** Keeps the shortest example of each distinct violation. */
function record(key: string, context: string, found: string[]): void {
  const previous = survey.get(key);
  if (!previous) found.push(key);
  if (!previous || previous.length > context.length) survey.set(key, context);
}

describe('fuzzing every operation of the OpenAPI document', () => {
  it('has operations to fuzz', () => {
    expect(operations.length).toBeGreaterThan(30);
  });

  it.each(operations.map((op) => [label(op), op] as const))(
    '%s: never 5xx, 4xx are problem+json',
    async (_name, op) => {
      const found: string[] = [];
      await fc.assert(
        fc.asyncProperty(caseFor(op), async (c) => {
          for (const token of [adminToken, undefined]) {
            const sent = await sendCase(op, c, token);
            const who = token ? 'admin' : 'anonymous';
            if ('aborted' in sent) {
              const context = `${who}: ${sent.request} -> response aborted: ${sent.aborted}`;
              if (!SURVEY) throw new Error(context);
              record(`${op.operationId} ${who} response aborted`, context, found);
              continue;
            }
            const { res, request } = sent;
            if (token && res.statusCode < 300) await keepAdminSignedIn();
            if (SURVEY && token) {
              const seen = statuses.get(op.operationId) ?? new Map<number, number>();
              seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
              statuses.set(op.operationId, seen);
            }
            const problem = violation(op, c, token, res);
            if (!problem) continue;
            const context = `${who}: ${request} -> ${describeResponse(res)}`;
            if (!SURVEY) throw new Error(`${problem}: ${context}`);
            const code = /"(?:code|type)":"([^"]+)"/.exec(res.body)?.[1] ?? '';
            record(`${op.operationId} ${who} ${problem} ${code}`, context, found);
          }
        }),
        { seed: SEED, numRuns: NUM_RUNS },
      );
      expect(found.map((key) => `${key}\n    ${survey.get(key)}`)).toEqual([]);
    },
    60_000,
  );

  afterAll(() => {
    if (SURVEY) {
      console.info(
        'fuzz statuses with the admin token:\n' +
          [...statuses]
            .map(
              ([id, seen]) =>
                `${id.padEnd(26)} ${[...seen]
                  .sort()
                  .map(([k, n]) => `${k}×${n}`)
                  .join(' ')}`,
            )
            .join('\n'),
      );
      console.info(
        `fuzz survey: ${survey.size} distinct violation(s)\n` +
          [...survey].map(([key, example]) => `${key}\n    ${example}`).join('\n'),
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Every field, every edge value: not left to chance

/** A field of an operation's input, and where it lies. */
interface InputField {
  in: 'query' | 'path' | 'body';
  /** The parameter's name, or the body property's keys from the root. */
  path: string[];
  kind: 'number' | 'string';
}

/** The kinds of value a schema (or any branch of its anyOf/oneOf) accepts. */
function kindsOf(schema: JsonSchema): Set<string> {
  const s = resolve(schema);
  const options = (s.anyOf ?? s.oneOf ?? [s]).map(resolve);
  return new Set(
    options.flatMap((o) => {
      const type = typeOf(o);
      if (type === 'integer' || type === 'number') return ['number'];
      if (type === 'string') return ['string'];
      return type === 'object' ? ['object'] : [];
    }),
  );
}

/** Every number and string property of a body schema, nested objects included. */
function bodyFields(schema: JsonSchema, at: string[] = [], depth = 0): InputField[] {
  if (depth > 4) return [];
  const s = resolve(schema);
  const objects = (s.anyOf ?? s.oneOf ?? [s]).map(resolve).filter((o) => typeOf(o) === 'object');
  const fields = new Map<string, InputField>();
  for (const object of objects) {
    for (const [key, child] of Object.entries(object.properties ?? {})) {
      const path = [...at, key];
      const kinds = kindsOf(child);
      for (const kind of ['number', 'string'] as const) {
        if (kinds.has(kind)) fields.set(`${kind}:${path.join('/')}`, { in: 'body', path, kind });
      }
      if (kinds.has('object')) {
        for (const nested of bodyFields(child, path, depth + 1)) {
          fields.set(`${nested.kind}:${nested.path.join('/')}`, nested);
        }
      }
    }
  }
  return [...fields.values()];
}

function inputFields(op: Operation): InputField[] {
  const parameters = op.parameters
    .filter((x): x is typeof x & { in: 'query' | 'path' } => x.in === 'query' || x.in === 'path')
    .flatMap((x) =>
      [...kindsOf(x.schema ?? {})]
        .filter((kind): kind is 'number' | 'string' => kind === 'number' || kind === 'string')
        .map((kind) => ({ in: x.in, path: [x.name], kind })),
    );
  return [...parameters, ...(op.body ? bodyFields(op.body.schema) : [])];
}

/**
 * Percent-encoding as a careless client does it: a lone surrogate becomes the three bytes UTF-8
 * would give a code point of that value (`%ED%A0%80`), not U+FFFD, so that it reaches the server.
 */
function percentEncode(value: string): string {
  let encoded = '';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (unit >= 0xd800 && unit <= 0xdfff && !pair) {
      encoded += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      const char = pair ? value.slice(i, i + 2) : value[i]!;
      encoded += encodeURIComponent(char);
      if (pair) i++;
    }
  }
  return encoded;
}

const NUMBER_MARK = '__fuzz_number__';

/** The request putting `value` in `field`, everything else valid (or minimal). */
function edgeRequest(
  op: Operation,
  field: InputField,
  value: string,
): { method: Operation['method']; url: string; payload?: string } {
  const paths = Object.fromEntries(
    pathParams(op).map((x) => [
      x.name,
      percentEncode(fixtures[resourceSegment(op, x.name) ?? ''] ?? randomId()),
    ]),
  );
  if (field.in === 'path') paths[field.path[0]!] = percentEncode(value);
  const url = urlFor(
    op,
    paths,
    field.in === 'query' ? `${field.path[0]}=${percentEncode(value)}` : '',
    true,
  );
  if (!op.body) return { method: op.method, url };
  const body = structuredClone(
    VALID_BODIES[op.operationId]?.() ?? (minimalValue(op.body.schema, resolve) as object),
  ) as Record<string, unknown>;
  if (field.in !== 'body') return { method: op.method, url, payload: JSON.stringify(body) };
  let node = body;
  for (const key of field.path.slice(0, -1)) {
    const child = node[key];
    node[key] = child !== null && typeof child === 'object' && !Array.isArray(child) ? child : {};
    node = node[key] as Record<string, unknown>;
  }
  // A number goes into the JSON as the literal itself (`1e309`, `NaN`), not as a string.
  node[field.path.at(-1)!] = field.kind === 'number' ? NUMBER_MARK : value;
  const payload = JSON.stringify(body).replace(`"${NUMBER_MARK}"`, value);
  return { method: op.method, url, payload };
}

const randomId = () => '00000000-0000-4000-8000-000000000000';

describe('every numeric field given edge values, every text field control characters', () => {
  const cases = operations
    .map((op) => [label(op), op, inputFields(op)] as const)
    .filter(([, , fields]) => fields.length > 0);

  it('finds numeric and text fields in the query, the path and the body', () => {
    const all = cases.flatMap(([, op, fields]) =>
      fields.map((f) => `${op.operationId} ${f.in} ${f.path.join('.')} ${f.kind}`),
    );
    expect(all).toContain('listClients query limit number');
    expect(all).toContain('listRenewals query withinDays number');
    expect(all).toContain('createPolicy body annualPremiumCents number');
    expect(all).toContain('createClient body address.city string');
    expect(all.some((f) => / path .* number$/.test(f))).toBe(true);
    expect(all.some((f) => / path .* string$/.test(f))).toBe(true);
  });

  it.each(cases)(
    '%s: never 5xx, 4xx are problem+json',
    async (_name, op, fields) => {
      const failures: string[] = [];
      for (const field of fields) {
        for (const value of field.kind === 'number' ? NUMERIC_EDGES : CONTROL_TEXTS) {
          const request = edgeRequest(op, field, value);
          const res = await app.inject({
            method: request.method,
            url: request.url,
            headers: {
              authorization: `Bearer ${adminToken}`,
              ...(request.payload !== undefined ? { 'content-type': 'application/json' } : {}),
            },
            ...(request.payload !== undefined ? { payload: request.payload } : {}),
          });
          if (res.statusCode < 300) await keepAdminSignedIn();
          let problem: string | undefined;
          if (res.statusCode >= 500) problem = `${res.statusCode}`;
          else if (res.statusCode >= 400) {
            try {
              expectProblem(res, '');
            } catch {
              problem = `${res.statusCode} not problem+json`;
            }
          }
          if (problem) {
            failures.push(
              `${problem}: ${field.in} ${field.path.join('.')}=${JSON.stringify(value)} ${request.method} ${compact(request.url, 200)} body=${compact(request.payload ?? '<none>', 300)} -> ${describeResponse(res)}`,
            );
          }
        }
      }
      expect(failures).toEqual([]);
    },
    120_000,
  );
});
