import { createContext, useContext, type MouseEvent, type ReactNode } from 'react';

/** Navigates inside the single-page app (React Router's `navigate`, for instance). */
export type Navigate = (href: string) => void;

const NavigationContext = createContext<Navigate | null>(null);

export interface NavigationProviderProps {
  navigate: Navigate;
  children: ReactNode;
}

/**
 * Lets every link of the design system (Link, SideNav, Breadcrumbs) navigate client-side while
 * staying a real `<a href>`: middle-click, Ctrl+click, « open in a new tab » and the browser's
 * own link handling keep working; only a plain left click on an in-app path is intercepted.
 */
export function NavigationProvider({ navigate, children }: NavigationProviderProps) {
  return <NavigationContext value={navigate}>{children}</NavigationContext>;
}

/** Whether a click should be left to the browser rather than routed in the app. */
function isBrowserClick(event: MouseEvent<HTMLAnchorElement>): boolean {
  const anchor = event.currentTarget;
  const target = anchor.getAttribute('target');
  return (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey ||
    (target !== null && target !== '_self') ||
    anchor.hasAttribute('download')
  );
}

/** An in-app path: starts with one slash (`//host` is another site) and is not a file link. */
function isAppPath(href: string): boolean {
  return href.startsWith('/') && !href.startsWith('//');
}

/**
 * The click handler a link should use: calls the link's own `onClick`, then routes plain clicks
 * on in-app paths through the NavigationProvider, if there is one.
 */
export function useLinkClickHandler(
  href: string,
  onClick?: (event: MouseEvent<HTMLAnchorElement>) => void,
): (event: MouseEvent<HTMLAnchorElement>) => void {
  const navigate = useContext(NavigationContext);
  return (event) => {
    onClick?.(event);
    if (navigate === null || isBrowserClick(event) || !isAppPath(href)) return;
    event.preventDefault();
    navigate(href);
  };
}
