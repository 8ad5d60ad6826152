import { once, type EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { setTimeout as delay, setImmediate as yieldToEventLoop } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { Context } from 'liquidjs';
import { unzippedSize } from '../../../platform/tabular/unzipped-size.ts';
import { summarize, type VariableUse } from './analysis.ts';
import type { RenderData } from './data-model.ts';
import {
  TemplateLimitError,
  TemplateRenderError,
  TemplateSyntaxError,
  type TemplateWarning,
} from './errors.ts';
import { isoDateToUtc } from './filters.ts';
import { createLiquid, DEFAULT_TEMPLATE_LIMITS, renderFailure } from './liquid.ts';
import {
  compileCell,
  isTemplated,
  rewriteListReferences,
  type CellValue,
  type FillContext,
} from './xlsx-cell.ts';
import { fastRowWriter, type CompiledCell, type CompiledRow, type Style } from './xlsx-rows.ts';

/**
 * XLSX templates: a workbook whose text cells hold Liquid placeholders, filled with the rendering
 * data into a new workbook.
 *
 * Cells
 * - Only text cells are templates (rich text is read as its plain text, and the filled cell keeps
 *   the cell's style but not the styles of individual runs). Numbers, dates, formulas, hyperlinks
 *   and texts without `{{`/`{%` are copied as they are.
 * - A cell whose whole content is one placeholder is typed: a number stays a number (with the
 *   cell's number format, so `#,##0.00 €` applies), an ISO date without a filter becomes a real
 *   date (formatted `dd/mm/yyyy` when the cell has no date format), nothing becomes an empty cell.
 *   Everything else — a filtered value (`| money`, `| date_fr`), text around a placeholder — is
 *   text.
 *
 * Repeated rows
 * - A row whose placeholders use a list of the data with `[]` — `{{ premiums[].due_date | date_fr }}`,
 *   `{{ policies[].number }}` — is written once per element of that list, `premiums[]` standing
 *   for the current element; an empty or missing list removes the row. One list per row, no list
 *   within a list. Other cells of the row may use any other data (`{{ policy.number }}`).
 * - Rows below a repeated row move down by the number of added rows (or up when a list is empty);
 *   other rows are written once.
 * - Totals: use the `sum` filter (`{{ premiums | sum: "amount" }}` is a number cell). Formulas are
 *   copied as written: their ranges are not rewritten, so a `=SUM(F7:F7)` below a repeated row
 *   does not grow with it.
 *
 * Preserved: cell styles and number formats, column widths and styles, row heights, hidden rows
 * and columns, merged cells outside repeated rows (a merge that includes a repeated row is
 * dropped: it is not copied to each element), sheet views (frozen panes), page setup,
 * headers and footers, tab colours, hidden sheets. Not preserved: images, charts, comments,
 * conditional formats, data validations, defined names and print areas, and the workbook's theme
 * (theme colours follow Office's default theme).
 *
 * Speed and memory: each cell is compiled once per fill, not once per row, and common
 * placeholders skip LiquidJS (`xlsx-cell.ts`). Output is streamed through ExcelJS's
 * `WorkbookWriter`, rows committed as they are written, with pauses that let zlib keep up; the
 * copies of a repeated row are written as XML directly (`xlsx-rows.ts`). A 100,000-row × 10-column
 * bordereau takes about a second (`xlsx.measure.ts`).
 *
 * Determinism: the same template and data give the same bytes — the workbook's dates and the ZIP
 * entries' dates are set from `data.today` (1980-01-01 without it).
 */

export interface WorkbookLimits {
  /** Size of the template file. Default 10 MiB. */
  maxFileBytes?: number;
  /** Size of the template once decompressed (ExcelJS loads it whole). Default 100 MiB. */
  maxUnzippedBytes?: number;
  /** Wall-clock time of one fill, in milliseconds. Default 60 s. */
  fillTimeMs?: number;
  /** Size of the filled workbook. Default 200 MiB. */
  maxOutputBytes?: number;
}

export const DEFAULT_WORKBOOK_LIMITS: Readonly<Required<WorkbookLimits>> = Object.freeze({
  maxFileBytes: 10 * 1024 * 1024,
  maxUnzippedBytes: 100 * 1024 * 1024,
  fillTimeMs: 60_000,
  maxOutputBytes: 200 * 1024 * 1024,
});

/** Excel's last row. */
const MAX_ROWS = 1_048_576;
/** Excel refuses to open a cell holding more characters. */
const MAX_CELL_TEXT = 32_767;
/** Rows written between two checks of the time and size limits (and two pauses for zlib). */
const ROWS_PER_SLICE = 100;
/** The same for rows written as XML: characters of XML between two checks. */
const XML_PER_SLICE = 64 * 1024;
/** Uncompressed XML the ZIP writer may lag behind the rows by, and how long a pause may last. */
const MAX_PENDING_XML = 256 * 1024;
const DRAIN_WAIT_MS = 100;
const DEFAULT_DATE_FORMAT = 'dd/mm/yyyy';
/** Compound File Binary: Excel 97-2003 workbooks, and .xlsx files encrypted by a password. */
const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** One LiquidJS instance for every XLSX cell: no HTML escaping in a spreadsheet. */
const liquid = createLiquid(false, DEFAULT_TEMPLATE_LIMITS);

/** ExcelJS rows have a default style for their empty cells; its typings leave it out. */
type RowWithStyle = ExcelJS.Row & { style: Style };

interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

interface CompiledSheet {
  name: string;
  worksheet: ExcelJS.Worksheet;
  rows: CompiledRow[];
  merges: Range[];
  uses: (VariableUse & { cell: string })[];
}

/**
 * Checks an XLSX template: a readable workbook within the size limits whose placeholders parse.
 * Throws `TemplateSyntaxError` (with `cell`) or `TemplateLimitError`; unknown variables are
 * warnings, as for HTML templates.
 */
export async function parseWorkbookTemplate(
  file: Buffer,
  limits: WorkbookLimits = {},
): Promise<{ variables: string[]; warnings: TemplateWarning[]; sheets: number }> {
  const workbook = await loadWorkbook(file, { ...DEFAULT_WORKBOOK_LIMITS, ...limits });
  const sheets = workbook.worksheets.map(compileSheet);
  const { variables, warnings } = summarize(
    sheets.flatMap((sheet) => sheet.uses),
    (use) => ({ cell: use.cell }),
  );
  return { variables, warnings, sheets: sheets.length };
}

/** Fills an XLSX template with `data`: see the module comment for what is repeated and kept. */
export async function fillWorkbook(
  file: Buffer,
  data: RenderData,
  limits: WorkbookLimits = {},
): Promise<Buffer> {
  const resolved = { ...DEFAULT_WORKBOOK_LIMITS, ...limits };
  const template = await loadWorkbook(file, resolved);
  const sheets = template.worksheets.map(compileSheet);
  const today = workbookDate(data.today);

  const chunks: Buffer[] = [];
  let size = 0;
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => {
    size += chunk.length;
    // Past the limit the chunks are dropped; the writing loop notices and stops.
    if (size <= resolved.maxOutputBytes) chunks.push(chunk);
  });
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: false,
    // Level 1: a third faster than the default for a file a fifth larger.
    zip: { zlib: { level: 1 } },
  });
  writer.creator = template.creator || 'MONASSURANCE';
  writer.lastModifiedBy = 'MONASSURANCE';
  writer.created = today;
  writer.modified = today;
  writer.views = template.views;

  const started = new Context({}, liquid.options, { renderLimit: resolved.fillTimeMs }, { liquid });
  const fill: FillContext = {
    liquid,
    // A shallow copy: `{% increment %}` writes to the top-level scope, not to the caller's data.
    data: { ...data },
    limits: { memoryLimit: started.memoryLimit, renderLimit: started.renderLimit },
  };
  const deadline = performance.now() + resolved.fillTimeMs;
  const checkLimits = () => {
    if (performance.now() > deadline) {
      throw new TemplateLimitError(
        'render_timeout',
        'Le classeur met trop de temps à être rempli : réduisez les données ou le nombre de cellules.',
      );
    }
    if (size > resolved.maxOutputBytes) throw outputTooLarge();
  };

  for (const sheet of sheets) await writeSheet(writer, sheet, fill, checkLimits);
  await writer.commit();
  if (size > resolved.maxOutputBytes) throw outputTooLarge();
  const output = Buffer.concat(chunks);
  pinZipDates(output, today);
  return output;
}

