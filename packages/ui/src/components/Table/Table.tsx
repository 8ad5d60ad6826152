import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { cx } from '../../internal/class-names.ts';
import { ArrowDownIcon, ArrowUpIcon, SortIcon } from '../Icon/Icon.tsx';
import { Spinner } from '../Spinner/Spinner.tsx';
import { VisuallyHidden } from '../VisuallyHidden/VisuallyHidden.tsx';
import '../Checkbox/Checkbox.css';
import './Table.css';

export type SortDirection = 'ascending' | 'descending';

export interface TableSort {
  /** The `key` of the sorted column. */
  column: string;
  direction: SortDirection;
}

export interface TableColumn<Row> {
  key: string;
  header: ReactNode;
  /** The header as plain text, for announcements, when `header` is not a string. */
  label?: string;
  cell: (row: Row) => ReactNode;
  /**
   * Its header becomes a button that asks for a sort (the caller sorts: often the API does).
   * Only with the table's `onSortChange`: without it the header stays plain text.
   */
  sortable?: boolean;
  /** `end` for numbers and amounts, so digits line up. */
  align?: 'start' | 'end';
  /** Its cells are row headers (`<th scope="row">`): the name of the row, read with each cell. */
  rowHeader?: boolean;
}

export interface TableProps<Row> {
  /** What the table shows; names the table and its scroll region (RGAA 5.4). */
  caption: ReactNode;
  /** Hide the caption on screen when a heading just above says the same. */
  captionHidden?: boolean;
  columns: readonly TableColumn<Row>[];
  rows: readonly Row[];
  getRowId: (row: Row) => string;
  /** The current sort (controlled). */
  sort?: TableSort | null;
  onSortChange?: (sort: TableSort) => void;
  /** Selected row ids (controlled); with `onSelectionChange`, adds a column of checkboxes. */
  selectedIds?: ReadonlySet<string>;
  onSelectionChange?: (selectedIds: Set<string>) => void;
  /** Names a row in its checkbox, « Sélectionner {label} »; the row id by default. */
  getRowLabel?: (row: Row) => string;
  selectAllLabel?: string;
  /** Fetching: `aria-busy`, a spinner, the rows kept while they are replaced. */
  loading?: boolean;
  loadingLabel?: string;
  /** Shown in the body when there is no row and nothing is loading. */
  empty?: ReactNode;
  className?: string;
}

const DIRECTION_LABEL: Record<SortDirection, string> = {
  ascending: 'ordre croissant',
  descending: 'ordre décroissant',
};

function columnLabel<Row>(column: TableColumn<Row>): string {
  return column.label ?? (typeof column.header === 'string' ? column.header : column.key);
}

/** A checkbox whose `indeterminate` DOM property follows the prop. */
function SelectionBox({
  label,
  checked,
  indeterminate = false,
  onChange,
}: {
  label: string;
  checked: boolean;
  indeterminate?: boolean;
  onChange: (checked: boolean) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current !== null) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="ma-checkbox__input"
      aria-label={label}
      checked={checked}
      onChange={(event) => onChange(event.target.checked)}
    />
  );
}

/**
 * A data table: a native `<table>` with its caption, column headers (sortable with a button in
 * the `<th>` and `aria-sort`), optional row headers, a column of checkboxes for selection, a
 * loading and an empty state, in a scroll region that keyboard users can scroll.
 */
