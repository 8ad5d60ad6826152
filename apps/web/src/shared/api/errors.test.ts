import { describe, expect, it } from 'vitest';
import { ApiError, errorsByField, toApiError } from './errors.ts';

const validation = {
  type: '/problems/validation',
  title: 'Requête invalide',
  status: 400,
  detail: 'Certains champs sont invalides.',
  errors: [
    { path: '/email', message: 'doit être une adresse e-mail' },
    { path: '/address/postalCode', message: 'doit contenir 5 chiffres' },
    { path: '/email', message: 'second message, ignored' },
    { path: '/', message: 'the whole body: no field' },
  ],
};

describe('toApiError', () => {
  it('keeps a problem+json body as it is', () => {
    const error = toApiError(validation, new Response(null, { status: 400 }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.message).toBe('Certains champs sont invalides.');
    expect(error.code).toBe('validation');
    expect(error.fieldErrors).toHaveLength(4);
  });

  it('says the server is unreachable when there was no response', () => {
    const error = toApiError(undefined, undefined);
    expect(error.status).toBe(503);
    expect(error.problem.title).toBe('Le serveur ne répond pas');
  });

  it('makes a French problem of an unexpected answer, keeping its status', () => {
    const error = toApiError('<html>Bad gateway</html>', new Response(null, { status: 502 }));
    expect(error.status).toBe(502);
    expect(error.problem.title).toBe('Erreur 502');
    expect(error.fieldErrors).toEqual([]);
  });
});

describe('errorsByField', () => {
  it('keys the first message of each field by the last segment of its pointer', () => {
    expect(errorsByField(toApiError(validation, undefined))).toEqual({
      email: 'doit être une adresse e-mail',
      postalCode: 'doit contenir 5 chiffres',
    });
  });

  it('is empty for anything but an ApiError', () => {
    expect(errorsByField(new Error('boom'))).toEqual({});
  });
});