function outputTooLarge(): TemplateLimitError {
  return new TemplateLimitError(
    'output_too_large',
    'Le classeur produit est trop volumineux : réduisez les données ou le nombre de colonnes.',
  );
}

async function loadWorkbook(
  file: Buffer,
  limits: Required<WorkbookLimits>,
): Promise<ExcelJS.Workbook> {
  if (file.length > limits.maxFileBytes) {
    throw new TemplateLimitError(
      'file_too_large',
      `Le classeur dépasse ${mebibytes(limits.maxFileBytes)} Mio.`,
    );
  }
  if (CFB_SIGNATURE.every((byte, i) => file[i] === byte)) {
    throw new TemplateSyntaxError(
      'unreadable_workbook',
      'Ce fichier est au format Excel 97-2003 (.xls) ou protégé par un mot de passe : enregistrez-le au format « Classeur Excel (.xlsx) », sans mot de passe.',
    );
  }
  const size = unzippedSize(file, limits.maxUnzippedBytes);
  if (size === undefined) throw unreadable();
  if (size > limits.maxUnzippedBytes) {
    throw new TemplateLimitError(
      'file_too_large',
      `Le classeur dépasse ${mebibytes(limits.maxUnzippedBytes)} Mio une fois décompressé : retirez-en les feuilles et images inutiles.`,
    );
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // ExcelJS types its argument as its own ArrayBuffer-like `Buffer`; JSZip reads a Node Buffer.
    await workbook.xlsx.load(file as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    throw unreadable(error);
  }
  // Every workbook has a sheet; ExcelJS reads any other ZIP (a .docx, a renamed .zip) as none.
  if (workbook.worksheets.length === 0) throw unreadable();
  return workbook;
}

function unreadable(cause?: unknown): TemplateSyntaxError {
  return new TemplateSyntaxError(
    'unreadable_workbook',
    "Ce fichier n'est pas un classeur Excel (.xlsx) lisible : ouvrez-le dans votre tableur et enregistrez-le au format « Classeur Excel (.xlsx) ».",
    {},
    cause === undefined ? undefined : { cause },
  );
}

function mebibytes(bytes: number): string {
  return String(Math.round((bytes / (1024 * 1024)) * 10) / 10).replace('.', ',');
}

/** `Feuil1!B4`, or `'Mon onglet'!B4` when the sheet's name needs quoting, as Excel writes it. */
function cellAddress(sheet: string, row: number, column: number): string {
  const name = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replaceAll("'", "''")}'`;
  return `${name}!${columnLetters(column)}${row}`;
}

