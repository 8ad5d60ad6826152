import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chainHash,
  storedEventHash as storedEventHashWith,
  type StoredChainEvent,
} from './audit.chain.ts';
import { newChainKey } from './audit.keys.ts';

// The keyed form, as chains are hashed now; the unkeyed form shares every line but the last.
const KEY = newChainKey();
const storedEventHash = (event: StoredChainEvent) => storedEventHashWith(event, KEY);

/** What chainHash gives for the same event read back through the ORM (the reference). */
const reference = (event: StoredChainEvent) =>
  chainHash(
    KEY,
    event.prevHash,
    {
      ...event,
      changes: event.changes === null ? null : (JSON.parse(event.changes) as unknown),
      occurredAt: new Date(event.occurredAt),
    },
    true,
  );

/** The hash, or the error it throws (some timestamps are not dates to JavaScript). */
const outcome = (hash: (event: StoredChainEvent) => string, event: StoredChainEvent) => {
  try {
    return hash(event);
  } catch (error) {
    return String(error);
  }
};

const base: StoredChainEvent = {
  id: '00000000-0000-4000-8000-000000000001',
  organizationId: null,
  actorId: null,
  actorIp: '10.0.0.1',
  userAgent: 'curl/8',
  action: 'client.updated',
  targetType: 'client',
  targetId: 'c1',
  changes: '{"notes": {"after": "n1", "before": null}}',
  requestId: 'r1',
  traceId: null,
  occurredAt: '2026-11-24 10:00:00.123+00',
  prevHash: 'p',
  hash: null,
};

const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }));
const nullable = fc.option(text, { nil: null });
// Keys that an engine would not enumerate in insertion order, mixed with ordinary ones.
const key = fc.oneof(text, fc.constantFrom('0', '1', '9', '10', '__proto__', 'a', 'B', 'é'));
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true }),
    fc.integer(),
    text,
    fc.array(tie('value')),
    tie('object'),
  ),
  // Built with defineProperty so that a "__proto__" key is an own key, as JSON.parse makes it.
  object: fc.array(fc.tuple(key, tie('value')), { maxLength: 6 }).map((entries) => {
    const object = {};
    for (const [k, v] of entries) {
      Object.defineProperty(object, k, { value: v, enumerable: true, configurable: true });
    }
    return object;
  }),
})).value;
// Timestamps as PostgreSQL writes them: milli-, microseconds or none, in a UTC session or not.
const occurredAt = fc
  .tuple(
    fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z') }),
    fc.constantFrom('', '.5', '.12', '.123', '.1239', '.123456'),
    fc.constantFrom('+00', '+00', '+01', '-03:30'),
  )
  .filter(([date]) => !Number.isNaN(date.getTime()))
  .map(
    ([date, fraction, offset]) =>
      `${date.toISOString().slice(0, 19).replace('T', ' ')}${fraction}${offset}`,
  );

describe('storedEventHash', () => {
  it('is chainHash of the event as the ORM would read it, for any content', () => {
    fc.assert(
      fc.property(
        fc.record({
          organizationId: nullable,
          actorId: nullable,
          actorIp: nullable,
          userAgent: nullable,
          action: text,
          targetType: nullable,
          targetId: nullable,
          changes: fc.option(
            json.map((value) => JSON.stringify(value)),
            { nil: null },
          ),
          requestId: nullable,
          traceId: nullable,
          occurredAt,
          prevHash: nullable,
        }),
        (fields) => {
          const event = { ...base, ...fields };
          expect(outcome(storedEventHash, event)).toBe(outcome(reference, event));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['keys jsonb orders by length', '{"bb": 1, "a": {"d": [1, {"z": 0, "y": 1}], "c": 2}}'],
    ['array-index keys', '{"9": "nine", "10": "ten", "b": {"1": [], "0": {}}}'],
    ['a __proto__ key', '{"__proto__": {"b": 1, "a": 2}, "z": true}'],
    [
      'numbers jsonb keeps as written',
      '[1.0, 1e2, -0, 0.1, 1e400, 123456789012345678901234567890]',
    ],
    ['escapes and non-ASCII text', '{"é": "\\u0007\\"\\\\\\n\\u2028😀", "": ""}'],
    ['a JSON null', 'null'],
    ['a bare string', '"x"'],
  ])('matches chainHash for %s', (_, changes) => {
    const event = { ...base, changes };
    expect(storedEventHash(event)).toBe(reference(event));
  });

  it('matches chainHash without changes and for the first event of a chain', () => {
    const event = { ...base, changes: null, prevHash: null };
    expect(storedEventHash(event)).toBe(reference(event));
    expect(storedEventHash(event)).not.toBe(storedEventHash({ ...event, prevHash: 'genesis2' }));
  });

  it.each([
    '2026-11-24 10:00:00+00',
    '2026-11-24 10:00:00.999999+00',
    '1000-01-01 00:00:00+00',
    '0999-12-31 23:59:59.5+00',
    '0050-06-15 12:00:00+00',
    '2026-11-24 11:00:00+01',
    '2026-11-24 10:00:00+00 BC',
    'infinity',
  ])('reads the timestamp %s as chainHash does, or fails as it does', (occurredAt) => {
    const event = { ...base, occurredAt };
    expect(outcome(storedEventHash, event)).toBe(outcome(reference, event));
  });
});
