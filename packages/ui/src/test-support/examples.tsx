import { render } from '@testing-library/react';
import type { ComponentType } from 'react';
import { expect, it } from 'vitest';
import { axeViolations } from './axe.ts';

/** The named example components of an `*.examples.tsx` module (its non-component exports skipped). */
export function exampleEntries(module: Record<string, unknown>): [string, ComponentType][] {
  return Object.entries(module).filter((entry): entry is [string, ComponentType] =>
    isComponentName(entry[0], entry[1]),
  );
}

function isComponentName(name: string, value: unknown): boolean {
  return typeof value === 'function' && /^[A-Z]/.test(name);
}

/**
 * One test per example: it renders, and axe finds nothing on the whole document (portals such as
 * dialogs and toasts render outside the test container, into document.body).
 */
export function itHasNoAxeViolations(module: Record<string, unknown>): void {
  const entries = exampleEntries(module);
  it('has examples', () => {
    expect(entries.length).toBeGreaterThan(0);
  });
  it.each(entries)('example %s has no axe violations', async (_name, Example) => {
    render(<Example />);
    expect(await axeViolations(document.body)).toEqual([]);
  });
}
