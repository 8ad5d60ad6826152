/**
 * Columns on their way out. A column is never dropped or renamed in one step (DESIGN.md): first
 * the code stops using it and it is listed here with the migration of that release; only a
 * migration made after that one may drop it. `npm run drift` enforces this.
 *
 * Renaming = add the new column, copy the data (in a migration), switch the code, deprecate the old
 * column here, drop it in a later release.
 */
export interface ColumnDeprecation {
  table: string;
  /** The column, or `*` for the whole table. */
  column: string;
  /** Tag of the migration (e.g. `0007_split_names`) in whose release the column stopped being used. */
  deprecatedIn: string;
  reason: string;
}

export const DEPRECATED_COLUMNS: ColumnDeprecation[] = [];
