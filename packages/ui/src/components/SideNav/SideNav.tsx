import { useId, type ReactNode } from 'react';
import { cx } from '../../internal/class-names.ts';
import { useLinkClickHandler } from '../Link/navigation.tsx';
import './SideNav.css';

export interface SideNavItem {
  href: string;
  label: string;
  /** A decorative icon before the label. */
  icon?: ReactNode;
}

export interface SideNavSection {
  /** A heading over a group of links; omit it for the first, main group. */
  title?: string;
  items: readonly SideNavItem[];
}

export interface SideNavProps {
  /** Names the landmark. */
  label?: string;
  /** The links, or sections of links. */
  items?: readonly SideNavItem[];
  sections?: readonly SideNavSection[];
  /** The current path: its link, or the link it is under (`/dossiers/12` → `/dossiers`). */
  currentHref?: string;
  className?: string;
}

/** Whether a link stands for the current page: the same path, or a parent of it (not `/`). */
export function isCurrentHref(href: string, currentHref: string | undefined): boolean {
  if (currentHref === undefined) return false;
  if (href === currentHref) return true;
  return href !== '/' && currentHref.startsWith(href.endsWith('/') ? href : `${href}/`);
}

function NavLink({ item, current }: { item: SideNavItem; current: boolean }) {
  const handleClick = useLinkClickHandler(item.href);
  return (
    <a
      href={item.href}
      className="ma-side-nav__link"
      aria-current={current ? 'page' : undefined}
      onClick={handleClick}
    >
      {item.icon !== undefined && (
        <span className="ma-side-nav__icon" aria-hidden="true">
          {item.icon}
        </span>
      )}
      {item.label}
    </a>
  );
}

/** A list of links, named by its title when it has one. */
function NavGroup({ group, current }: { group: SideNavSection; current: SideNavItem | undefined }) {
  const titleId = useId();
  return (
    <div className="ma-side-nav__section">
      {group.title !== undefined && (
        <p className="ma-side-nav__title" id={titleId}>
          {group.title}
        </p>
      )}
      <ul
        className="ma-side-nav__list"
        aria-labelledby={group.title !== undefined ? titleId : undefined}
      >
        {group.items.map((item) => (
          <li key={item.href}>
            <NavLink item={item} current={item === current} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The app's main navigation: a `<nav>` landmark with lists of links, the current one marked
 * `aria-current="page"` and drawn differently (bold, a bar, a tint).
 */
export function SideNav({
  label = 'Navigation principale',
  items,
  sections,
  currentHref,
  className,
}: SideNavProps) {
  const groups: readonly SideNavSection[] = sections ?? [{ items: items ?? [] }];
  // The deepest matching link is the current one: /admin/users over /admin.
  const current = groups
    .flatMap((group) => group.items)
    .filter((item) => isCurrentHref(item.href, currentHref))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return (
    <nav aria-label={label} className={cx('ma-side-nav', className)}>
      {groups.map((group, index) => (
        <NavGroup key={group.title ?? index} group={group} current={current} />
      ))}
    </nav>
  );
}
