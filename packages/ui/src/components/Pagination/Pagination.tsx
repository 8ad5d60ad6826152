import type { ReactNode } from 'react';
import { cx } from '../../internal/class-names.ts';
import { Button } from '../Button/Button.tsx';
import { ChevronLeftIcon, ChevronRightIcon } from '../Icon/Icon.tsx';
import './Pagination.css';

export interface PaginationProps {
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  /** Where the user is: « Page 2 », « Lignes 51 à 100 sur 230 ». Announced when it changes. */
  status?: ReactNode;
  /** Names the navigation landmark; say which list when a page has several. */
  label?: string;
  previousLabel?: string;
  nextLabel?: string;
  className?: string;
}

/**
 * Previous / next page controls for a list read by cursor (`nextCursor`), in a navigation
 * landmark. A button at the end of the list stays focusable when it becomes unavailable, so the
 * focus is not lost when the last page is reached.
 */
export function Pagination({
  hasPrevious,
  hasNext,
  onPrevious,
  onNext,
  status,
  label = 'Pagination',
  previousLabel = 'Page précédente',
  nextLabel = 'Page suivante',
  className,
}: PaginationProps) {
  return (
    <nav aria-label={label} className={cx('ma-pagination', className)}>
      <Button
        variant="secondary"
        size="sm"
        icon={<ChevronLeftIcon />}
        disabled={!hasPrevious}
        focusableWhenDisabled
        onClick={onPrevious}
      >
        {previousLabel}
      </Button>
      <p className="ma-pagination__status" aria-live="polite" aria-atomic="true">
        {status}
      </p>
      <Button
        variant="secondary"
        size="sm"
        disabled={!hasNext}
        focusableWhenDisabled
        onClick={onNext}
        className="ma-pagination__next"
      >
        {nextLabel}
        <ChevronRightIcon />
      </Button>
    </nav>
  );
}
