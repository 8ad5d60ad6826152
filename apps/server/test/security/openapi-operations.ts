import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/**
 * The committed OpenAPI document, read at test time: the security tests enumerate its operations,
 * so a new route is covered (and must be classified) without touching them.
 */
export const OPENAPI_FILE = new URL('../../openapi.json', import.meta.url);

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export type Method = NonNullable<InjectOptions['method']>;

export interface Operation {
  operationId: string;
  method: Method;
  /** OpenAPI path template, e.g. `/api/v1/clients/{id}`. */
  path: string;
  /** True when the operation declares a security requirement (bearer). */
  secured: boolean;
  parameters: Parameter[];
  /** The JSON body schema, when the operation declares an application/json request body. */
  body: { required: boolean; schema: JsonSchema } | undefined;
  responses: string[];
}

interface Document {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface RawOperation {
  operationId?: string;
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, unknown>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function loadDocument(): Document {
  return JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as Document;
}

/** Every operation of the document, in document order. Throws on one without an operationId. */
export function loadOperations(document: Document = loadDocument()): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      if (!raw.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const json = raw.requestBody?.content?.['application/json']?.schema;
      operations.push({
        operationId: raw.operationId,
        method: method.toUpperCase() as Method,
        path,
        secured: (raw.security ?? []).length > 0,
        parameters: raw.parameters ?? [],
        body: json ? { required: raw.requestBody?.required ?? false, schema: json } : undefined,
        responses: Object.keys(raw.responses ?? {}),
      });
    }
  }
  return operations;
}

export const label = (op: Operation) => `${op.operationId} (${op.method} ${op.path})`;

export const pathParams = (op: Operation) => op.parameters.filter((p) => p.in === 'path');
export const queryParams = (op: Operation) => op.parameters.filter((p) => p.in === 'query');

/** The segment naming the resource of a `{param}`: `clients` for `/api/v1/clients/{id}/export`. */
export function resourceSegment(op: Operation, param = 'id'): string | undefined {
  const segments = op.path.split('/');
  const index = segments.indexOf(`{${param}}`);
  return index > 0 ? segments[index - 1] : undefined;
}

/** The URL of an operation; path values are percent-encoded unless `raw`. */
export function urlFor(
  op: Operation,
  values: Record<string, string> = {},
  query = '',
  raw = false,
): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = values[name] ?? randomUUID();
    // Buffer round trip: lone surrogates become U+FFFD, as a client's UTF-8 encoder would do.
    return raw ? value : encodeURIComponent(Buffer.from(value).toString());
  });
  return query ? `${path}?${query}` : path;
}

/** Resolves `#/components/schemas/X` references (one level at a time). */
export function resolver(document: Document) {
  const resolve = (schema: JsonSchema): JsonSchema => {
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
    return resolve(target);
  };
  return resolve;
}

/** The non-null type of a schema, if it names one. */
export const typeOf = (schema: JsonSchema): string | undefined =>
  Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;

/**
 * A small value the schema accepts (required properties only), for requests whose point is not
 * the body: authorization checks. Patterns are satisfied with fast-check's `stringMatching`.
 */
export function minimalValue(schema: JsonSchema, resolve: (s: JsonSchema) => JsonSchema): unknown {
  const s = resolve(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const options = s.anyOf ?? s.oneOf;
  if (options) {
    const first = options.find((o) => typeOf(resolve(o)) !== 'null') ?? options[0];
    return first ? minimalValue(first, resolve) : null;
  }
  if (s.allOf) {
    return Object.assign({}, ...s.allOf.map((part) => minimalValue(part, resolve)));
  }
  switch (typeOf(s)) {
    case 'object': {
      const properties = s.properties ?? {};
      const keys = [...(s.required ?? [])];
      const wanted = s.minProperties ?? 0;
      for (const key of Object.keys(properties)) {
        if (keys.length >= wanted) break;
        if (!keys.includes(key)) keys.push(key);
      }
      return Object.fromEntries(
        keys.map((key) => [key, minimalValue(properties[key] ?? {}, resolve)]),
      );
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => minimalValue(s.items ?? {}, resolve));
    case 'integer':
    case 'number':
      return Math.min(Math.max(s.minimum ?? 1, 1), s.maximum ?? Number.MAX_SAFE_INTEGER);
    case 'boolean':
      return true;
    case 'string':
      return minimalString(s);
    default:
      return {};
  }
}

function minimalString(s: JsonSchema): string {
  switch (s.format) {
    case 'email':
      return `security-${randomUUID().slice(0, 8)}@example.fr`;
    case 'uuid':
      return randomUUID();
    case 'date':
      return '2026-01-31';
    case 'date-time':
      return '2026-01-31T10:00:00.000Z';
    case 'uri':
      return 'https://example.fr/';
  }
  if (s.pattern) {
    const [sample] = fc.sample(fc.stringMatching(new RegExp(s.pattern)), { numRuns: 1, seed: 1 });
    if (sample !== undefined) return sample;
  }
  return 'x'.repeat(Math.max(s.minLength ?? 1, 1));
}

/** Every 4xx/5xx body is RFC 9457 problem+json with type, title and the response's status. */
export function expectProblem(res: LightMyRequestResponse, context: string): void {
  expect(res.headers['content-type'], `${context}: content-type`).toMatch(
    /^application\/problem\+json/,
  );
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    throw new Error(`${context}: problem body is not JSON: ${res.body.slice(0, 200)}`);
  }
  expect(body, `${context}: problem fields`).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status: res.statusCode,
  });
}

/** Shortens runs of one character (`aaaa…` → `a×400`) so huge inputs stay readable. */
export function compact(text: string, max = 400): string {
  const short = text.replace(/(.)\1{15,}/gs, (run, char: string) => `${char}×${run.length}`);
  return short.length > max ? `${short.slice(0, max)}…` : short;
}

/** One line describing a response, for assertion messages and the defect report. */
export function describeResponse(res: LightMyRequestResponse): string {
  return `${res.statusCode} ${res.headers['content-type'] ?? ''} ${compact(res.body, 300)}`;
}
