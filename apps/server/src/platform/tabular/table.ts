/** One data row of an imported file. */
export interface TabularRow {
  /**
   * The row number a spreadsheet shows for this row (the header usually being 1): Excel's row
   * number for XLSX, the record's ordinal for CSV. A CSV record with a line break inside a quoted
   * cell still counts as one row, and empty records count too, as Excel and LibreOffice show them.
   */
  rowNumber: number;
  /**
   * Trimmed cell text keyed by normalized header; every header has a key ('' when the cell is
   * empty). Non-empty cells beyond the headed columns are joined under `EXTRA_CELLS_KEY`.
   */
  values: Record<string, string>;
}

export interface TabularData {
  /** Normalized, in column order; columns whose header is empty are left out. */
  headers: string[];
  rows: TabularRow[];
  format: 'csv' | 'xlsx';
  /** CSV only: the delimiter detected on the header line. */
  delimiter?: ';' | ',' | '\t';
}

export type TabularErrorCode =
  | 'empty'
  | 'too_many_rows'
  | 'too_large'
  | 'bad_encoding'
  | 'unreadable'
  | 'duplicate_header'
  | 'no_header';

/** A file that cannot be imported; `message` is French and meant for the user who sent it. */
export class TabularError extends Error {
  constructor(
    readonly code: TabularErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TabularError';
  }
}

/**
 * Where a row's non-empty cells without a header go (cells past the last header, or under an
 * empty header), so that the caller can reject the row rather than silently drop data. It cannot
 * collide with a normalized header, which holds only `a-z0-9`.
 */
export const EXTRA_CELLS_KEY = '__extra';
const EXTRA_CELLS_SEPARATOR = ' | ';

/**
 * 'Date de naissance' → 'datedenaissance', 'firstName' → 'firstname', ' E-mail ' → 'email':
 * lower-case, accents stripped, every non-alphanumeric removed — so the caller can map aliases.
 */
export function normalizeHeader(h: string): string {
  return h
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]/g, '');
}

/** Mebibytes as French users read them ("Mo"), rounded up to a tenth so a file just over a limit reads as over it. */
export function megabytes(bytes: number): string {
  return (Math.ceil((bytes / 1_048_576) * 10) / 10).toLocaleString('fr-FR');
}

/** 0 → 'A', 25 → 'Z', 26 → 'AA': how spreadsheets name columns, for messages. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/**
 * Turns a file's rows of cell text, in order, into headers and keyed rows. Rows whose cells are
 * all blank are skipped; the first other row is the header.
 */
export class TableBuilder {
  readonly rows: TabularRow[] = [];
  /** The normalized header of each column, '' when the column has none; undefined before the header. */
  private columns: string[] | undefined;

  constructor(private readonly maxRows: number) {}

  get hasHeader(): boolean {
    return this.columns !== undefined;
  }

  get headers(): string[] {
    return (this.columns ?? []).filter((header) => header !== '');
  }

  /** @param cells raw cell text, by column; holes and undefined are empty cells. */
  add(cells: readonly (string | undefined)[], rowNumber: number): void {
    const texts: string[] = [];
    let blank = true;
    for (let i = 0; i < cells.length; i++) {
      const text = cleanCell(cells[i]);
      texts.push(text);
      if (text !== '') blank = false;
    }
    if (blank) return;
    if (this.columns === undefined) {
      this.columns = headerColumns(texts, rowNumber);
      return;
    }
    if (this.rows.length >= this.maxRows) {
      throw new TabularError(
        'too_many_rows',
        `Le fichier dépasse la limite de ${this.maxRows.toLocaleString('fr-FR')} lignes de données : découpez-le en plusieurs fichiers.`,
      );
    }
    const columns = this.columns;
    const values: Record<string, string> = {};
    const extra: string[] = [];
    for (let i = 0; i < texts.length; i++) {
      const header = columns[i];
      const text = texts[i] ?? '';
      if (header) values[header] = text;
      else if (text !== '') extra.push(text);
    }
    for (let i = texts.length; i < columns.length; i++) {
      const header = columns[i];
      if (header) values[header] = '';
    }
    if (extra.length > 0) values[EXTRA_CELLS_KEY] = extra.join(EXTRA_CELLS_SEPARATOR);
    this.rows.push({ rowNumber, values });
  }
}

function cleanCell(cell: string | undefined): string {
  if (cell === undefined) return '';
  const text = cell.trim();
  // Line breaks inside a cell come as CRLF from Windows tools, LF elsewhere: one form for callers.
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function headerColumns(texts: readonly string[], rowNumber: number): string[] {
  const columns = texts.map(normalizeHeader);
  if (columns.every((header) => header === '')) {
    throw new TabularError(
      'no_header',
      `La ligne ${rowNumber}, la première remplie, doit contenir les noms des colonnes (Nom, Prénom, …) : aucun nom de colonne n'y a été trouvé.`,
    );
  }
  const firstColumn = new Map<string, number>();
  columns.forEach((header, index) => {
    if (header === '') return;
    const first = firstColumn.get(header);
    if (first !== undefined) {
      throw new TabularError(
        'duplicate_header',
        `Les colonnes ${columnName(first)} (« ${texts[first]} ») et ${columnName(index)} (« ${texts[index]} ») portent le même nom : renommez ou supprimez l'une d'elles.`,
      );
    }
    firstColumn.set(header, index);
  });
  return columns;
}
