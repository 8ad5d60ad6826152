import type { ReactNode } from 'react';
import { cx } from '../../internal/class-names.ts';
import './Badge.css';

export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export interface BadgeProps {
  tone?: BadgeTone;
  className?: string;
  /** A short status in words (« Actif », « En retard »): the words carry the meaning. */
  children: ReactNode;
}

/** A short status label. Static text: not a button, not a live region. */
export function Badge({ tone = 'neutral', className, children }: BadgeProps) {
  return <span className={cx('ma-badge', `ma-badge--${tone}`, className)}>{children}</span>;
}
