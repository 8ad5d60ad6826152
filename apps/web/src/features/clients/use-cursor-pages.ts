import { useState } from 'react';

/**
 * Cursor pagination kept in the component (the client's tabs): the cursors of the pages before
 * the current one, so « Page précédente » goes back without the API knowing page numbers.
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    cursor: cursors.at(-1),
    /** 0 for the first page. */
    index: cursors.length,
    next: (cursor: string) => setCursors((current) => [...current, cursor]),
    previous: () => setCursors((current) => current.slice(0, -1)),
  };
}

/** « Lignes 21 à 40 » for the Pagination status. */
export function rangeStatus(index: number, pageSize: number, count: number, noun: string): string {
  if (count === 0) return `Aucun ${noun}`;
  const from = index * pageSize + 1;
  return `${noun.charAt(0).toUpperCase()}${noun.slice(1)}s ${from} à ${from + count - 1}`;
}
