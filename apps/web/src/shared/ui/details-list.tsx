import type { ReactNode } from 'react';

/**
 * Label/value pairs (a `<dl>`): the identity of a client, the terms of a policy. Empty values
 * show « — » so a missing value reads as missing, not as a layout gap.
 */
export function DetailsList({ items }: { items: readonly (readonly [string, ReactNode])[] }) {
  return (
    <dl className="app-details">
      {items.map(([label, value]) => (
        <div key={label} className="app-details__row">
          <dt>{label}</dt>
          <dd>{value === null || value === undefined || value === '' ? '—' : value}</dd>
        </div>
      ))}
    </dl>
  );
}
