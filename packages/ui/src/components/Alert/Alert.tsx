import type { ReactNode } from 'react';
import { cx } from '../../internal/class-names.ts';
import { ErrorIcon, InfoIcon, SuccessIcon, WarningIcon } from '../Icon/Icon.tsx';
import { VisuallyHidden } from '../VisuallyHidden/VisuallyHidden.tsx';
import './Alert.css';

export type AlertTone = 'info' | 'success' | 'warning' | 'error';

/** Said before the message, so the tone is not told by colour and icon alone. */
export const TONE_LABELS: Record<AlertTone, string> = {
  info: 'Information\u00a0:',
  success: 'Succès\u00a0:',
  warning: 'Attention\u00a0:',
  error: 'Erreur\u00a0:',
};

export const TONE_ICONS = {
  info: InfoIcon,
  success: SuccessIcon,
  warning: WarningIcon,
  error: ErrorIcon,
} as const;

export interface AlertProps {
  tone?: AlertTone;
  /** A short title in bold. */
  title?: ReactNode;
  /**
   * Announce it: `role="alert"` (assertive) for an error, `role="status"` (polite) otherwise.
   * Only for a message that appears after the page has loaded; a message present on arrival is
   * read with the page.
   */
  live?: boolean;
  /** An action at the end (a link, a small button). */
  action?: ReactNode;
  className?: string;
  children?: ReactNode;
}

/** A message in the page: an icon, a hidden tone prefix, a title, text, maybe an action. */
export function Alert({
  tone = 'info',
  title,
  live = false,
  action,
  className,
  children,
}: AlertProps) {
  const Icon = TONE_ICONS[tone];
  const role = live ? (tone === 'error' ? 'alert' : 'status') : undefined;
  return (
    <div role={role} className={cx('ma-alert', `ma-alert--${tone}`, className)}>
      <Icon className="ma-alert__icon" />
      <div className="ma-alert__content">
        {title !== undefined && (
          <p className="ma-alert__title">
            <VisuallyHidden>{TONE_LABELS[tone]}</VisuallyHidden> {title}
          </p>
        )}
        {children !== undefined && (
          <div className="ma-alert__body">
            {title === undefined && (
              <>
                <VisuallyHidden>{TONE_LABELS[tone]}</VisuallyHidden>{' '}
              </>
            )}
            {children}
          </div>
        )}
      </div>
      {action !== undefined && <div className="ma-alert__action">{action}</div>}
    </div>
  );
}
