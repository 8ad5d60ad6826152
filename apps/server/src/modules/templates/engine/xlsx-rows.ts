import ExcelJS from 'exceljs';
import type { CellTemplate, CellValue } from './xlsx-cell.ts';

/**
 * Writes the copies of a repeated row straight to the sheet's XML stream.
 *
 * Building an ExcelJS row object per copy and serialising it through ExcelJS's generic XML
 * writer costs about a microsecond per cell — most of a 100,000-row bordereau's time. The cells of
 * a repeated row only ever hold the few kinds of values a template produces (text, number, date,
 * nothing) or copies of simple constants, so their XML is written here directly, exactly as
 * ExcelJS writes it (same elements, same attributes, same escaping). Rows holding anything else
 * (formulas, rich text, hyperlinks) go through ExcelJS rows.
 *
 * This relies on three members of ExcelJS 4.4's streaming `WorksheetWriter` that its typings do
 * not declare (`stream`, `startedData`, `_rowZero`) and on its style registry
 * (`WorkbookWriter.styles.addStyleModel`). `fastRowWriter` checks they are there and returns
 * undefined otherwise, and the fill falls back to ExcelJS rows.
 */

export type Style = Partial<ExcelJS.Style>;

export interface CompiledCell {
  column: number;
  /** The column's letters, `A` … `XFD`. */
  letters: string;
  /** The template cell's address, `Feuil1!B4`, for errors. */
  address: string;
  style: Style;
  /** The style of a date written into this cell: its own, with a date format if it has none. */
  dateStyle: Style;
  /** A template, or the value copied as is (undefined for a merged cell's followers). */
  template?: CellTemplate | undefined;
  value?: ExcelJS.CellValue;
}

export interface CompiledRow {
  number: number;
  /** The list the row repeats (`['premiums']`), undefined for a row written once. */
  list: string[] | undefined;
  cells: CompiledCell[];
  height: number | undefined;
  hidden: boolean;
  outlineLevel: number | undefined;
  style: Style;
}

interface SheetInternals {
  stream: { write(xml: Buffer): unknown };
  startedData: boolean;
  _rowZero: number;
  _rows: unknown[] | null;
}

interface StyleRegistry {
  addStyleModel(style: Style, type: ExcelJS.ValueType): number;
}

/** Days from Excel's epoch (1899-12-30) to the Unix epoch. */
const EXCEL_EPOCH_OFFSET = 25569;
const DAY_MS = 86_400_000;

/** ExcelJS's `xmlEncode`: the five entities, and the control characters XML cannot hold dropped. */
// eslint-disable-next-line no-control-regex
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B-\x0C\x0E-\x1F]/;
// eslint-disable-next-line no-control-regex
const XML_SPECIAL_ALL = /[<>&'"\x7F\x00-\x08\x0B-\x0C\x0E-\x1F]/g;
const ENTITIES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  "'": '&apos;',
  '"': '&quot;',
};

export function xmlEncode(text: string): string {
  if (!XML_SPECIAL.test(text)) return text;
  return text.replace(XML_SPECIAL_ALL, (char) => ENTITIES[char] ?? '');
}

type ValueKind = 'null' | 'number' | 'date' | 'string' | 'boolean';

/** Style ids of one cell by kind of value, registered on first use. */
class CellStyles {
  private readonly ids = new Map<ValueKind, number>();
  constructor(
    private readonly registry: StyleRegistry,
    private readonly cell: CompiledCell,
  ) {}

  attribute(kind: ValueKind): string {
    let id = this.ids.get(kind);
    if (id === undefined) {
      id = this.registry.addStyleModel(
        kind === 'date' ? this.cell.dateStyle : this.cell.style,
        VALUE_TYPES[kind],
      );
      this.ids.set(kind, id);
    }
    return id ? ` s="${id}"` : '';
  }
}

const VALUE_TYPES: Record<ValueKind, ExcelJS.ValueType> = {
  null: ExcelJS.ValueType.Null,
  number: ExcelJS.ValueType.Number,
  date: ExcelJS.ValueType.Date,
  string: ExcelJS.ValueType.String,
  boolean: ExcelJS.ValueType.Boolean,
};

/** A constant of a repeated row that the writer can serialise, or undefined. */
function constantOf(value: ExcelJS.CellValue | undefined): CellValue | boolean | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
    return value;
  }
  if (value instanceof Date) return value;
  return undefined;
}

