import { useEffect, useRef, type ReactNode } from 'react';
import { cx } from '../../internal/class-names.ts';
import { MAIN_CONTENT_ID } from '../SkipLink/SkipLink.tsx';
import './Page.css';

export interface PageProps {
  /** The page's one `<h1>`; say the same in the document title. */
  title: ReactNode;
  /** A sentence under the title. */
  description?: ReactNode;
  /** Breadcrumbs above the title. */
  breadcrumbs?: ReactNode;
  /** The page's main actions, at the end of its header (« Nouveau… »). */
  actions?: ReactNode;
  className?: string;
  children?: ReactNode;
}

/** Marks the heading the navigation focus helper looks for. */
const TITLE_ATTRIBUTE = 'data-ma-page-title';

/**
 * A screen's content: breadcrumbs, its `<h1>` (focusable by script, for focus management after a
 * navigation), a description, actions, then the content. It fades in on arrival.
 */
export function Page({ title, description, breadcrumbs, actions, className, children }: PageProps) {
  return (
    <div className={cx('ma-page', className)}>
      {breadcrumbs}
      <div className="ma-page__header">
        <div className="ma-page__heading">
          <h1 className="ma-page__title" tabIndex={-1} data-ma-page-title="">
            {title}
          </h1>
          {description !== undefined && <p className="ma-page__description">{description}</p>}
        </div>
        {actions !== undefined && <div className="ma-page__actions">{actions}</div>}
      </div>
      <div className="ma-page__content">{children}</div>
    </div>
  );
}

/**
 * Moves the focus to the page's title (the h1 of a Page, else the first h1 in `<main>`), else to
 * the main landmark. Returns whether something took the focus.
 */
export function focusPageTitle(mainId: string = MAIN_CONTENT_ID): boolean {
  const main = document.getElementById(mainId);
  const title =
    document.querySelector<HTMLElement>(`[${TITLE_ATTRIBUTE}]`) ?? main?.querySelector('h1');
  const target = title ?? main;
  if (target === null || target === undefined) return false;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
  return true;
}

/**
 * After each client-side navigation (a new `locationKey`: the path, or the router's location
 * key), moves the focus to the new page's title, as a full page load would put screen readers at
 * the top. Not on the first render: a fresh page starts with the skip link.
 */
export function useFocusPageTitleOnNavigation(locationKey: string, mainId?: string): void {
  const previous = useRef(locationKey);
  useEffect(() => {
    // Compared with the last key, not "first run": StrictMode runs effects twice on mount.
    if (previous.current === locationKey) return;
    previous.current = locationKey;
    focusPageTitle(mainId);
  }, [locationKey, mainId]);
}
