import { Link } from '@monassurance/ui';
import type { ReactNode } from 'react';

/**
 * A link that leads to another screen but stands among the page's actions, so it is drawn like
 * a button (GOV.UK's « start button » habit): it stays a link for assistive technologies, opens
 * in a new tab on a middle click, and routes in the app on a plain click.
 */
export function ActionLink({
  href,
  variant = 'primary',
  icon,
  children,
}: {
  href: string;
  variant?: 'primary' | 'secondary';
  icon?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Link href={href} className={`clients-action-link clients-action-link--${variant}`}>
      {icon !== undefined && (
        <span className="clients-action-link__icon" aria-hidden="true">
          {icon}
        </span>
      )}
      {children}
    </Link>
  );
}
