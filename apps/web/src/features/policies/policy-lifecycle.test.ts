import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PolicyStatus } from '../../shared/lib/portfolio-labels.ts';
import { lifecycleActions } from './policy-lifecycle.ts';

/**
 * The server's state machine, read from its source (TRANSITIONS in policies.service.ts), so this
 * test fails when the server's lifecycle changes and the screen's buttons would drift from it.
 */
function serverTransitions(): Record<PolicyStatus, string[]> {
  const source = readFileSync(
    new URL('../../../../server/src/modules/policies/policies.service.ts', import.meta.url),
    'utf8',
  );
  const block = /export const TRANSITIONS[^=]*=\s*\{([^}]*)\}/.exec(source)?.[1] ?? '';
  const table: Record<string, string[]> = {};
  for (const [, status = '', targets = ''] of block.matchAll(/(\w+):\s*\[([^\]]*)\]/g)) {
    table[status] = [...targets.matchAll(/'(\w+)'/g)].map((m) => m[1] ?? '');
  }
  return table as Record<PolicyStatus, string[]>;
}

const SERVER_TRANSITIONS = serverTransitions();

describe('lifecycleActions', () => {
  it('offers exactly the transitions the server accepts, for every status', () => {
    expect(Object.keys(SERVER_TRANSITIONS).sort()).toEqual([
      'active',
      'cancelled',
      'draft',
      'expired',
      'suspended',
    ]);
    for (const [status, allowed] of Object.entries(SERVER_TRANSITIONS)) {
      const targets = lifecycleActions(status as PolicyStatus)
        .flatMap((action) => (action.to === undefined ? [] : [action.to]))
        .sort();
      expect(targets, status).toEqual([...allowed].sort());
    }
  });

  it('offers the renewal on an active policy only', () => {
    const renewable = Object.keys(SERVER_TRANSITIONS).filter((status) =>
      lifecycleActions(status as PolicyStatus).some((a) => a.id === 'renew'),
    );
    expect(renewable).toEqual(['active']);
  });

  it('names the activation « Activer » and asks a reason to cancel only', () => {
    expect(lifecycleActions('draft').map((a) => a.label)).toEqual(['Activer']);
    expect(
      lifecycleActions('active')
        .filter((a) => a.reasonRequired)
        .map((a) => a.id),
    ).toEqual(['cancel']);
  });
});