function cellXml(reference: string, value: CellValue | boolean, styles: CellStyles): string {
  if (value === null) {
    const style = styles.attribute('null');
    return style ? `<c r="${reference}"${style}/>` : '';
  }
  if (typeof value === 'number') {
    return `<c r="${reference}"${styles.attribute('number')}><v>${value}</v></c>`;
  }
  if (typeof value === 'boolean') {
    return `<c r="${reference}"${styles.attribute('boolean')} t="b"><v>${value ? '1' : '0'}</v></c>`;
  }
  if (value instanceof Date) {
    const serial = EXCEL_EPOCH_OFFSET + value.getTime() / DAY_MS;
    return `<c r="${reference}"${styles.attribute('date')}><v>${serial}</v></c>`;
  }
  return `<c r="${reference}"${styles.attribute('string')} t="str"><v>${xmlEncode(value)}</v></c>`;
}

export interface FastRowWriter {
  /** Whether every cell of the row is one the writer can serialise. */
  accepts(row: CompiledRow): boolean;
  /**
   * Writes `row` once per item from row `first` on. Every row above must be committed; `each`
   * runs after every `slice.chars` characters of XML (limits, pause for zlib).
   */
  write(
    row: CompiledRow,
    first: number,
    items: readonly unknown[],
    evaluate: (cell: CompiledCell, item: unknown) => CellValue,
    slice: { chars: number; each: () => Promise<void> },
  ): Promise<void>;
}

export function fastRowWriter(
  writer: ExcelJS.stream.xlsx.WorkbookWriter,
  sheet: ExcelJS.Worksheet,
): FastRowWriter | undefined {
  const registry = (writer as unknown as { styles?: Partial<StyleRegistry> }).styles;
  const internals = sheet as unknown as Partial<SheetInternals>;
  if (
    typeof registry?.addStyleModel !== 'function' ||
    typeof internals.stream?.write !== 'function' ||
    typeof internals.startedData !== 'boolean' ||
    typeof internals._rowZero !== 'number' ||
    !Array.isArray(internals._rows)
  ) {
    return undefined;
  }
  const styles = new WeakMap<CompiledCell, CellStyles>();
  const stylesOf = (cell: CompiledCell) => {
    let found = styles.get(cell);
    if (!found) {
      found = new CellStyles(registry as StyleRegistry, cell);
      styles.set(cell, found);
    }
    return found;
  };
  const opening = new WeakMap<CompiledRow, string>();
  const openingOf = (row: CompiledRow) => {
    let attributes = opening.get(row);
    if (attributes === undefined) {
      const styleId = Object.keys(row.style).length
        ? (registry as StyleRegistry).addStyleModel(row.style, ExcelJS.ValueType.Null)
        : 0;
      attributes =
        (row.height ? ` ht="${row.height}" customHeight="1"` : '') +
        (row.hidden ? ' hidden="1"' : '') +
        (styleId ? ` s="${styleId}" customFormat="1"` : '') +
        ' x14ac:dyDescent="0.25"' +
        (row.outlineLevel ? ` outlineLevel="${row.outlineLevel}"` : '');
      opening.set(row, attributes);
    }
    return attributes;
  };
  const state = internals as SheetInternals;
  let scratch = Buffer.allocUnsafe(256 * 1024);

  return {
    accepts(row) {
      return row.cells.every((cell) => cell.template || constantOf(cell.value) !== undefined);
    },

    async write(row, first, items, evaluate, slice) {
      if (items.length === 0) return;
      if (!state.startedData) {
        // ExcelJS writes <cols> and opens <sheetData> with the first row it commits; an empty
        // row does just that and writes nothing itself.
        sheet.getRow(first).commit();
      }
      const attributes = openingOf(row);
      const cells = row.cells.map((cell) => ({
        cell,
        styles: stylesOf(cell),
        constant: cell.template ? undefined : constantOf(cell.value),
      }));
      let xml = '';
      const flush = () => {
        // Encoded into one reused buffer, which ExcelJS copies at once into its own: writing the
        // string would allocate a buffer per slice for the garbage collector to catch up with.
        const length = Buffer.byteLength(xml);
        if (length > scratch.length) scratch = Buffer.allocUnsafe(length);
        scratch.write(xml, 0, length, 'utf8');
        state.stream.write(scratch.subarray(0, length));
        xml = '';
      };
      for (const [offset, item] of items.entries()) {
        const number = first + offset;
        xml += `<row r="${number}"${attributes}>`;
        for (const { cell, styles, constant } of cells) {
          const value = constant === undefined ? evaluate(cell, item) : constant;
          xml += cellXml(`${cell.letters}${number}`, value, styles);
        }
        xml += '</row>';
        if (xml.length >= slice.chars) {
          flush();
          await slice.each();
        }
      }
      if (xml) flush();
      // The rows are written: ExcelJS's next row comes after them.
      state._rowZero = first + items.length;
    },
  };
}
