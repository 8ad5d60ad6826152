import { Pagination } from '@monassurance/ui';
import type { CursorPages } from '../lib/use-cursor-pages.ts';

/**
 * « Précédent » / « Suivant » for a list paged by cursor in the URL (useCursorPages), with the page
 * number when it is known; nothing when the list fits on one page.
 */
export function CursorPagination({
  label,
  pages,
  nextCursor,
}: {
  label: string;
  pages: CursorPages;
  nextCursor: string | null;
}) {
  if (!pages.hasPrevious && nextCursor === null) return null;
  return (
    <Pagination
      label={label}
      hasPrevious={pages.hasPrevious}
      hasNext={nextCursor !== null}
      onPrevious={pages.goPrevious}
      onNext={() => {
        if (nextCursor !== null) pages.goNext(nextCursor);
      }}
      status={pages.pageNumber === null ? undefined : `Page ${pages.pageNumber}`}
    />
  );
}
