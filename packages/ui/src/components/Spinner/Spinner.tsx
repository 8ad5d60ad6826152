import { cx } from '../../internal/class-names.ts';
import { VisuallyHidden } from '../VisuallyHidden/VisuallyHidden.tsx';
import './Spinner.css';

export interface SpinnerProps {
  /** What is loading, said to screen readers (and shown when `showLabel`). */
  label?: string;
  /** Show the label beside the spinner instead of only to screen readers. */
  showLabel?: boolean;
  size?: 'sm' | 'md' | 'lg';
  /**
   * Inside a control that already says it is busy (a loading Button, a Table with `aria-busy`):
   * no status role, no text, only the picture.
   */
  decorative?: boolean;
  className?: string;
}

/**
 * An indeterminate wait. Standalone, it is a `role="status"` live region with its label, so screen
 * readers announce the wait politely; for a measurable task, use ProgressBar instead.
 */
export function Spinner({
  label = 'Chargement…',
  showLabel = false,
  size = 'md',
  decorative = false,
  className,
}: SpinnerProps) {
  const picture = (
    <svg className="ma-spinner__svg" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle className="ma-spinner__track" cx="12" cy="12" r="9" />
      <path className="ma-spinner__arc" d="M12 3a9 9 0 019 9" />
    </svg>
  );
  const classes = cx('ma-spinner', `ma-spinner--${size}`, className);
  if (decorative) {
    return (
      <span className={classes} aria-hidden="true">
        {picture}
      </span>
    );
  }
  return (
    <span className={classes} role="status">
      {picture}
      {showLabel ? (
        <span className="ma-spinner__label">{label}</span>
      ) : (
        <VisuallyHidden>{label}</VisuallyHidden>
      )}
    </span>
  );
}
