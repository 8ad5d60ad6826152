import { describe, expect, it } from 'vitest';
import {
  actionLabel,
  changeRows,
  filtersFromParams,
  ordinal,
  paramsFromFilters,
  parisMidnight,
  toApiFilters,
  validateFilters,
  verifyProblemText,
  type AuditFilters,
} from './audit-filters.ts';

const none: AuditFilters = {
  action: '',
  actorId: '',
  targetType: '',
  targetId: '',
  from: '',
  to: '',
  q: '',
};

describe('filters in the address', () => {
  it('round-trip, empty ones left out, cursors ignored', () => {
    const params = new URLSearchParams(
      'action=auth.login&q=%20192.168%20&cursor=abc&from=2026-11-01',
    );
    const filters = filtersFromParams(params);
    expect(filters).toEqual({ ...none, action: 'auth.login', q: '192.168', from: '2026-11-01' });
    expect(paramsFromFilters(filters).toString()).toBe(
      'action=auth.login&from=2026-11-01&q=192.168',
    );
  });
});

describe('toApiFilters', () => {
  it('turns Paris calendar days into instants, the last day included', () => {
    // Winter: Paris is UTC+1; summer: UTC+2.
    expect(parisMidnight('2026-11-24')).toBe('2026-11-23T23:00:00.000Z');
    expect(parisMidnight('2026-07-14')).toBe('2026-07-13T22:00:00.000Z');
    expect(
      toApiFilters({ ...none, from: '2026-03-01', to: '2026-03-31', action: 'auth.login' }),
    ).toEqual({
      action: 'auth.login',
      from: '2026-02-28T23:00:00.000Z',
      // The API's `to` is exclusive: midnight starting 1 April, after the switch to summer time.
      to: '2026-03-31T22:00:00.000Z',
    });
    expect(toApiFilters(none)).toEqual({});
  });
});

describe('validateFilters', () => {
  it('refuses an author that is not a full identifier and an end before the start', () => {
    expect(
      validateFilters({ ...none, actorId: '3f2b8c1e', from: '2026-11-30', to: '2026-11-01' }),
    ).toEqual({
      actorId: expect.stringContaining('identifiant complet'),
      to: expect.stringContaining('date de fin'),
    });
    expect(
      validateFilters({
        ...none,
        actorId: '3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f',
        from: '2026-11-01',
        to: '2026-11-01',
      }),
    ).toEqual({});
  });
});

describe('words', () => {
  it('names known actions in French and keeps unknown codes', () => {
    expect(actionLabel('user.role_changed')).toBe('Rôle modifié');
    expect(actionLabel('something.new')).toBe('something.new');
  });

  it('reads changes as before/after pairs or single values', () => {
    expect(
      changeRows({
        role: { before: 'broker', after: 'manager' },
        active: { before: true, after: false },
        name: 'Attestation',
        rates: { auto: 1500 },
        cleared: null,
      }),
    ).toEqual([
      { field: 'role', kind: 'diff', before: 'Chargé de clientèle', after: 'Responsable' },
      { field: 'active', kind: 'diff', before: 'Oui', after: 'Non' },
      { field: 'name', kind: 'value', value: 'Attestation' },
      { field: 'rates', kind: 'value', value: '{"auto":1500}' },
      { field: 'cleared', kind: 'value', value: '(vide)' },
    ]);
    expect(changeRows(null)).toEqual([]);
  });

  it('translates the server’s verdicts on a broken chain', () => {
    expect(verifyProblemText('this event was modified')).toBe(
      'Cet événement a été modifié après son enregistrement.',
    );
    expect(verifyProblemText('events up to #42 no longer match a signed checkpoint')).toContain(
      'jusqu’au n° 42',
    );
    expect(verifyProblemText('something else')).toBe('something else');
    expect(ordinal(1)).toBe('1er');
    expect(ordinal(7)).toBe('7e');
  });
});