function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

function cellText(value: ExcelJS.CellValue): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'richText' in value && Array.isArray(value.richText)) {
    return value.richText.map((run) => run.text).join('');
  }
  return undefined;
}

function isEmptyStyle(style: Style | undefined): boolean {
  return !style || Object.keys(style).length === 0;
}

/** Compiles every cell of a sheet once; the fill evaluates the compiled cells for each row. */
function compileSheet(worksheet: ExcelJS.Worksheet): CompiledSheet {
  const rows: CompiledRow[] = [];
  const uses: CompiledSheet['uses'] = [];
  for (let number = 1; number <= worksheet.rowCount; number++) {
    const row = worksheet.findRow(number);
    if (!row) continue;
    const found: { cell: ExcelJS.Cell; column: number; text?: string | undefined }[] = [];
    let list: string[] | undefined;
    let listName: string | undefined;
    for (let column = 1; column <= row.cellCount; column++) {
      const cell = row.findCell(column);
      if (!cell) continue;
      const text = cell.type === ExcelJS.ValueType.Merge ? undefined : cellText(cell.value);
      const templated = text !== undefined && isTemplated(text);
      found.push({ cell, column, text: templated ? text : undefined });
      if (!templated) continue;
      const address = cellAddress(worksheet.name, number, column);
      for (const name of rewriteListReferences(text, address).lists) {
        if (listName === undefined) {
          listName = name;
          list = name.split('.');
        } else if (name !== listName) {
          throw new TemplateSyntaxError(
            'invalid_row',
            `Cellule ${address} : la ligne ${number} répète déjà la liste « ${listName}[] » ; une ligne ne peut répéter qu'une seule liste (ici « ${name}[] »).`,
            { cell: address },
          );
        }
      }
    }
    const cells: CompiledCell[] = [];
    for (const { cell, column, text } of found) {
      const address = cellAddress(worksheet.name, number, column);
      const style: Style = cell.style;
      if (text === undefined && cell.value === null && isEmptyStyle(style)) continue;
      const compiled: CompiledCell = {
        column,
        letters: columnLetters(column),
        address,
        style,
        dateStyle: style.numFmt ? style : { ...style, numFmt: DEFAULT_DATE_FORMAT },
      };
      if (text !== undefined) {
        compiled.template = compileCell(liquid, text, list, address);
        for (const use of compiled.template.uses) uses.push({ ...use, cell: address });
      } else if (cell.type !== ExcelJS.ValueType.Merge) {
        compiled.value = staticValue(cell);
      }
      cells.push(compiled);
    }
    rows.push({
      number,
      list,
      cells,
      height: row.height,
      hidden: row.hidden,
      outlineLevel: row.outlineLevel,
      style: (row as RowWithStyle).style,
    });
  }
  return { name: worksheet.name, worksheet, rows, merges: merges(worksheet), uses };
}

