import { Link, type LinkProps } from '@monassurance/ui';
import type { ReactNode } from 'react';
import './action-link.css';

export interface ActionLinkProps extends Omit<LinkProps, 'variant'> {
  /** `primary` for the screen's main action (« Nouveau contrat »), `secondary` otherwise. */
  variant?: 'primary' | 'secondary';
  /** A decorative icon before the text. */
  icon?: ReactNode;
}

/**
 * A link that looks like a button: the main actions of a screen that go to another screen
 * (« Nouvelle compagnie », « Modifier »). It stays a link for assistive technologies and for
 * « open in a new tab », as GOV.UK and the DSFR do for start buttons.
 */
export function ActionLink({
  variant = 'primary',
  icon,
  className,
  children,
  ...rest
}: ActionLinkProps) {
  return (
    <Link
      {...rest}
      className={['app-action-link', `app-action-link--${variant}`, className]
        .filter(Boolean)
        .join(' ')}
    >
      {icon !== undefined && (
        <span className="app-action-link__icon" aria-hidden="true">
          {icon}
        </span>
      )}
      {children}
    </Link>
  );
}
