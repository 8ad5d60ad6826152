import { describe, expect, it } from 'vitest';
import type { FastifySchemaValidationError } from 'fastify';
import { AppError, fieldErrors, NotFoundError, problemResponses } from './errors.ts';

const ajvError = (e: Partial<FastifySchemaValidationError>) =>
  ({
    schemaPath: '#',
    params: {},
    message: 'x',
    instancePath: '',
    keyword: 'type',
    ...e,
  }) as FastifySchemaValidationError;

describe('fieldErrors', () => {
  it('points at the missing property and the unexpected one', () => {
    const errors = fieldErrors(
      [
        ajvError({ keyword: 'required', params: { missingProperty: 'email' } }),
        ajvError({
          keyword: 'additionalProperties',
          params: { additionalProperty: 'role' },
          instancePath: '/user',
        }),
        ajvError({
          keyword: 'minimum',
          params: { comparison: '>=', limit: 0 },
          instancePath: '/items/2/amount',
        }),
      ],
      'body',
    );
    expect(errors.map((e) => e.path)).toEqual(['/email', '/user/role', '/items/2/amount']);
    expect(errors.every((e) => e.in === 'body')).toBe(true);
  });

  it('translates messages to French', () => {
    const [error] = fieldErrors(
      [ajvError({ keyword: 'required', params: { missingProperty: 'email' } })],
      'querystring',
    );
    expect(error!.message).toBe('requiert la propriété email');
    expect(error!.in).toBe('query');
  });

  it('uses / for the document root and omits an unknown location', () => {
    const [error] = fieldErrors(
      [ajvError({ keyword: 'type', params: { type: 'object' } })],
      undefined,
    );
    expect(error!.path).toBe('/');
    expect(error!.in).toBeUndefined();
  });
});

describe('errors', () => {
  it('NotFoundError is a 404 problem', () => {
    const error = new NotFoundError();
    expect(error).toBeInstanceOf(AppError);
    expect(error.status).toBe(404);
    expect(error.slug).toBe('not-found');
  });

  it('problemResponses always documents 500 and uses problem+json', () => {
    const responses = problemResponses(404, 400, 404) as Record<
      number,
      { content: Record<string, unknown> }
    >;
    expect(Object.keys(responses)).toEqual(['400', '404', '500']);
    expect(Object.keys(responses[400]!.content)).toEqual(['application/problem+json']);
  });
});