/** A copied cell's value; a shared formula is written out in full, as its rows may move. */
function staticValue(cell: ExcelJS.Cell): ExcelJS.CellValue {
  if (cell.type === ExcelJS.ValueType.Formula) {
    const value: ExcelJS.CellFormulaValue = { formula: cell.formula, date1904: false };
    if (cell.result !== undefined) value.result = cell.result;
    return value;
  }
  return cell.value;
}

function merges(worksheet: ExcelJS.Worksheet): Range[] {
  const ranges: string[] = worksheet.model.merges;
  return ranges.map((range) => {
    const [from = '', to = from] = range.split(':');
    const start = worksheet.getCell(from);
    const end = worksheet.getCell(to);
    return {
      top: Number(start.row),
      left: Number(start.col),
      bottom: Number(end.row),
      right: Number(end.col),
    };
  });
}

/** Where each template row lands: its first output row, and the elements it is written for. */
function layout(sheet: CompiledSheet, data: RenderData) {
  const repeated = sheet.rows.flatMap((row) =>
    row.list ? [{ number: row.number, items: listAt(data, row.list) }] : [],
  );
  const at = (number: number): { first: number; items: unknown[] } => {
    let first = number;
    let items: unknown[] = [undefined];
    for (const row of repeated) {
      if (row.number < number) first += row.items.length - 1;
      else if (row.number === number) items = row.items;
    }
    return { first, items };
  };
  const last = sheet.rows.at(-1);
  const end = last ? at(last.number) : { first: 0, items: [] };
  return { at, lastRow: end.first + end.items.length - 1 };
}

