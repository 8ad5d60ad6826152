import type { ReactNode } from 'react';
import { cx } from '../../internal/class-names.ts';
import type { SpaceStep } from '../Stack/Stack.tsx';
import '../Stack/Stack.css';
import './Grid.css';

export interface GridProps {
  /**
   * Columns on a wide screen. They fall to 2 then 1 as the viewport narrows (below 64rem and
   * 40rem), so content reflows instead of scrolling sideways.
   */
  columns?: 1 | 2 | 3 | 4;
  gap?: SpaceStep;
  as?: 'div' | 'section' | 'ul' | 'ol';
  className?: string;
  children?: ReactNode;
}

/** Equal columns (CSS grid) for cards, summaries and form sections. */
export function Grid({ columns = 2, gap = 5, as: Tag = 'div', className, children }: GridProps) {
  return (
    <Tag className={cx('ma-grid', `ma-grid--${columns}`, `ma-gap-${gap}`, className)}>
      {children}
    </Tag>
  );
}
