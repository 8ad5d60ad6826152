import { useLocation, useSearchParams } from 'react-router';

/** What the history entry of a list page remembers: the cursors of the pages before it. */
interface CursorState {
  previousCursors: string[];
}

function previousCursorsOf(state: unknown): string[] | null {
  const value = (state as Partial<CursorState> | null)?.previousCursors;
  return Array.isArray(value) && value.every((c) => typeof c === 'string') ? value : null;
}

export interface CursorPages {
  /** The `cursor` to send with the list query (undefined on the first page). */
  cursor: string | undefined;
  /** 1-based; null when the page was opened from a link deep in the list. */
  pageNumber: number | null;
  hasPrevious: boolean;
  goNext: (nextCursor: string) => void;
  goPrevious: () => void;
}

/**
 * Cursor pagination kept in the URL (`?cursor=`), so a page can be linked and the back button
 * works; the cursors of earlier pages live in the history entry's state (the API only gives the
 * next one), which survives reloads. A deep link without that state goes back to the first page.
 */
export function useCursorPages(): CursorPages {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const cursor = params.get('cursor') ?? undefined;
  const known = previousCursorsOf(location.state);
  const previous = known ?? [];

  const withCursor = (value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete('cursor');
    else next.set('cursor', value);
    return next;
  };

  return {
    cursor,
    pageNumber: cursor === undefined ? 1 : known === null ? null : known.length + 1,
    hasPrevious: cursor !== undefined,
    goNext: (nextCursor) =>
      setParams(withCursor(nextCursor), {
        state: { previousCursors: [...previous, cursor ?? ''] } satisfies CursorState,
      }),
    goPrevious: () => {
      const stack = previous.slice(0, -1);
      setParams(withCursor(previous.at(-1)), {
        state: { previousCursors: stack } satisfies CursorState,
      });
    },
  };
}
