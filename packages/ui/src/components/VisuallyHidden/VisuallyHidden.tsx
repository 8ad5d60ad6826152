import type { ComponentPropsWithRef } from 'react';
import { cx } from '../../internal/class-names.ts';
import './VisuallyHidden.css';

export interface VisuallyHiddenProps extends ComponentPropsWithRef<'span'> {
  /** Show the content again while it, or something inside it, has keyboard focus. */
  focusable?: boolean;
}

/**
 * Text for assistive technologies only: read by screen readers, invisible on screen, kept in the
 * accessibility tree (unlike `display: none` or `aria-hidden`).
 */
export function VisuallyHidden({ focusable = false, className, ...props }: VisuallyHiddenProps) {
  return (
    <span
      {...props}
      className={cx(focusable ? 'ma-visually-hidden-focusable' : 'ma-visually-hidden', className)}
    />
  );
}
