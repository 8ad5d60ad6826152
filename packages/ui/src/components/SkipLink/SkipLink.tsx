import type { MouseEvent } from 'react';
import { cx } from '../../internal/class-names.ts';
import './SkipLink.css';

/** The id of the main landmark that AppShell renders and skip links target by default. */
export const MAIN_CONTENT_ID = 'contenu';

export interface SkipLinkProps {
  /** The id of the element to jump to (focusable: `<main tabIndex={-1}>`). */
  targetId?: string;
  label?: string;
  className?: string;
}

/**
 * « Aller au contenu principal »: the first tab stop of every page, hidden until focused. It moves
 * the focus itself (not only the scroll position) and leaves the URL alone, which a router would
 * otherwise read as a navigation.
 */
export function SkipLink({
  targetId = MAIN_CONTENT_ID,
  label = 'Aller au contenu principal',
  className,
}: SkipLinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    const target = document.getElementById(targetId);
    if (target === null) return;
    event.preventDefault();
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  };
  return (
    <a href={`#${targetId}`} className={cx('ma-skip-link', className)} onClick={handleClick}>
      {label}
    </a>
  );
}