function listAt(data: RenderData, path: readonly string[]): unknown[] {
  let value: unknown = data;
  for (const segment of path) {
    value =
      typeof value === 'object' && value !== null && Object.hasOwn(value, segment)
        ? (value as Record<string, unknown>)[segment]
        : undefined;
  }
  return Array.isArray(value) ? (value as unknown[]) : [];
}

async function writeSheet(
  writer: ExcelJS.stream.xlsx.WorkbookWriter,
  sheet: CompiledSheet,
  fill: FillContext,
  checkLimits: () => void,
): Promise<void> {
  const source = sheet.worksheet;
  const { at, lastRow } = layout(sheet, fill.data);
  if (lastRow > MAX_ROWS) {
    throw new TemplateLimitError(
      'too_many_rows',
      `La feuille « ${sheet.name} » dépasserait ${MAX_ROWS.toLocaleString('fr-FR')} lignes, le maximum d'Excel.`,
    );
  }
  const pageSetup: Partial<ExcelJS.PageSetup> = { ...source.pageSetup };
  // The print area covers the template's rows, not the filled ones.
  delete pageSetup.printArea;
  delete pageSetup.printTitlesRow;
  delete pageSetup.printTitlesColumn;
  const output = writer.addWorksheet(sheet.name, {
    properties: source.properties,
    pageSetup,
    headerFooter: source.headerFooter,
    views: source.views,
    state: source.state,
  });
  output.columns = columns(source);

  // Merges move with their rows; one that includes a repeated row is dropped (module comment).
  const repeated = sheet.rows.filter((row) => row.list).map((row) => row.number);
  const mergesByRow = new Map<number, Range[]>();
  for (const merge of sheet.merges) {
    if (repeated.some((number) => merge.top <= number && number <= merge.bottom)) continue;
    const shift = at(merge.top).first - merge.top;
    const range = { ...merge, top: merge.top + shift, bottom: merge.bottom + shift };
    mergesByRow.set(range.top, [...(mergesByRow.get(range.top) ?? []), range]);
  }

  const drain = zipDrain(output);
  const pause = async () => {
    checkLimits();
    await drain();
  };
  const evaluate = (cell: CompiledCell, item: unknown) => evaluateCell(cell, fill, item);
  const fast = fastRowWriter(writer, output);
  let written = 0;
  for (const template of sheet.rows) {
    const { first, items } = at(template.number);
    if (template.list && fast?.accepts(template)) {
      await fast.write(template, first, items, evaluate, { chars: XML_PER_SLICE, each: pause });
      continue;
    }
    for (const [offset, item] of items.entries()) {
      const number = first + offset;
      for (const range of mergesByRow.get(number) ?? []) {
        output.mergeCells(range.top, range.left, range.bottom, range.right);
      }
      const row = output.getRow(number);
      if (template.height !== undefined) row.height = template.height;
      if (template.hidden) row.hidden = true;
      if (template.outlineLevel) row.outlineLevel = template.outlineLevel;
      if (!isEmptyStyle(template.style)) (row as RowWithStyle).style = template.style;
      for (const cell of template.cells) writeCell(row.getCell(cell.column), cell, fill, item);
      row.commit();
      if (++written % ROWS_PER_SLICE === 0) await pause();
    }
  }
  checkLimits();
  output.commit();
}

/**
 * Waits for the ZIP writer to compress what the sheet has written so far. ExcelJS pushes the
 * sheet's XML into the archiver's input stream without heeding backpressure, and zlib only gets
 * to it between event loop turns: without these pauses a 100,000-row sheet is held whole in memory
 * (60 MB of XML) before it is compressed. That input stream (the sheet stream's first pipe, a
 * `readable-stream` PassThrough) is internal to ExcelJS 4.4, hence the checks: without it the
 * pause is a plain yield.
 */
