import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readTabular, TabularError, type TabularLimits } from './tabular.ts';
import { numberText } from './xlsx.ts';

/** @param stored zip entries stored, not deflated, so that tests can edit the XML in place. */
async function workbookBuffer(
  build: (workbook: ExcelJS.Workbook) => void,
  stored = false,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  const options = stored ? { zip: { compression: 'STORE' as const } } : {};
  return Buffer.from(await workbook.xlsx.writeBuffer(options));
}

/** A one-sheet workbook whose rows start at row 1. */
function sheetBuffer(rows: unknown[][]): Promise<Buffer> {
  return workbookBuffer((workbook) => {
    const sheet = workbook.addWorksheet('Clients');
    for (const row of rows) sheet.addRow(row);
  });
}

function readXlsx(content: Buffer, limits?: Partial<TabularLimits>) {
  return readTabular(content, 'xlsx', limits);
}

async function readXlsxError(content: Buffer, limits?: Partial<TabularLimits>) {
  const error: unknown = await readXlsx(content, limits).then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  if (!(error instanceof TabularError)) throw new Error(`expected a TabularError, got ${error}`);
  return error;
}

/** Renames an entry everywhere its name appears (local and central headers). */
function renamed(zip: Buffer, from: string, to: string): Buffer {
  const copy = Buffer.from(zip);
  for (let at = copy.indexOf(from); at !== -1; at = copy.indexOf(from, at + 1)) copy.write(to, at);
  return copy;
}

function garbled(zip: Buffer): Buffer {
  const copy = Buffer.from(zip);
  copy.fill(0xff, 200, 400);
  return copy;
}

