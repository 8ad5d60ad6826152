import ExcelJS from 'exceljs';
import type { Cell } from 'exceljs';
import { megabytes, TableBuilder, TabularError, type TabularData } from './table.ts';
import { unzippedSize } from './unzipped-size.ts';

/** Compound File Binary: Excel 97-2003 workbooks, and .xlsx files encrypted by a password. */
const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Reads the first visible worksheet of an XLSX workbook into a table. The header is the first
 * non-empty row; rows keep Excel's row numbers.
 */
export async function readXlsx(
  content: Buffer,
  limits: { maxRows: number; maxUnzippedBytes: number },
): Promise<TabularData> {
  if (CFB_SIGNATURE.every((byte, i) => content[i] === byte)) {
    throw new TabularError(
      'unreadable',
      'Ce fichier est au format Excel 97-2003 (.xls) ou protégé par un mot de passe : enregistrez-le au format « Classeur Excel (.xlsx) », sans mot de passe.',
    );
  }
  const size = unzippedSize(content, limits.maxUnzippedBytes);
  if (size === undefined) throw unreadable();
  if (size > limits.maxUnzippedBytes) {
    throw new TabularError(
      'too_large',
      `Le classeur dépasse ${megabytes(limits.maxUnzippedBytes)} Mo une fois décompressé : retirez-en les feuilles et images inutiles, ou découpez-le en plusieurs fichiers.`,
    );
  }

  const workbook = new ExcelJS.Workbook();
  try {
    // ExcelJS types its argument as its own ArrayBuffer-like `Buffer`; JSZip reads a Node Buffer.
    await workbook.xlsx.load(content as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw unreadable();
  }
  // Hidden sheets are usually lists behind drop-downs; the user means the first one they see.
  const sheets = workbook.worksheets;
  const sheet = sheets.find((candidate) => candidate.state === 'visible') ?? sheets[0];
  // Every workbook has a sheet; ExcelJS reads any other ZIP (a .docx, a renamed .zip) as none.
  if (!sheet) throw unreadable();

  const table = new TableBuilder(limits.maxRows);
  sheet.eachRow((row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell((cell, columnNumber) => {
      cells[columnNumber - 1] = cellText(cell);
    });
    table.add(cells, rowNumber);
  });
  if (!table.hasHeader) {
    throw new TabularError('empty', `La feuille « ${sheet.name} » du classeur est vide.`);
  }
  return { headers: table.headers, rows: table.rows, format: 'xlsx' };
}

function unreadable(): TabularError {
  return new TabularError(
    'unreadable',
    "Ce fichier n'est pas un classeur Excel (.xlsx) lisible : ouvrez-le dans votre tableur et enregistrez-le à nouveau au format « Classeur Excel (.xlsx) ».",
  );
}

/** The text a user means by the cell, whatever its type, without locale formatting. */
export function cellText(cell: Cell): string {
  // The other cells of a merged range repeat its first cell's value; a CSV export leaves them empty.
  if (cell.type === ExcelJS.ValueType.Merge) return '';
  return valueText(cell.value, cell.numFmt);
}

/** Typed as `unknown`: ExcelJS's types are looser than they say (a hyperlink's text can be rich text). */
function valueText(value: unknown, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value, numFmt);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return dateText(value);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value && Array.isArray(value.richText)) {
    return value.richText.map((run: { text?: unknown }) => valueText(run.text, undefined)).join('');
  }
  if ('formula' in value || 'sharedFormula' in value) {
    // The result cached by the last application that computed the workbook; none if never computed.
    return 'result' in value ? valueText(value.result, numFmt) : '';
  }
  if ('hyperlink' in value) return 'text' in value ? valueText(value.text, numFmt) : '';
  if ('error' in value) return valueText(value.error, undefined);
  return '';
}

export function numberText(value: number, numFmt?: string): string {
  if (Number.isInteger(value)) {
    // A zeros-only format (French Excel's « Code postal » is 00000) shows leading zeros the user typed.
    if (value >= 0 && numFmt && /^0+$/.test(numFmt)) {
      return String(value).padStart(numFmt.length, '0');
    }
    return String(value);
  }
  // Excel keeps 15 significant digits; the digits past them are binary artefacts (0.1 + 0.2).
  return String(Number(value.toPrecision(15)));
}

/**
 * ExcelJS turns a date cell's serial number into the instant at that UTC wall-clock time, so the
 * UTC calendar day is the one the user typed; the time of day is dropped.
 */
function dateText(date: Date): string {
  // Serial numbers past year 9999, which Excel itself shows as #####.
  if (Number.isNaN(date.getTime())) return '';
  return date.toISOString().slice(0, 10);
}
