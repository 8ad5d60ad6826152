import { describe, expect, it } from 'vitest';
import { absoluteUrl, isoDateOf, startOfDay, uuidOf } from './document-labels.ts';

describe('document helpers', () => {
  it('makes a relative download link absolute on the given origin, leaves an absolute one', () => {
    expect(absoluteUrl('/d/abc_DEF-123', 'http://127.0.0.1:3000')).toBe(
      'http://127.0.0.1:3000/d/abc_DEF-123',
    );
    expect(absoluteUrl('https://courtage.example.fr/d/xyz', 'http://127.0.0.1:3000')).toBe(
      'https://courtage.example.fr/d/xyz',
    );
  });

  it('accepts only UUIDs and ISO dates from the address bar', () => {
    expect(uuidOf('948f1a0f-c461-46b0-8426-15f75cda6d3b')).toBe(
      '948f1a0f-c461-46b0-8426-15f75cda6d3b',
    );
    expect(uuidOf('1 OR 1=1')).toBeUndefined();
    expect(uuidOf(null)).toBeUndefined();
    expect(isoDateOf('2026-11-24')).toBe('2026-11-24');
    expect(isoDateOf('24/11/2026')).toBeUndefined();
  });

  it('turns a calendar day into the instant it starts at, in local time', () => {
    const start = new Date(startOfDay('2026-03-29'));
    expect([start.getFullYear(), start.getMonth(), start.getDate(), start.getHours()]).toEqual([
      2026, 2, 29, 0,
    ]);
  });
});
