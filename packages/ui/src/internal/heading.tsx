import type { ReactNode } from 'react';

/** The heading levels a component may render below the page's single h1. */
export type HeadingLevel = 2 | 3 | 4 | 5 | 6;

export interface HeadingProps {
  level: HeadingLevel;
  id?: string;
  className?: string;
  children: ReactNode;
}

/**
 * A heading of a chosen level: a card or an empty state sits at different depths of the outline
 * depending on the page, and only the page knows (RGAA 9.1, a coherent heading hierarchy).
 */
export function Heading({ level, ...props }: HeadingProps) {
  const Tag = `h${level}` as const;
  return <Tag {...props} />;
}
