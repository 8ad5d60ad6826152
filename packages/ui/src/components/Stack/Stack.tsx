import type { ReactNode } from 'react';
import { cx } from '../../internal/class-names.ts';
import './Stack.css';

/** A step of the spacing scale (`--ma-space-0` … `--ma-space-8`). */
export type SpaceStep = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export interface StackProps {
  /** `column` (default) stacks vertically; `row` lines up horizontally. */
  direction?: 'column' | 'row';
  gap?: SpaceStep;
  /** Cross-axis alignment; `stretch` by default, like flexbox. */
  align?: 'start' | 'center' | 'end' | 'stretch' | 'baseline';
  /** Main-axis distribution. */
  justify?: 'start' | 'center' | 'end' | 'between';
  /** Let a row wrap onto several lines when it runs out of room (reflow at 320 px, WCAG 1.4.10). */
  wrap?: boolean;
  /** The element: a list when the items are a list (RGAA 9.3). */
  as?: 'div' | 'section' | 'ul' | 'ol' | 'li' | 'footer';
  className?: string;
  children?: ReactNode;
}

/** Spaces its children evenly on one axis, with gaps from the spacing scale (flexbox). */
export function Stack({
  direction = 'column',
  gap = 4,
  align,
  justify,
  wrap = false,
  as: Tag = 'div',
  className,
  children,
}: StackProps) {
  return (
    <Tag
      className={cx(
        'ma-stack',
        `ma-stack--${direction}`,
        `ma-gap-${gap}`,
        align !== undefined && `ma-stack--align-${align}`,
        justify !== undefined && `ma-stack--justify-${justify}`,
        wrap && 'ma-stack--wrap',
        className,
      )}
    >
      {children}
    </Tag>
  );
}
