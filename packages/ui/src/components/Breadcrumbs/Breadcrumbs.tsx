import { cx } from '../../internal/class-names.ts';
import { useLinkClickHandler } from '../Link/navigation.tsx';
import './Breadcrumbs.css';

export interface BreadcrumbItem {
  label: string;
  /** Omit it for the last item: the current page, which is not a link. */
  href?: string;
}

export interface BreadcrumbsProps {
  items: readonly BreadcrumbItem[];
  /** Names the landmark. */
  label?: string;
  className?: string;
}

function Crumb({ item }: { item: BreadcrumbItem & { href: string } }) {
  const handleClick = useLinkClickHandler(item.href);
  return (
    <a href={item.href} className="ma-breadcrumbs__link" onClick={handleClick}>
      {item.label}
    </a>
  );
}

/**
 * Where the page sits: a `<nav>` with an ordered list of links up to the current page, which is
 * plain text marked `aria-current="page"`. Separators are drawn in CSS, so they are not read.
 */
export function Breadcrumbs({ items, label = 'Fil d’Ariane', className }: BreadcrumbsProps) {
  return (
    <nav aria-label={label} className={cx('ma-breadcrumbs', className)}>
      <ol className="ma-breadcrumbs__list">
        {items.map((item, index) => (
          <li key={`${index}-${item.label}`} className="ma-breadcrumbs__item">
            {item.href !== undefined && index < items.length - 1 ? (
              <Crumb item={{ ...item, href: item.href }} />
            ) : (
              <span aria-current="page">{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
