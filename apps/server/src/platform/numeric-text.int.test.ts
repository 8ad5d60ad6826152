import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { createTestApp } from '../test-support/app.ts';
import { bearer, login, seedCabinet } from '../test-support/auth.ts';
import { createTestDatabase } from '../test-support/database.ts';

let database: DatabaseHandle;
let app: App;
let token: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const cabinet = await seedCabinet(app);
  token = (await login(app, cabinet.admin.email)).accessToken;
});
afterAll(async () => {
  await app.close();
  await database.close();
});

interface NumericParameter {
  method: string;
  path: string;
  in: 'query' | 'path';
  name: string;
}

/** Every numeric query or path parameter of the API, read from the app's own OpenAPI document. */
function numericParameters(): NumericParameter[] {
  const document = app.swagger() as {
    paths: Record<
      string,
      Record<string, { parameters?: { in: string; name: string; schema?: { type?: string } }[] }>
    >;
  };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).flatMap(([method, operation]) =>
      (operation.parameters ?? [])
        .filter(
          (p) =>
            (p.in === 'query' || p.in === 'path') &&
            (p.schema?.type === 'integer' || p.schema?.type === 'number'),
        )
        .map((p) => ({
          method: method.toUpperCase(),
          path,
          in: p.in as 'query' | 'path',
          name: p.name,
        })),
    ),
  );
}

function urlFor(parameter: NumericParameter, value: string): string {
  const path = parameter.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === parameter.name ? encodeURIComponent(value) : name === 'n' ? '1' : randomUUID(),
  );
  return parameter.in === 'query'
    ? `${path}?${new URLSearchParams({ [parameter.name]: value }).toString()}`
    : path;
}

const EDGE_VALUES = ['1e309', '-1e309', 'Infinity', '1e99999', '0x10', 'NaN', '1_000'];

describe('numeric parameters given numbers JavaScript cannot or should not read', () => {
  it('finds the list limits, the renewals window and the version numbers', () => {
    const names = numericParameters().map((p) => `${p.method} ${p.path} ${p.name}`);
    expect(names).toContain('GET /api/v1/clients limit');
    expect(names).toContain('GET /api/v1/renewals withinDays');
    expect(names).toContain('GET /api/v1/templates/{id}/versions/{n} n');
  });

  it('answers 400 problem+json naming the parameter, never 500', async () => {
    const failures: string[] = [];
    for (const parameter of numericParameters()) {
      for (const value of EDGE_VALUES) {
        const url = urlFor(parameter, value);
        const res = await app.inject({
          method: parameter.method as 'GET',
          url,
          headers: bearer(token),
        });
        const problem = res.json() as { errors?: { path: string; in?: string }[] };
        const named = problem.errors?.some(
          (e) =>
            e.path === `/${parameter.name}` &&
            e.in === (parameter.in === 'path' ? 'params' : 'query'),
        );
        if (
          res.statusCode !== 400 ||
          !String(res.headers['content-type']).startsWith('application/problem+json') ||
          !named
        ) {
          failures.push(
            `${parameter.method} ${url} -> ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('still reads decimal numbers', async () => {
    const res = await app.inject({ url: '/api/v1/clients?limit=1e1', headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    const renewals = await app.inject({
      url: '/api/v1/renewals?withinDays=30',
      headers: bearer(token),
    });
    expect(renewals.statusCode).toBe(200);
  });
});