describe('readTabular (XLSX)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('converts every kind of cell to the text the user means', async () => {
    const content = await workbookBuffer((workbook) => {
      const sheet = workbook.addWorksheet('Contrats');
      sheet.addRow([
        'N° contrat',
        { richText: [{ text: 'Date ', font: { bold: true } }, { text: "d'effet" }] },
        'Prime',
        'Prime annuelle',
        'Échéance',
        'Actif',
        'Assuré',
        'Site',
        'Code postal',
        'Taux',
        'Contrôle',
      ]);
      sheet.addRow([
        1042,
        new Date(Date.UTC(1985, 3, 12)),
        12.5,
        { formula: 'C2*12', result: 150 },
        { formula: 'B2+365', result: new Date(Date.UTC(1986, 3, 12)) },
        true,
        { richText: [{ text: 'Hélène ', font: { italic: true } }, { text: 'Dupont' }] },
        { text: 'cabinet-dupont.fr', hyperlink: 'https://cabinet-dupont.fr' },
        1000,
        0.1 + 0.2,
        { error: '#N/A' },
      ]);
      sheet.getCell('E2').numFmt = 'dd/mm/yyyy';
      sheet.getCell('I2').numFmt = '00000';
    });
    const data = await readXlsx(content);
    expect(data).toEqual({
      format: 'xlsx',
      headers: [
        'ncontrat',
        'datedeffet',
        'prime',
        'primeannuelle',
        'echeance',
        'actif',
        'assure',
        'site',
        'codepostal',
        'taux',
        'controle',
      ],
      rows: [
        {
          rowNumber: 2,
          values: {
            ncontrat: '1042',
            datedeffet: '1985-04-12',
            prime: '12.5',
            primeannuelle: '150',
            echeance: '1986-04-12',
            actif: 'true',
            assure: 'Hélène Dupont',
            site: 'cabinet-dupont.fr',
            codepostal: '01000',
            taux: '0.3',
            controle: '#N/A',
          },
        },
      ],
    });
  });

  it('gives the cached result of shared formulas, and nothing for a formula never computed', async () => {
    const content = await workbookBuffer((workbook) => {
      const sheet = workbook.addWorksheet('Primes');
      sheet.addRow(['Mensuelle', 'Annuelle', 'Brouillon']);
      sheet.addRow([10, { formula: 'A2*12', result: 120 }, { formula: 'A2*2' }]);
      sheet.addRow([20, { sharedFormula: 'B2', result: 240 }, false]);
    });
    const data = await readXlsx(content);
    expect(data.rows.map((row) => row.values)).toEqual([
      { mensuelle: '10', annuelle: '120', brouillon: '' },
      { mensuelle: '20', annuelle: '240', brouillon: 'false' },
    ]);
  });

  it("drops a date cell's time of day and reads the same day whatever the server's time zone", async () => {
    const content = await sheetBuffer([
      ['Date de naissance', 'Rendez-vous'],
      [new Date(Date.UTC(2000, 0, 1)), new Date(Date.UTC(2024, 0, 31, 23, 30))],
    ]);
    for (const zone of ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles']) {
      vi.stubEnv('TZ', zone);
      const data = await readXlsx(content);
      expect(data.rows[0]?.values).toEqual({
        datedenaissance: '2000-01-01',
        rendezvous: '2024-01-31',
      });
    }
  });

  it("skips empty rows but keeps Excel's row numbers, from a header below blank rows", async () => {
    const content = await workbookBuffer((workbook) => {
      const sheet = workbook.addWorksheet('Clients');
      sheet.getCell('B3').value = 'Nom';
      sheet.getCell('C3').value = 'Ville';
      sheet.getCell('B4').value = 'Dupont';
      sheet.getCell('C4').value = 'Nantes';
      sheet.getCell('B5').value = '   ';
      sheet.getCell('C5').value = '';
      sheet.getCell('C7').value = 'Lille';
    });
    const data = await readXlsx(content);
    expect(data.headers).toEqual(['nom', 'ville']);
    expect(data.rows).toEqual([
      { rowNumber: 4, values: { nom: 'Dupont', ville: 'Nantes' } },
      { rowNumber: 7, values: { nom: '', ville: 'Lille' } },
    ]);
  });

  it('trims text, keeps line breaks inside cells, and reads the other cells of a merged range as empty', async () => {
    const content = await workbookBuffer((workbook) => {
      const sheet = workbook.addWorksheet('Clients');
      sheet.addRow(['Nom', 'Adresse', 'Complément']);
      sheet.addRow(['  Dupont ', '12 rue des Lilas\r\n75011 Paris', null]);
      sheet.mergeCells('B2:C2');
    });
    const data = await readXlsx(content);
    expect(data.rows[0]?.values).toEqual({
      nom: 'Dupont',
      adresse: '12 rue des Lilas\n75011 Paris',
      complement: '',
    });
  });

  it('keeps non-empty cells without a header under __extra', async () => {
    const content = await sheetBuffer([
      ['Nom', null, 'Ville'],
      ['Dupont', 'à vérifier', 'Nantes', null, 42],
    ]);
    const data = await readXlsx(content);
    expect(data.headers).toEqual(['nom', 'ville']);
    expect(data.rows[0]?.values).toEqual({
      nom: 'Dupont',
      ville: 'Nantes',
      __extra: 'à vérifier | 42',
    });
  });

  it('reads the first visible worksheet', async () => {
    const content = await workbookBuffer((workbook) => {
      workbook.addWorksheet('Listes', { state: 'hidden' }).addRow(['Civilité']);
      workbook.addWorksheet('Clients').addRow(['Nom']);
      workbook.addWorksheet('Contrats').addRow(['Numéro']);
    });
    expect((await readXlsx(content)).headers).toEqual(['nom']);
  });

  it('accepts a header without data rows', async () => {
    const data = await readXlsx(await sheetBuffer([['Nom', 'Prénom']]));
    expect(data).toEqual({ format: 'xlsx', headers: ['nom', 'prenom'], rows: [] });
  });

  it('rejects an empty sheet, a header-less first row and duplicate headers', async () => {
    const empty = await workbookBuffer((workbook) => workbook.addWorksheet('Clients'));
    expect((await readXlsxError(empty)).code).toBe('empty');

    const noHeader = await sheetBuffer([
      ['—', '(*)'],
      ['Dupont', 'Nantes'],
    ]);
    const noHeaderError = await readXlsxError(noHeader);
    expect(noHeaderError.code).toBe('no_header');
    expect(noHeaderError.message).toContain('La ligne 1');

    const duplicate = await sheetBuffer([['Prénom', 'Nom', 'PRENOM']]);
    const duplicateError = await readXlsxError(duplicate);
    expect(duplicateError.code).toBe('duplicate_header');
    expect(duplicateError.message).toContain('A (« Prénom ») et C (« PRENOM »)');
  });

  it('rejects what is not an XLSX workbook as unreadable', async () => {
    const workbook = await sheetBuffer([['Nom'], ['Dupont']]);
    const cases = [
      Buffer.from('Nom;Ville\nDupont;Nantes\n'),
      workbook.subarray(0, workbook.length - 100),
      // A ZIP that is no workbook: ExcelJS reads it as a workbook without sheets.
      renamed(workbook, 'xl/workbook.xml', 'xl/notebook.xml'),
      // Compressed data garbled.
      garbled(workbook),
      // Well compressed, badly formed XML: ExcelJS's own parser fails.
      await workbookBuffer((book) => book.addWorksheet('Clients').addRow(['Nom']), true).then(
        (stored) => renamed(stored, '<sheetData>', '<sheetDat<>'),
      ),
    ];
    for (const content of cases) expect((await readXlsxError(content)).code).toBe('unreadable');
  });

  it('tells Excel 97-2003 and password-protected files apart', async () => {
    const cfb = Buffer.alloc(512);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(cfb);
    const error = await readXlsxError(cfb);
    expect(error.code).toBe('unreadable');
    expect(error.message).toContain('.xls');
  });

  it('rejects more data rows than maxRows', async () => {
    const content = await sheetBuffer([['Nom'], ['A'], [], ['B'], ['C']]);
    expect((await readXlsx(content, { maxRows: 3 })).rows.map((row) => row.rowNumber)).toEqual([
      2, 4, 5,
    ]);
    expect((await readXlsxError(content, { maxRows: 2 })).code).toBe('too_many_rows');
  });

  it('rejects a file larger than maxBytes, or whose parts unzip to more than maxUnzippedBytes', async () => {
    const content = await sheetBuffer([
      ['Nom'],
      ...Array.from({ length: 2_000 }, () => ['Dupont']),
    ]);
    expect((await readXlsxError(content, { maxBytes: content.length - 1 })).code).toBe('too_large');
    await expect(readXlsx(content, { maxBytes: content.length })).resolves.toBeDefined();

    const error = await readXlsxError(content, { maxUnzippedBytes: 100_000 });
    expect(error.code).toBe('too_large');
    expect(error.message).toContain('décompressé');
  });
});

describe('numberText', () => {
  it.each([
    [12.5, undefined, '12.5'],
    [42, undefined, '42'],
    [-0, undefined, '0'],
    [0.1 + 0.2, undefined, '0.3'],
    [100 * 1.1, undefined, '110'],
    [0.7 * 3, undefined, '2.1'],
    [-3.75, undefined, '-3.75'],
    // Integers beyond 15 digits are not rounded: they came from another tool than Excel.
    [1234567890123456, undefined, '1234567890123456'],
    [612345678, '0000000000', '0612345678'],
    [75011, '00000', '75011'],
    [1000, '0.00', '1000'],
    [1000.5, '00000', '1000.5'],
  ])('%d with format %j → %j', (value, numFmt, text) => {
    expect(numberText(value, numFmt)).toBe(text);
  });
});
