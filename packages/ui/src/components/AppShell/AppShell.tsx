import {
  useId,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { cx } from '../../internal/class-names.ts';
import { MenuIcon } from '../Icon/Icon.tsx';
import { MAIN_CONTENT_ID, SkipLink } from '../SkipLink/SkipLink.tsx';
import './AppShell.css';

export interface AppShellProps {
  /** The start of the header: the product's name, a link to the home page. */
  brand: ReactNode;
  /** The end of the header: the user's name, « Se déconnecter ». */
  headerActions?: ReactNode;
  /** The side navigation (a SideNav); behind a « Menu » button on narrow screens. */
  navigation?: ReactNode;
  footer?: ReactNode;
  /** The id of `<main>`, target of the skip link. */
  mainId?: string;
  menuLabel?: string;
  className?: string;
  /** The page (a Page). */
  children: ReactNode;
}

/**
 * The frame of every screen: a skip link (first tab stop), a banner header, the side navigation
 * and the main landmark (`<main id="contenu">`), then an optional footer. Below 64rem wide the
 * navigation folds behind a « Menu » disclosure button.
 */
export function AppShell({
  brand,
  headerActions,
  navigation,
  footer,
  mainId = MAIN_CONTENT_ID,
  menuLabel = 'Menu',
  className,
  children,
}: AppShellProps) {
  const [menuOpen, setMenuOpen] = useState(false);
  const navId = useId();
  const menuButton = useRef<HTMLButtonElement>(null);

  const closeMenu = () => {
    setMenuOpen(false);
    menuButton.current?.focus();
  };
  // Escape closes the open menu and gives the focus back to its button (WCAG 2.1.2).
  const handleNavKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && menuOpen) {
      event.stopPropagation();
      closeMenu();
    }
  };
  // Following a link closes the menu on a narrow screen, as the page changes under it.
  const handleNavClick = (event: MouseEvent<HTMLDivElement>) => {
    if (event.target instanceof Element && event.target.closest('a') !== null) {
      setMenuOpen(false);
    }
  };

  return (
    <div className={cx('ma-app-shell', className)}>
      <SkipLink targetId={mainId} />
      <header className="ma-app-shell__header">
        <div className="ma-app-shell__brand">{brand}</div>
        {navigation !== undefined && (
          <button
            ref={menuButton}
            type="button"
            className="ma-app-shell__menu-button"
            aria-expanded={menuOpen}
            aria-controls={navId}
            onClick={() => setMenuOpen((open) => !open)}
          >
            <MenuIcon />
            {menuLabel}
          </button>
        )}
        {headerActions !== undefined && (
          <div className="ma-app-shell__actions">{headerActions}</div>
        )}
      </header>
      <div className="ma-app-shell__body">
        {navigation !== undefined && (
          <div
            id={navId}
            className="ma-app-shell__nav"
            data-open={menuOpen}
            onKeyDown={handleNavKeyDown}
            onClick={handleNavClick}
          >
            {navigation}
          </div>
        )}
        <main id={mainId} tabIndex={-1} className="ma-app-shell__main">
          {children}
        </main>
      </div>
      {footer !== undefined && <footer className="ma-app-shell__footer">{footer}</footer>}
    </div>
  );
}
