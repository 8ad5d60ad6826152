import type { ComponentPropsWithRef } from 'react';
import { cx } from '../../internal/class-names.ts';
import { ExternalLinkIcon } from '../Icon/Icon.tsx';
import { VisuallyHidden } from '../VisuallyHidden/VisuallyHidden.tsx';
import { useLinkClickHandler } from './navigation.tsx';
import './Link.css';

export interface LinkProps extends ComponentPropsWithRef<'a'> {
  href: string;
  /** `standalone`: a link on its own line (« Tout voir »), in semibold; `inline` sits in text. */
  variant?: 'inline' | 'standalone';
  /** Opens in a new window: says so in its name and shows an icon (RGAA 13.2). */
  external?: boolean;
  /** Added to the name of an external link, for screen readers. */
  newWindowLabel?: string;
}

/**
 * A native `<a href>`, always underlined. In-app paths route through the NavigationProvider on a
 * plain click; everything else is an ordinary link.
 */
export function Link({
  variant = 'inline',
  external = false,
  newWindowLabel = '(nouvelle fenêtre)',
  className,
  children,
  href,
  onClick,
  ...rest
}: LinkProps) {
  const handleClick = useLinkClickHandler(href, onClick);
  const externalProps = external ? { target: '_blank', rel: 'noopener noreferrer' } : {};
  return (
    <a
      {...rest}
      {...externalProps}
      href={href}
      className={cx('ma-link', `ma-link--${variant}`, className)}
      onClick={handleClick}
    >
      {children}
      {external && (
        <>
          <ExternalLinkIcon size="sm" className="ma-link__external" />{' '}
          <VisuallyHidden>{newWindowLabel}</VisuallyHidden>
        </>
      )}
    </a>
  );
}
