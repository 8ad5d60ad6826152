import { useEffect } from 'react';

const PRODUCT = 'MONASSURANCE';

/** « Clients – MONASSURANCE »: every screen has its own title (RGAA 8.5, 8.6; WCAG 2.4.2). */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title === undefined || title === '' ? PRODUCT : `${title} – ${PRODUCT}`;
  }, [title]);
}
