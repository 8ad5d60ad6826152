import { describe, expect, it } from 'vitest';
import {
  DATA_MODEL,
  freeInputsOf,
  isKnownVariable,
  resolveVariable,
  SAMPLE_DATA,
  sampleData,
  type DataModelType,
} from './data-model.ts';

const TYPES: readonly DataModelType[] = [
  'string',
  'number',
  'money',
  'date',
  'boolean',
  'object',
  'array',
];

/** Every path of a value, written as the model writes them (`premiums[].due_date`). */
function paths(value: unknown, prefix = ''): { path: string; value: unknown }[] {
  if (Array.isArray(value)) {
    return [{ path: prefix, value }, ...value.flatMap((item) => paths(item, `${prefix}[]`))];
  }
  if (value && typeof value === 'object') {
    return [
      ...(prefix ? [{ path: prefix, value }] : []),
      ...Object.entries(value).flatMap(([key, child]) =>
        paths(child, prefix ? `${prefix}.${key}` : key),
      ),
    ];
  }
  return [{ path: prefix, value }];
}

function typeOf(value: unknown): DataModelType[] {
  if (Array.isArray(value)) return ['array'];
  if (typeof value === 'number') return ['number', 'money'];
  if (typeof value === 'boolean') return ['boolean'];
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? ['date'] : ['string'];
  return ['object'];
}

describe('DATA_MODEL', () => {
  it('lists each path once, in snake_case, with a type and a French description', () => {
    const all = DATA_MODEL.map((entry) => entry.path);
    expect(new Set(all).size).toBe(all.length);
    for (const entry of DATA_MODEL) {
      expect(entry.path).toMatch(/^[a-z][a-z0-9_]*(\[\])?(\.[a-z][a-z0-9_]*(\[\])?)*$/);
      expect(TYPES).toContain(entry.type);
      expect(entry.description.length).toBeGreaterThan(3);
    }
    expect(DATA_MODEL).toContainEqual(expect.objectContaining({ path: 'premiums', type: 'array' }));
    expect(DATA_MODEL).toContainEqual(
      expect.objectContaining({ path: 'premiums[].due_date', type: 'date' }),
    );
    expect(DATA_MODEL).toContainEqual(
      expect.objectContaining({ path: 'policy.annual_premium', type: 'money' }),
    );
    expect(Object.isFrozen(DATA_MODEL)).toBe(true);
  });

  it('describes the sample, and the sample fills the model', () => {
    const sample = paths(SAMPLE_DATA);
    const described = new Map(DATA_MODEL.map((entry) => [entry.path, entry.type]));
    for (const { path, value } of sample) {
      expect(isKnownVariable([path]), path).toBe(true);
      const type = described.get(path);
      if (type && value !== null) expect(typeOf(value), path).toContain(type);
    }
    const inSample = new Set(sample.map((entry) => entry.path));
    for (const entry of DATA_MODEL) expect(inSample.has(entry.path), entry.path).toBe(true);
  });
});

describe('isKnownVariable and resolveVariable', () => {
  it.each([
    [['policy', 'number'], true],
    [['premiums', '0', 'amount'], true],
    [['premiums[0]', 'amount'], true],
    [['premiums', '[]', 'due_date'], true],
    [['premiums', 'first', 'total'], true],
    [['premiums', 'last'], true],
    [['premiums', 'size'], true],
    [['client', 'display_name', 'size'], true],
    [['organization', 'address_lines', '1'], true],
    [['policy', 'insured_object', 'make'], true],
    [['policies', '0', 'insured_object', 'anything', 'deep'], true],
    [['policies[1]', 'company_name'], true],
    [['today'], true],
    [['premium', 'paid_at'], true],
    [['policy', 'nope'], false],
    [['policy', 'number', 'first'], false],
    [['premiums', 'size', 'x'], false],
    [['premiums', 'amount'], false],
    [['policy[0]'], false],
    [['nope'], false],
    [['saisie', 'objet'], true],
    [['saisie', 'lignes', '0', 'montant'], true],
    [[], false],
  ])('%j → %s', (path, known) => {
    expect(isKnownVariable(path)).toBe(known);
  });

  it('writes paths as the model does', () => {
    expect(resolveVariable(['premiums', 3, 'amount'])).toEqual({
      path: 'premiums[].amount',
      known: true,
    });
    expect(resolveVariable(['premiums', 'last', 'total']).path).toBe('premiums[].total');
    expect(resolveVariable(['policies[0][1]', 'x']).path).toBe('policies[][].x');
    expect(resolveVariable(['x', 'first', 'y'])).toEqual({ path: 'x.first.y', known: false });
    expect(resolveVariable(['premiums', '', 'amount'])).toEqual({
      path: 'premiums[].amount',
      known: false,
    });
  });
});

describe('freeInputsOf', () => {
  it('names the free inputs a version reads under saisie, once each, sorted', () => {
    expect(
      freeInputsOf([
        'client.display_name',
        'saisie.objet',
        'saisie.lignes[].montant',
        'saisie.lignes[].libelle',
        'saisie.objet',
        'saisie',
        'saisie[]',
        'saisie.Objet',
        'policy.saisie.x',
        'objet',
      ]),
    ).toEqual(['lignes', 'objet']);
    expect(freeInputsOf([])).toEqual([]);
  });

  it('leaves the subject data model out of them: no model root is a free input', () => {
    const roots = new Set(DATA_MODEL.map((entry) => entry.path.split(/[.[]/)[0]));
    expect(roots).toContain('saisie');
    expect(freeInputsOf([...roots].map(String))).toEqual([]);
  });
});

describe('sample data', () => {
  it('is the documented cabinet, client and policy', () => {
    expect(SAMPLE_DATA).toMatchObject({
      today: '2026-06-15',
      organization: { name: 'Cabinet Martin Courtage', orias_number: '12345678' },
      client: { display_name: 'Hélène Dupré' },
      company: { name: "Mutuelle de l'Ouest" },
      policy: { number: 'AUTO-2026-0042', payment_frequency_label: 'Trimestriel' },
    });
    expect(SAMPLE_DATA.premiums).toHaveLength(4);
  });

  it('is frozen; sampleData() is a mutable deep copy', () => {
    expect(Object.isFrozen(SAMPLE_DATA)).toBe(true);
    expect(Object.isFrozen(SAMPLE_DATA.policy)).toBe(true);
    const copy = sampleData();
    expect(copy).toEqual(SAMPLE_DATA);
    (copy.policy as Record<string, unknown>).number = 'changed';
    (copy.premiums as unknown[]).pop();
    expect((SAMPLE_DATA.policy as Record<string, unknown>).number).toBe('AUTO-2026-0042');
    expect(sampleData().premiums).toHaveLength(4);
  });
});
