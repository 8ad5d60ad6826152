import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderOpenApiDocument } from './openapi.ts';

interface Operation {
  operationId?: string;
  summary?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

let document: { openapi: string; paths: Record<string, Record<string, Operation>> };
let text: string;

beforeAll(async () => {
  text = await renderOpenApiDocument();
  document = JSON.parse(text) as typeof document;
});

const operations = () =>
  Object.entries(document.paths).flatMap(([route, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      name: `${method.toUpperCase()} ${route}`,
      op,
    })),
  );

describe('the OpenAPI document', () => {
  it('is the committed apps/server/openapi.json (run `npm run openapi -w apps/server` after a route change)', () => {
    const committed = readFileSync(path.resolve(import.meta.dirname, '../openapi.json'), 'utf8');
    expect(text).toBe(committed);
  });

  it('gives every operation a unique operationId and a summary', () => {
    const ids = operations().map(({ name, op }) => {
      expect(op.operationId, name).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.summary, name).toBeTruthy();
      return op.operationId;
    });
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents the error responses of every operation as problem+json', () => {
    for (const { name, op } of operations()) {
      const responses = op.responses ?? {};
      expect(Object.keys(responses), name).toContain('500');
      if (op.requestBody || op.parameters?.length)
        expect(Object.keys(responses), name).toContain('400');
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400 && status !== '503') {
          expect(Object.keys(response.content ?? {}), `${name} ${status}`).toEqual([
            'application/problem+json',
          ]);
        }
      }
    }
  });

  it('hides the documentation routes themselves', () => {
    expect(
      Object.keys(document.paths).some((p) => p.startsWith('/docs') || p === '/openapi.json'),
    ).toBe(false);
  });
});