function zipDrain(sheet: ExcelJS.Worksheet): () => Promise<void> {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown } }).stream?.pipes;
  const input = (Array.isArray(pipes) ? pipes[0] : undefined) as
    (EventEmitter & { _writableState?: { length?: unknown } }) | undefined;
  const pending = () => {
    const length = input?._writableState?.length;
    return typeof length === 'number' ? length : 0;
  };
  return async () => {
    await yieldToEventLoop();
    if (input && pending() > MAX_PENDING_XML) {
      // A timeout rather than waiting forever: a failed archiver never drains.
      const done = new AbortController();
      await Promise.race([
        once(input, 'drain', { signal: done.signal }),
        delay(DRAIN_WAIT_MS, undefined, { signal: done.signal }),
      ]);
      done.abort();
    }
  };
}

function columns(worksheet: ExcelJS.Worksheet): Partial<ExcelJS.Column>[] {
  const definitions: Partial<ExcelJS.Column>[] = [];
  for (let number = 1; number <= worksheet.columnCount; number++) {
    const column = worksheet.getColumn(number);
    definitions.push({
      width: column.width,
      hidden: column.hidden,
      outlineLevel: column.outlineLevel,
      style: column.style,
    });
  }
  return definitions;
}

/** A templated cell's value for `item`; errors name the template's cell. */
function evaluateCell(cell: CompiledCell, fill: FillContext, item: unknown): CellValue {
  let value: CellValue;
  try {
    value = cell.template ? cell.template.evaluate(fill, item) : null;
  } catch (error) {
    throw atCell(renderFailure(error), cell.address);
  }
  if (typeof value === 'string' && value.length > MAX_CELL_TEXT) {
    throw new TemplateLimitError(
      'output_too_large',
      `Cellule ${cell.address} : le texte produit dépasse ${MAX_CELL_TEXT.toLocaleString('fr-FR')} caractères, le maximum d'une cellule Excel.`,
      { cell: cell.address },
    );
  }
  return value;
}

function writeCell(
  target: ExcelJS.Cell,
  cell: CompiledCell,
  fill: FillContext,
  item: unknown,
): void {
  if (!cell.template) {
    if (cell.value !== undefined && cell.value !== null) target.value = cell.value;
    target.style = cell.style;
    return;
  }
  const value = evaluateCell(cell, fill, item);
  if (value !== null) target.value = value;
  target.style = value instanceof Date ? cell.dateStyle : cell.style;
}

function atCell(
  error: TemplateRenderError | TemplateLimitError | TemplateSyntaxError,
  cell: string,
): Error {
  const message = `Cellule ${cell} : ${error.message}`;
  if (error instanceof TemplateLimitError) {
    return new TemplateLimitError(error.code, message, { cell }, { cause: error });
  }
  return new TemplateRenderError(message, { cell }, { cause: error });
}

/** The workbook's dates: `today`'s midnight UTC, so that the same data gives the same bytes. */
function workbookDate(today: unknown): Date {
  return (typeof today === 'string' && isoDateToUtc(today)) || new Date(Date.UTC(1980, 0, 1));
}

/**
 * Sets every entry's modification date (local header and central directory) to `date`: the ZIP
 * writer stamps entries with the current time, the only thing that differs between two fills.
 */
function pinZipDates(zip: Buffer, date: Date): void {
  const dosTime = 0;
  const dosDate =
    ((Math.max(date.getUTCFullYear(), 1980) - 1980) << 9) |
    ((date.getUTCMonth() + 1) << 5) |
    date.getUTCDate();
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) return;
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count && zip.readUInt32LE(offset) === 0x02014b50; i++) {
    zip.writeUInt16LE(dosTime, offset + 12);
    zip.writeUInt16LE(dosDate, offset + 14);
    const local = zip.readUInt32LE(offset + 42);
    if (zip.readUInt32LE(local) === 0x04034b50) {
      zip.writeUInt16LE(dosTime, local + 10);
      zip.writeUInt16LE(dosDate, local + 12);
    }
    offset +=
      46 +
      zip.readUInt16LE(offset + 28) +
      zip.readUInt16LE(offset + 30) +
      zip.readUInt16LE(offset + 32);
  }
}
