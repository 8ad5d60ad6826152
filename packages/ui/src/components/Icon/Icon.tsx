import type { ReactNode } from 'react';
import { cx } from '../../internal/class-names.ts';
import './Icon.css';

export interface IconProps {
  /** `md` follows the text (1.25em); `sm` and `lg` are for dense tables and empty states. */
  size?: 'sm' | 'md' | 'lg';
  className?: string;
}

/**
 * Icons are always decorative here (`aria-hidden`, not focusable): the text or the `label` of the
 * control that holds them carries the meaning (RGAA 1.2). They draw in `currentColor`, so they
 * follow the text colour, hover states and Windows high-contrast mode.
 */
function svgIcon(paths: ReactNode) {
  return function Icon({ size = 'md', className }: IconProps) {
    return (
      <svg
        className={cx('ma-icon', `ma-icon--${size}`, className)}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
      >
        {paths}
      </svg>
    );
  };
}

export const CloseIcon = svgIcon(<path d="M6 6l12 12M18 6L6 18" />);
export const CheckIcon = svgIcon(<path d="M5 12.5l4.5 4.5L19 7.5" />);
export const PlusIcon = svgIcon(<path d="M12 5v14M5 12h14" />);
export const SearchIcon = svgIcon(
  <>
    <circle cx="11" cy="11" r="6.5" />
    <path d="M16 16l4 4" />
  </>,
);
export const MenuIcon = svgIcon(<path d="M4 7h16M4 12h16M4 17h16" />);
export const ChevronLeftIcon = svgIcon(<path d="M14.5 6l-6 6 6 6" />);
export const ChevronRightIcon = svgIcon(<path d="M9.5 6l6 6-6 6" />);
export const ChevronDownIcon = svgIcon(<path d="M6 9.5l6 6 6-6" />);
export const ChevronUpIcon = svgIcon(<path d="M6 14.5l6-6 6 6" />);
/** Sortable column not sorted yet: both directions, dimmed by the stylesheet of the table. */
export const SortIcon = svgIcon(<path d="M8 10l4-4 4 4M8 14l4 4 4-4" />);
export const ArrowUpIcon = svgIcon(<path d="M12 19V5M6 11l6-6 6 6" />);
export const ArrowDownIcon = svgIcon(<path d="M12 5v14M6 13l6 6 6-6" />);
export const TrashIcon = svgIcon(
  <path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 002 2h6a2 2 0 002-2l1-12M9 7V4h6v3" />,
);
export const EditIcon = svgIcon(<path d="M4 20h4L19 9l-4-4L4 16v4zM13.5 6.5l4 4" />);
export const ExternalLinkIcon = svgIcon(
  <path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 01-1 1H5a1 1 0 01-1-1V7a1 1 0 011-1h5" />,
);
export const InfoIcon = svgIcon(
  <>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v6M12 7.5v.5" />
  </>,
);
export const SuccessIcon = svgIcon(
  <>
    <circle cx="12" cy="12" r="9" />
    <path d="M8 12.5l3 3 5-6" />
  </>,
);
export const WarningIcon = svgIcon(<path d="M12 3.5l9.5 17h-19L12 3.5zM12 10v4.5M12 17.5v.5" />);
export const ErrorIcon = svgIcon(
  <>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v6M12 16.5v.5" />
  </>,
);
export const HomeIcon = svgIcon(<path d="M4 11l8-7 8 7v9h-5v-6h-6v6H4v-9z" />);
export const FolderIcon = svgIcon(
  <path d="M3 6a1 1 0 011-1h5l2 2h9a1 1 0 011 1v10a1 1 0 01-1 1H4a1 1 0 01-1-1V6z" />,
);
export const UsersIcon = svgIcon(
  <>
    <circle cx="9" cy="8" r="3.5" />
    <path d="M2.5 20a6.5 6.5 0 0113 0M16 4.5a3.5 3.5 0 010 7M18 14a6.5 6.5 0 013.5 6" />
  </>,
);
export const DocumentIcon = svgIcon(<path d="M6 3h8l4 4v14H6V3zM14 3v4h4M9 12h6M9 16h6" />);
export const SettingsIcon = svgIcon(
  <>
    <circle cx="12" cy="12" r="3" />
    <path d="M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1" />
  </>,
);
export const CalendarIcon = svgIcon(<path d="M4 6h16v14H4V6zM4 10h16M8 3v5M16 3v5" />);