export function Table<Row>({
  caption,
  captionHidden = false,
  columns,
  rows,
  getRowId,
  sort = null,
  onSortChange,
  selectedIds,
  onSelectionChange,
  getRowLabel,
  selectAllLabel = 'Tout sélectionner',
  loading = false,
  loadingLabel = 'Chargement…',
  empty = 'Aucun résultat',
  className,
}: TableProps<Row>) {
  const captionId = useId();
  // Announce a sort only once the user asked for one, not the initial order.
  const [sortRequested, setSortRequested] = useState(false);
  const selectable = selectedIds !== undefined && onSelectionChange !== undefined;
  const columnCount = columns.length + (selectable ? 1 : 0);
  const rowIds = rows.map(getRowId);
  const selectedOnPage = selectable ? rowIds.filter((id) => selectedIds.has(id)).length : 0;

  const requestSort = (column: TableColumn<Row>) => {
    const direction: SortDirection =
      sort?.column === column.key && sort.direction === 'ascending' ? 'descending' : 'ascending';
    setSortRequested(true);
    onSortChange?.({ column: column.key, direction });
  };

  const setSelected = (ids: string[], selected: boolean) => {
    if (!selectable) return;
    const next = new Set(selectedIds);
    for (const id of ids) {
      if (selected) next.add(id);
      else next.delete(id);
    }
    onSelectionChange(next);
  };

  const sortedColumn = columns.find((column) => column.key === sort?.column);
  const sortMessage =
    sortRequested && sort !== null && sortedColumn !== undefined
      ? `Trié par ${columnLabel(sortedColumn)}, ${DIRECTION_LABEL[sort.direction]}`
      : '';

  return (
    <div className={cx('ma-table', className)}>
      <div role="status" className="ma-table__status">
        {loading && rows.length > 0 ? (
          <>
            <Spinner decorative size="sm" /> {loadingLabel}
          </>
        ) : (
          <VisuallyHidden>{loading ? loadingLabel : sortMessage}</VisuallyHidden>
        )}
      </div>
      {/* A region so that keyboard users can focus it and scroll a wide table (WCAG 2.1.1). */}
      <div className="ma-table__scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table className="ma-table__table" aria-busy={loading || undefined}>
          <caption
            id={captionId}
            className={captionHidden ? 'ma-visually-hidden' : 'ma-table__caption'}
          >
            {caption}
          </caption>
          <thead>
            <tr>
              {selectable && (
                <th scope="col" className="ma-table__select">
                  <SelectionBox
                    label={selectAllLabel}
                    checked={rows.length > 0 && selectedOnPage === rows.length}
                    indeterminate={selectedOnPage > 0 && selectedOnPage < rows.length}
                    onChange={(checked) => setSelected(rowIds, checked)}
                  />
                </th>
              )}
              {columns.map((column) => {
                const sortable = column.sortable === true && onSortChange !== undefined;
                const direction = sort?.column === column.key ? sort.direction : undefined;
                const SortGlyph =
                  direction === 'ascending'
                    ? ArrowUpIcon
                    : direction === 'descending'
                      ? ArrowDownIcon
                      : SortIcon;
                return (
                  <th
                    key={column.key}
                    scope="col"
                    aria-sort={direction}
                    className={cx(
                      'ma-table__header',
                      column.align === 'end' && 'ma-table__cell--end',
                      sortable && 'ma-table__header--sortable',
                    )}
                  >
                    {sortable ? (
                      <button
                        type="button"
                        className="ma-table__sort"
                        onClick={() => requestSort(column)}
                      >
                        {column.header}
                        <SortGlyph
                          size="sm"
                          className={cx(
                            'ma-table__sort-icon',
                            direction === undefined && 'ma-table__sort-icon--idle',
                          )}
                        />
                      </button>
                    ) : (
                      column.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columnCount} className="ma-table__message">
                  {loading ? (
                    <>
                      <Spinner decorative /> {loadingLabel}
                    </>
                  ) : (
                    empty
                  )}
                </td>
              </tr>
            ) : (
              rows.map((row, index) => {
                const id = rowIds[index] ?? getRowId(row);
                const selected = selectable && selectedIds.has(id);
                return (
                  <tr
                    key={id}
                    className={cx('ma-table__row', selected && 'ma-table__row--selected')}
                  >
                    {selectable && (
                      <td className="ma-table__select">
                        <SelectionBox
                          label={`Sélectionner ${getRowLabel?.(row) ?? id}`}
                          checked={selected}
                          onChange={(checked) => setSelected([id], checked)}
                        />
                      </td>
                    )}
                    {columns.map((column) => {
                      const Cell = column.rowHeader === true ? 'th' : 'td';
                      return (
                        <Cell
                          key={column.key}
                          scope={column.rowHeader === true ? 'row' : undefined}
                          className={cx(
                            'ma-table__cell',
                            column.align === 'end' && 'ma-table__cell--end',
                          )}
                        >
                          {column.cell(row)}
                        </Cell>
                      );
                    })}
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
