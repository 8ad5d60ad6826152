import type { ReactNode } from 'react';
import { cx } from '../../internal/class-names.ts';
import { Button, type ButtonProps } from '../Button/Button.tsx';
import './IconButton.css';

export interface IconButtonProps extends Omit<ButtonProps, 'children' | 'icon' | 'aria-label'> {
  /** The accessible name, required: the icon says nothing to a screen reader. */
  label: string;
  /** The picture (decorative, hidden from assistive technologies). */
  icon: ReactNode;
}

/**
 * A square Button showing only an icon. The `label` is its accessible name and also its tooltip
 * (`title`), so mouse users can learn what the picture means.
 */
export function IconButton({
  label,
  icon,
  variant = 'ghost',
  className,
  ...rest
}: IconButtonProps) {
  return (
    <Button
      {...rest}
      variant={variant}
      aria-label={label}
      title={label}
      className={cx('ma-icon-button', className)}
    >
      <span className="ma-icon-button__icon" aria-hidden="true">
        {icon}
      </span>
    </Button>
  );
}
