import type { ComponentPropsWithRef, MouseEvent, ReactNode } from 'react';
import { cx } from '../../internal/class-names.ts';
import { Spinner } from '../Spinner/Spinner.tsx';
import { VisuallyHidden } from '../VisuallyHidden/VisuallyHidden.tsx';
import './Button.css';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';
export type ButtonSize = 'md' | 'sm';

export interface ButtonProps extends ComponentPropsWithRef<'button'> {
  /** `primary`: the one main action of a view; `danger`: destroys something; `ghost`: minor. */
  variant?: ButtonVariant;
  size?: ButtonSize;
  /**
   * The action is running: the button keeps its place in the tab order and its focus, ignores
   * presses, shows a spinner and is `aria-busy`.
   */
  loading?: boolean;
  /** Said to screen readers after the text while `loading`. */
  loadingLabel?: string;
  /**
   * With `disabled`: stay focusable (`aria-disabled`) instead of leaving the tab order. For a
   * button that becomes disabled while it has the focus (« Page suivante » on the last page),
   * so the focus is not thrown back to the top of the document.
   */
  focusableWhenDisabled?: boolean;
  /** A decorative icon before the text (the text names the button). */
  icon?: ReactNode;
}

/**
 * A native `<button>`: Enter and Space activate it, it submits forms, it is a button to every
 * assistive technology. `type` defaults to `button`, so a button in a form submits only when asked.
 */
export function Button({
  variant = 'primary',
  size = 'md',
  loading = false,
  loadingLabel = 'Chargement…',
  focusableWhenDisabled = false,
  icon,
  type = 'button',
  disabled = false,
  className,
  children,
  onClick,
  ...rest
}: ButtonProps) {
  const softDisabled = loading || (disabled && focusableWhenDisabled);
  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    // preventDefault also stops the form submission a submit button would start.
    if (softDisabled) {
      event.preventDefault();
      return;
    }
    onClick?.(event);
  };
  return (
    <button
      {...rest}
      type={type}
      className={cx('ma-button', `ma-button--${variant}`, `ma-button--${size}`, className)}
      disabled={disabled && !focusableWhenDisabled}
      aria-disabled={softDisabled || undefined}
      aria-busy={loading || undefined}
      onClick={handleClick}
    >
      {loading ? (
        <Spinner decorative size="sm" className="ma-button__icon" />
      ) : icon !== undefined ? (
        <span className="ma-button__icon" aria-hidden="true">
          {icon}
        </span>
      ) : null}
      {children}
      {loading && (
        <>
          {' '}
          <VisuallyHidden>({loadingLabel})</VisuallyHidden>
        </>
      )}
    </button>
  );
}
