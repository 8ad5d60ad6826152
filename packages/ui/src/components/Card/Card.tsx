import { useId, type ReactNode } from 'react';
import { cx } from '../../internal/class-names.ts';
import { Heading, type HeadingLevel } from '../../internal/heading.tsx';
import './Card.css';

export interface CardProps {
  /** The card's heading. */
  title?: ReactNode;
  /** Its level in the page outline: 2 under the page's h1, 3 inside a section, … */
  headingLevel?: HeadingLevel;
  /** Actions at the end of the header (a link « Tout voir », a small button). */
  actions?: ReactNode;
  /** A footer below the content, for secondary information or links. */
  footer?: ReactNode;
  /**
   * `div` (default) is plain grouping; `section` makes a region landmark named by the title (for
   * a few major blocks of a page, not for every tile); `article` is self-contained content.
   */
  as?: 'div' | 'section' | 'article';
  className?: string;
  children?: ReactNode;
}

/** A bordered surface that groups one subject: a heading, its content, maybe a footer. */
export function Card({
  title,
  headingLevel = 2,
  actions,
  footer,
  as: Tag = 'div',
  className,
  children,
}: CardProps) {
  const titleId = useId();
  const named = title !== undefined && Tag !== 'div';
  return (
    <Tag className={cx('ma-card', className)} aria-labelledby={named ? titleId : undefined}>
      {(title !== undefined || actions !== undefined) && (
        <div className="ma-card__header">
          {title !== undefined && (
            <Heading level={headingLevel} id={titleId} className="ma-card__title">
              {title}
            </Heading>
          )}
          {actions !== undefined && <div className="ma-card__actions">{actions}</div>}
        </div>
      )}
      <div className="ma-card__body">{children}</div>
      {footer !== undefined && <div className="ma-card__footer">{footer}</div>}
    </Tag>
  );
}
