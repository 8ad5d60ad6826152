import * as nodeCrypto from 'node:crypto';
import { describe, expect, it } from 'vitest';

const require_crypto = () => nodeCrypto;
import {
  asStoredJson,
  canonicalJson,
  chainHash,
  ChainKey,
  type ChainedContent,
} from './audit.chain.ts';
import { newChainKey } from './audit.keys.ts';
import { csvLine, neutralizeCell } from './audit.export.ts';

const event: ChainedContent = {
  id: '00000000-0000-4000-8000-000000000001',
  organizationId: null,
  actorId: null,
  actorIp: '10.0.0.1',
  userAgent: 'curl/8',
  action: 'client.updated',
  targetType: 'client',
  targetId: 'c1',
  changes: { b: { after: 2, before: 1 }, a: [1, { y: 1, x: 2 }] },
  requestId: 'r1',
  traceId: null,
  occurredAt: new Date('2026-11-24T10:00:00.123Z'),
};

describe('audit chain hashing', () => {
  it('is independent of key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":1}');
    const reordered = { ...event, changes: { a: [1, { x: 2, y: 1 }], b: { before: 1, after: 2 } } };
    expect(chainHash(null, 'p', reordered)).toBe(chainHash(null, 'p', event));
  });

  it('hashes exactly the canonical JSON of the event', () => {
    const { createHash } = require_crypto();
    const expected = createHash('sha256')
      .update('p\n')
      .update(canonicalJson({ ...event, occurredAt: event.occurredAt.toISOString() }))
      .digest('hex');
    expect(chainHash(null, 'p', event)).toBe(expected);
  });

  it('changes with any field, the timestamp or the previous hash', () => {
    const base = chainHash(null, 'p', event);
    expect(chainHash(null, 'q', event)).not.toBe(base);
    expect(chainHash(null, null, event)).not.toBe(base);
    expect(chainHash(null, 'p', { ...event, actorIp: '10.0.0.2' })).not.toBe(base);
    expect(
      chainHash(null, 'p', { ...event, occurredAt: new Date('2026-11-24T10:00:00.124Z') }),
    ).not.toBe(base);
    expect(chainHash(null, 'p', { ...event, changes: { b: { after: 3, before: 1 } } })).not.toBe(
      base,
    );
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes values as the database returns them (dates become strings)', () => {
    const when = new Date('2026-01-01T00:00:00.000Z');
    expect(asStoredJson({ at: when, gone: undefined })).toEqual({ at: '2026-01-01T00:00:00.000Z' });
    expect(chainHash(null, 'p', { ...event, changes: { at: when } })).toBe(
      chainHash(null, 'p', { ...event, changes: { at: when.toISOString() } }),
    );
  });
});

describe('keyed audit chain hashing (ADR 0013)', () => {
  const key = newChainKey();
  const text = `p\n${canonicalJson({ ...event, occurredAt: event.occurredAt.toISOString() })}`;

  it('is HMAC-SHA-256 with the chain key of the previous hash and the canonical JSON', () => {
    const expected = nodeCrypto.createHmac('sha256', key.bytes).update(text).digest('hex');
    expect(chainHash(key, 'p', event)).toBe(expected);
    // Non-ASCII content and a long text go through the same HMAC.
    const long = { ...event, changes: { note: 'é😀'.repeat(5_000) } };
    expect(chainHash(key, 'p', long)).toBe(
      nodeCrypto
        .createHmac('sha256', key.bytes)
        .update(`p\n${canonicalJson({ ...long, occurredAt: long.occurredAt.toISOString() })}`)
        .digest('hex'),
    );
  });

  it('cannot be recomputed without the key: plain SHA-256 or another key give other hashes', () => {
    const keyed = chainHash(key, 'p', event);
    expect(chainHash(null, 'p', event)).not.toBe(keyed);
    expect(chainHash(newChainKey(), 'p', event)).not.toBe(keyed);
  });

  it('takes only 64-byte keys whose bytes are below 0x80', () => {
    expect(() => new ChainKey(Buffer.alloc(32, 1))).toThrow(RangeError);
    expect(() => new ChainKey(Buffer.alloc(64, 0x80))).toThrow(RangeError);
    expect(newChainKey().bytes.every((b) => b < 0x80)).toBe(true);
  });
});

describe('CSV export cells', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+33612345678', "'+33612345678"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['Dupré', 'Dupré'],
  ])('%s → %s', (input, expected) => {
    expect(neutralizeCell(input)).toBe(expected);
  });

  it('quotes cells holding the delimiter, quotes or newlines', () => {
    const line = csvLine(
      {
        ...event,
        seq: 1,
        prevHash: null,
        hash: 'h',
        organizationId: null,
        userAgent: 'a;b "c"\nd',
        changes: null,
      } as never,
      ';',
    );
    expect(line).toContain('"a;b ""c""\nd"');
    expect(line.endsWith('\r\n')).toBe(true);
  });
});
