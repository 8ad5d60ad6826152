import AjvCompiler from '@fastify/ajv-compiler';
import { describe, expect, it } from 'vitest';
import {
  DECIMAL_TEXT_MESSAGE,
  refuseNonDecimalNumbers,
  type CompiledValidator,
} from './numeric-text.ts';

const schema = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    ratio: { type: 'number' },
    years: { type: 'array', items: { type: 'integer' } },
    q: { type: 'string' },
    flag: { type: 'boolean' },
  },
};
// Fastify's compiler with the options app.ts gives querystrings, params and headers.
const compile = AjvCompiler()({}, {
  customOptions: {
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    coerceTypes: 'array',
  },
} as never) as unknown as (route: object) => CompiledValidator;
const raw = compile({ schema, method: 'GET', url: '/', httpPart: 'querystring' });
const validate = refuseNonDecimalNumbers(raw);

function run(query: Record<string, unknown>) {
  const data = { ...query };
  const valid = validate(data);
  return { valid, data, errors: validate.errors as { instancePath: string; message: string }[] };
}

describe('numeric text coerced from a query string', () => {
  it.each(['1e309', '-1e309', 'Infinity', '-Infinity', '1e99999'])(
    'refuses %s, which plain Ajv coerces to an infinite number that skips the limits',
    (text) => {
      // The bug itself: Ajv alone accepts it.
      expect(raw({ limit: text })).toBe(true);
      const { valid, errors } = run({ limit: text });
      expect(valid).toBe(false);
      expect(errors).toContainEqual(
        expect.objectContaining({ instancePath: '/limit', message: DECIMAL_TEXT_MESSAGE }),
      );
    },
  );

  it.each(['0x10', '0b1', '0o7', ' 12', '12 ', '+5', '.5e1'])(
    'refuses %s, which is no decimal number',
    (text) => {
      const { valid, errors } = run({ ratio: text });
      expect(valid).toBe(false);
      expect(errors.map((e) => e.instancePath)).toEqual(['/ratio']);
    },
  );

  it('accepts decimal numbers, keeping Ajv’s own checks and messages', () => {
    expect(run({ limit: '20', ratio: '-0.5', years: ['2024', '1e3'] })).toMatchObject({
      valid: true,
      data: { limit: 20, ratio: -0.5, years: [2024, 1000] },
    });
    expect(run({})).toMatchObject({ valid: true, data: { limit: 50 } });
    const tooMany = run({ limit: '201' });
    expect(tooMany.valid).toBe(false);
    expect(tooMany.errors.map((e) => e.instancePath)).toEqual(['/limit']);
    expect(run({ limit: '-0' }).valid).toBe(false);
  });

  it('checks every item of a repeated parameter, and a single one wrapped into an array', () => {
    const repeated = run({ years: ['2024', 'Infinity', '0x1f'] });
    expect(repeated.valid).toBe(false);
    expect(repeated.errors.map((e) => e.instancePath)).toEqual(['/years/1', '/years/2']);
    const single = run({ years: '1e309' });
    expect(single.valid).toBe(false);
    expect(single.errors.map((e) => e.instancePath)).toEqual(['/years']);
    const unwrapped = run({ limit: ['1e309'] });
    expect(unwrapped.valid).toBe(false);
    expect(unwrapped.errors.map((e) => e.instancePath)).toEqual(['/limit']);
  });

  it('leaves text, booleans and other errors alone', () => {
    expect(run({ q: '1e309', flag: 'true' })).toMatchObject({
      valid: true,
      data: { q: '1e309', flag: true },
    });
    const both = run({ limit: 'abc', ratio: 'Infinity' });
    expect(both.errors.map((e) => e.instancePath).sort()).toEqual(['/limit', '/ratio']);
  });
});
