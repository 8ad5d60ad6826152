import type { ReactNode } from 'react';
import { cx } from '../../internal/class-names.ts';
import { Heading, type HeadingLevel } from '../../internal/heading.tsx';
import { SearchIcon } from '../Icon/Icon.tsx';
import './EmptyState.css';

export interface EmptyStateProps {
  /** What is empty, « Aucun résultat » by default. */
  title?: ReactNode;
  headingLevel?: HeadingLevel;
  /** Why, and what to do about it. */
  description?: ReactNode;
  /** The way out: a button or a link (« Ajouter… », « Effacer les filtres »). */
  action?: ReactNode;
  /** A decorative picture; a magnifying glass by default, `null` for none. */
  icon?: ReactNode;
  className?: string;
}

/** What an empty list or search shows instead of nothing: what is empty, why, and what to do. */
export function EmptyState({
  title = 'Aucun résultat',
  headingLevel = 2,
  description,
  action,
  icon = <SearchIcon size="lg" />,
  className,
}: EmptyStateProps) {
  return (
    <div className={cx('ma-empty-state', className)}>
      {icon !== null && (
        <span className="ma-empty-state__icon" aria-hidden="true">
          {icon}
        </span>
      )}
      <Heading level={headingLevel} className="ma-empty-state__title">
        {title}
      </Heading>
      {description !== undefined && <p className="ma-empty-state__description">{description}</p>}
      {action !== undefined && <div className="ma-empty-state__action">{action}</div>}
    </div>
  );
}
