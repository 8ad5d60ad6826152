import { useId } from 'react';
import { cx } from '../../internal/class-names.ts';
import './ProgressBar.css';

export interface ProgressBarProps {
  /** What is progressing (a visible label, which names the bar). */
  label: string;
  /** Done so far, between 0 and `max`; undefined when the amount is unknown (indeterminate). */
  value?: number;
  max?: number;
  /** The visible and announced value; « 45 % » by default. */
  valueText?: string;
  /** A hint under the bar (« 45 fichiers sur 100 »). */
  description?: string;
  className?: string;
}

const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });

/**
 * A native `<progress>` with its label and its value in words. The bar's width comes from the
 * element's own `value`, with no inline style (the app's CSP forbids them).
 */
export function ProgressBar({
  label,
  value,
  max = 100,
  valueText,
  description,
  className,
}: ProgressBarProps) {
  const id = useId();
  const descriptionId = description === undefined ? undefined : `${id}-description`;
  const clamped = value === undefined ? undefined : Math.min(Math.max(value, 0), max);
  const text = valueText ?? (clamped === undefined ? undefined : percent.format(clamped / max));
  return (
    <div className={cx('ma-progress', className)}>
      <div className="ma-progress__header">
        <label htmlFor={id} className="ma-progress__label">
          {label}
        </label>
        {text !== undefined && (
          <span className="ma-progress__value" aria-hidden="true">
            {text}
          </span>
        )}
      </div>
      <progress
        id={id}
        className="ma-progress__bar"
        max={max}
        value={clamped}
        aria-valuetext={text}
        aria-describedby={descriptionId}
      >
        {text}
      </progress>
      {description !== undefined && (
        <p id={descriptionId} className="ma-progress__description">
          {description}
        </p>
      )}
    </div>
  );
}
