import { describe, expect, it } from 'vitest';
import { columnName, megabytes } from './table.ts';
import {
  CSV_MEDIA_TYPES,
  DEFAULT_TABULAR_LIMITS,
  formatFromMediaType,
  normalizeHeader,
  readTabular,
  XLSX_MEDIA_TYPE,
} from './tabular.ts';

describe('normalizeHeader', () => {
  it.each([
    ['Date de naissance', 'datedenaissance'],
    ['firstName', 'firstname'],
    [' E-mail ', 'email'],
    ['N° de contrat', 'ndecontrat'],
    ['Échéance principale', 'echeanceprincipale'],
    ['Prime TTC (€)', 'primettc'],
    ['Code_Postal', 'codepostal'],
    ['Adresse 2', 'adresse2'],
    ['Nom de l’œuvre', 'nomdeloeuvre'],
    ['ÇA', 'ca'],
    ['Superficie m²', 'superficiem2'],
    ['\u00a0Téléphone\u00a0', 'telephone'],
    ['---', ''],
    ['', ''],
  ])('%j → %j', (header, normalized) => {
    expect(normalizeHeader(header)).toBe(normalized);
  });
});

describe('formatFromMediaType', () => {
  it('recognizes the XLSX and CSV media types, parameters and case aside', () => {
    expect(formatFromMediaType(XLSX_MEDIA_TYPE)).toBe('xlsx');
    expect(formatFromMediaType(XLSX_MEDIA_TYPE.toUpperCase(), 'clients.csv')).toBe('xlsx');
    for (const type of CSV_MEDIA_TYPES) expect(formatFromMediaType(type)).toBe('csv');
    expect(formatFromMediaType('text/csv; charset=utf-8')).toBe('csv');
    expect(CSV_MEDIA_TYPES).toEqual(['text/csv', 'application/csv', 'text/plain']);
  });

  it('falls back on the extension for the types Windows browsers and generic clients send', () => {
    expect(formatFromMediaType('application/vnd.ms-excel', 'Clients.CSV')).toBe('csv');
    expect(formatFromMediaType('application/octet-stream', 'contrats.xlsx')).toBe('xlsx');
    expect(formatFromMediaType(undefined, 'export.tsv')).toBe('csv');
    expect(formatFromMediaType('', 'export.2024.txt')).toBe('csv');
  });

  it('gives up on other formats, .xls included', () => {
    expect(formatFromMediaType('application/vnd.ms-excel', 'clients.xls')).toBeUndefined();
    expect(formatFromMediaType('application/pdf', 'clients.pdf')).toBeUndefined();
    expect(formatFromMediaType(undefined)).toBeUndefined();
    expect(formatFromMediaType(undefined, 'csv')).toBeUndefined();
    expect(formatFromMediaType('application/vnd.oasis.opendocument.spreadsheet', 'a.ods')).toBe(
      undefined,
    );
  });
});

describe('readTabular', () => {
  it('rejects empty content as empty in both formats', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      await expect(readTabular(Buffer.alloc(0), format)).rejects.toMatchObject({ code: 'empty' });
    }
  });

  it('reports the size and the limit in the too_large message', async () => {
    await expect(
      readTabular(Buffer.alloc(1_572_864), 'xlsx', { maxBytes: 1_048_576 }),
    ).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringMatching(/1,5 Mo .* 1 Mo/),
    });
  });

  it('has the documented default limits', () => {
    expect(DEFAULT_TABULAR_LIMITS).toEqual({
      maxBytes: 20 * 1_048_576,
      maxRows: 50_000,
      maxUnzippedBytes: 50 * 1_048_576,
    });
  });
});

describe('message helpers', () => {
  it('names columns as spreadsheets do', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('rounds sizes up to a tenth of a megabyte, so a file just over a limit reads as over it', () => {
    expect(megabytes(20 * 1_048_576)).toBe('20');
    expect(megabytes(20 * 1_048_576 + 1)).toBe('20,1');
  });
});
