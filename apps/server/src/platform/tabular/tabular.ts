import { readCsv } from './csv.ts';
import { megabytes, TabularError, type TabularData } from './table.ts';

export {
  EXTRA_CELLS_KEY,
  normalizeHeader,
  TabularError,
  type TabularData,
  type TabularErrorCode,
  type TabularRow,
} from './table.ts';

/** What browsers and tools send for a CSV file ('text/plain' included: some tools send it). */
export const CSV_MEDIA_TYPES: string[] = ['text/csv', 'application/csv', 'text/plain'];
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface TabularLimits {
  /** The size of the file as received. */
  maxBytes: number;
  /** Data rows, the header and empty rows not counted. */
  maxRows: number;
  /**
   * XLSX only: the workbook's parts once decompressed. ExcelJS holds the whole workbook in memory,
   * about 30 bytes of heap per byte of XML, so this is what bounds memory: 50,000 rows of 10 short
   * columns take some 24 MB of XML (750 MB of heap).
   */
  maxUnzippedBytes: number;
}

export const DEFAULT_TABULAR_LIMITS: TabularLimits = {
  maxBytes: 20 * 1_048_576,
  maxRows: 50_000,
  maxUnzippedBytes: 50 * 1_048_576,
};

/**
 * Reads a client or policy export into normalized headers and rows of trimmed text, or throws a
 * `TabularError` whose message tells the user what to fix.
 */
export async function readTabular(
  content: Buffer,
  format: 'csv' | 'xlsx',
  limits?: Partial<TabularLimits>,
): Promise<TabularData> {
  const maxBytes = limits?.maxBytes ?? DEFAULT_TABULAR_LIMITS.maxBytes;
  const maxRows = limits?.maxRows ?? DEFAULT_TABULAR_LIMITS.maxRows;
  const maxUnzippedBytes = limits?.maxUnzippedBytes ?? DEFAULT_TABULAR_LIMITS.maxUnzippedBytes;
  if (content.length > maxBytes) {
    throw new TabularError(
      'too_large',
      `Le fichier pèse ${megabytes(content.length)} Mo : la taille maximale est de ${megabytes(maxBytes)} Mo. Découpez-le en plusieurs fichiers.`,
    );
  }
  if (content.length === 0) throw new TabularError('empty', 'Le fichier est vide.');
  if (format === 'csv') return readCsv(content, maxRows);
  // ExcelJS takes a while to load: a worker thread reading a CSV never pays for it.
  const { readXlsx } = await import('./xlsx.ts');
  return readXlsx(content, { maxRows, maxUnzippedBytes });
}

/**
 * The format of an upload from its media type, else from its file name's extension: Windows
 * browsers with Excel installed send 'application/vnd.ms-excel' for .csv files, and some clients
 * send 'application/octet-stream' or nothing. Undefined for anything else, .xls included.
 */
export function formatFromMediaType(
  mediaType: string | undefined,
  filename?: string,
): 'csv' | 'xlsx' | undefined {
  const essence = mediaType?.split(';')[0]?.trim().toLowerCase();
  if (essence === XLSX_MEDIA_TYPE) return 'xlsx';
  if (essence !== undefined && CSV_MEDIA_TYPES.includes(essence)) return 'csv';
  const extension = filename?.match(/\.([^./\\]+)$/)?.[1]?.toLowerCase();
  if (extension === 'xlsx') return 'xlsx';
  if (extension === 'csv' || extension === 'tsv' || extension === 'txt') return 'csv';
  return undefined;
}
