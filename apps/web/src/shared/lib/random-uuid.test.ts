import { describe, expect, it } from 'vitest';
import { randomUuid } from './random-uuid.ts';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomUuid', () => {
  it('is a v4 UUID, also where crypto.randomUUID is missing (plain HTTP)', () => {
    expect(randomUuid()).toMatch(V4);
    const original = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(crypto), 'randomUUID');
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 100 }, randomUuid));
      expect(ids.size).toBe(100);
      for (const id of ids) expect(id).toMatch(V4);
    } finally {
      delete (crypto as { randomUUID?: unknown }).randomUUID;
      expect(original).toBeDefined();
    }
    expect(typeof crypto.randomUUID).toBe('function');
  });
});
