import { TableBuilder, TabularError, type TabularData } from './table.ts';

export type CsvDelimiter = ';' | ',' | '\t';

/** In order of preference on a tie: ';' is what French Excel writes. */
const DELIMITERS: readonly CsvDelimiter[] = [';', ',', '\t'];

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/**
 * Reads a UTF-8 CSV (RFC 4180 quoting; CRLF, LF or CR line ends; BOM optional) into a table. The
 * header is the first non-empty record; rows are numbered by record, as a spreadsheet shows them.
 */
export function readCsv(content: Buffer, maxRows: number): TabularData {
  if (ZIP_SIGNATURE.every((byte, i) => content[i] === byte)) {
    throw new TabularError(
      'unreadable',
      'Ce fichier est un classeur Excel et non un fichier CSV : vérifiez que son nom se termine par « .xlsx ».',
    );
  }
  const text = decodeUtf8(content);
  const delimiter = detectDelimiter(text);
  const reader = new CsvRecordReader(text, delimiter);
  const table = new TableBuilder(maxRows);
  for (let cells = reader.next(); cells !== undefined; cells = reader.next()) {
    table.add(cells, reader.rowNumber);
  }
  if (!table.hasHeader) throw new TabularError('empty', 'Le fichier est vide.');
  return { headers: table.headers, rows: table.rows, format: 'csv', delimiter };
}

function decodeUtf8(content: Buffer): string {
  try {
    // Strips a UTF-8 BOM; `fatal` rejects what would otherwise become U+FFFD.
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    // French Excel's plain « CSV » is Windows-1252: accents would come out garbled.
    throw new TabularError(
      'bad_encoding',
      "Le fichier n'est pas encodé en UTF-8, ses accents seraient mal lus. Dans Excel, enregistrez-le au format « CSV UTF-8 (délimité par des virgules) » ; dans LibreOffice, choisissez le jeu de caractères « Unicode (UTF-8) ».",
    );
  }
}

/** The delimiter that occurs most outside quotes on the first non-blank line; ';' when none does. */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<string, number>();
  let inQuotes = false;
  for (let i = text.search(/\S/); i !== -1 && i < text.length; i++) {
    const char = text[i] ?? '';
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (char === '\n' || char === '\r')) break;
    else if (!inQuotes) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: CsvDelimiter = ';';
  for (const delimiter of DELIMITERS) {
    if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
  }
  return best;
}

/** Splits CSV text into records of raw (untrimmed) cells, one record per `next()`. */
export class CsvRecordReader {
  /** The ordinal of the record `next()` last returned, from 1. */
  rowNumber = 0;
  private position = 0;
  private readonly delimiter: number;

  constructor(
    private readonly text: string,
    delimiter: CsvDelimiter,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  next(): string[] | undefined {
    const { text, delimiter } = this;
    const length = text.length;
    if (this.position >= length) return undefined;
    this.rowNumber++;
    const cells: string[] = [];
    let i = this.position;
    for (;;) {
      let cell: string;
      if (text.charCodeAt(i) === QUOTE) {
        cell = '';
        let from = i + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote === -1) {
            throw new TabularError(
              'unreadable',
              `La ligne ${this.rowNumber} ouvre des guillemets (") qui ne sont jamais refermés : corrigez-la ou retirez ces guillemets.`,
            );
          }
          if (text.charCodeAt(quote + 1) === QUOTE) {
            cell += text.slice(from, quote + 1);
            from = quote + 2;
          } else {
            cell += text.slice(from, quote);
            i = quote + 1;
            break;
          }
        }
        // Text between the closing quote and the delimiter is kept, as Excel does (`"a"b` → `ab`).
        const end = this.cellEnd(i);
        if (end > i) cell += text.slice(i, end);
        i = end;
      } else {
        const end = this.cellEnd(i);
        cell = text.slice(i, end);
        i = end;
      }
      cells.push(cell);
      if (i >= length) {
        this.position = length;
        return cells;
      }
      const char = text.charCodeAt(i);
      if (char === delimiter) {
        i++;
        continue;
      }
      this.position = char === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
      return cells;
    }
  }

  /** The index of the delimiter or line end that ends the cell at `from`, or the text's length. */
  private cellEnd(from: number): number {
    const { text, delimiter } = this;
    const length = text.length;
    let i = from;
    while (i < length) {
      const char = text.charCodeAt(i);
      if (char === delimiter || char === LF || char === CR) break;
      i++;
    }
    return i;
  }
}
