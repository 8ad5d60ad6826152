import { describe, expect, it } from 'vitest';
import { detectDelimiter } from './csv.ts';
import { readTabular, TabularError, type TabularLimits } from './tabular.ts';

const BOM = '\uFEFF';

function readCsv(text: string | Buffer, limits?: Partial<TabularLimits>) {
  return readTabular(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, 'csv', limits);
}

async function readCsvError(text: string | Buffer, limits?: Partial<TabularLimits>) {
  const error: unknown = await readCsv(text, limits).then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  if (!(error instanceof TabularError)) throw new Error(`expected a TabularError, got ${error}`);
  return error;
}

describe('readTabular (CSV)', () => {
  it("reads French Excel's « CSV UTF-8 »: BOM, ';', CRLF, accents, normalized headers", async () => {
    const data = await readCsv(
      `${BOM}Nom;Prénom;Date de naissance;E-mail\r\n` +
        'Dupont;Hélène;12/04/1985;helene.dupont@exemple.fr\r\n' +
        'Lefèvre;Jérôme;01/02/1970;\r\n',
    );
    expect(data).toEqual({
      format: 'csv',
      delimiter: ';',
      headers: ['nom', 'prenom', 'datedenaissance', 'email'],
      rows: [
        {
          rowNumber: 2,
          values: {
            nom: 'Dupont',
            prenom: 'Hélène',
            datedenaissance: '12/04/1985',
            email: 'helene.dupont@exemple.fr',
          },
        },
        {
          rowNumber: 3,
          values: { nom: 'Lefèvre', prenom: 'Jérôme', datedenaissance: '01/02/1970', email: '' },
        },
      ],
    });
  });

  it("reads ',' with RFC 4180 quotes: delimiters, doubled quotes and line breaks inside cells", async () => {
    const data = await readCsv(
      'name,address,note\n' +
        '"Martin, Paul","12 rue des Lilas\n75011 Paris","dit ""Polo"""\n' +
        'Durand,"3 place de l\'Église\r\n69002 Lyon",\n',
    );
    expect(data.delimiter).toBe(',');
    expect(data.rows).toEqual([
      {
        rowNumber: 2,
        values: {
          name: 'Martin, Paul',
          address: '12 rue des Lilas\n75011 Paris',
          note: 'dit "Polo"',
        },
      },
      {
        // The record above spans two lines of the file, but is one row in a spreadsheet.
        rowNumber: 3,
        values: { name: 'Durand', address: "3 place de l'Église\n69002 Lyon", note: '' },
      },
    ]);
  });

  it('reads tab-separated text', async () => {
    const data = await readCsv('Nom\tVille\nDupont\tNantes\n');
    expect(data.delimiter).toBe('\t');
    expect(data.rows).toEqual([{ rowNumber: 2, values: { nom: 'Dupont', ville: 'Nantes' } }]);
  });

  it('reads CR-only line ends (old Mac exports) and a last line without a line end', async () => {
    const data = await readCsv('Nom;Ville\rDupont;Nantes\rMartin;Lille');
    expect(data.rows.map((row) => row.values)).toEqual([
      { nom: 'Dupont', ville: 'Nantes' },
      { nom: 'Martin', ville: 'Lille' },
    ]);
  });

  it('numbers rows as a spreadsheet does: empty records are skipped but keep their number', async () => {
    const data = await readCsv(
      '\r\n \r\nNom;Ville\r\nDupont;Nantes\r\n;;\r\n\r\nMartin;Lille\r\n\r\n\r\n',
    );
    expect(data.headers).toEqual(['nom', 'ville']);
    expect(data.rows.map((row) => [row.rowNumber, row.values.nom])).toEqual([
      [4, 'Dupont'],
      [7, 'Martin'],
    ]);
  });

  it('trims cells, quoted or not, and gives missing cells as empty', async () => {
    const data = await readCsv('  Nom ; Ville ;Code postal\n  Dupont  ;" Nantes "\n');
    expect(data.rows[0]?.values).toEqual({ nom: 'Dupont', ville: 'Nantes', codepostal: '' });
  });

  it('keeps non-empty cells without a header under __extra, and ignores empty ones', async () => {
    const data = await readCsv('Nom;;Ville\nDupont;;Nantes;;\nMartin;x;Lille;;y;\n');
    expect(data.headers).toEqual(['nom', 'ville']);
    expect(data.rows.map((row) => row.values)).toEqual([
      { nom: 'Dupont', ville: 'Nantes' },
      { nom: 'Martin', ville: 'Lille', __extra: 'x | y' },
    ]);
  });

  it('keeps text between a closing quote and the delimiter, as Excel does', async () => {
    const data = await readCsv('Nom;Ville\n"Le Clos" des Vignes;"Nantes" \n');
    expect(data.rows[0]?.values).toEqual({ nom: 'Le Clos des Vignes', ville: 'Nantes' });
  });

  it('treats a quote inside an unquoted cell as text', async () => {
    const data = await readCsv('Produit;Taille\nÉcran 27";Grand\n');
    expect(data.rows[0]?.values).toEqual({ produit: 'Écran 27"', taille: 'Grand' });
  });

  it('accepts a header without data rows', async () => {
    const data = await readCsv('Nom;Prénom\r\n\r\n');
    expect(data).toEqual({ format: 'csv', delimiter: ';', headers: ['nom', 'prenom'], rows: [] });
  });

  it('rejects Windows-1252 text, asking for « CSV UTF-8 »', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('Nom;Pr'),
      Buffer.from([0xe9]),
      Buffer.from('nom\r\nDupont;H'),
      Buffer.from([0xe9]),
      Buffer.from('l'),
      Buffer.from([0xe8]),
      Buffer.from('ne\r\n'),
    ]);
    const error = await readCsvError(latin1);
    expect(error.code).toBe('bad_encoding');
    expect(error.message).toContain('« CSV UTF-8');
  });

  it("rejects UTF-16 text (Excel's « Texte Unicode ») as not UTF-8", async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Nom\tVille\r\n', 'utf16le'),
    ]);
    expect((await readCsvError(utf16)).code).toBe('bad_encoding');
  });

  it('rejects an unclosed quote, naming the row where it opens, rather than swallowing the rest', async () => {
    const error = await readCsvError('Nom;Ville\nDupont;Nantes\n"Martin;Lille\nDurand;Brest\n');
    expect(error.code).toBe('unreadable');
    expect(error.message).toContain('La ligne 3 ');
  });

  it('rejects a workbook sent as CSV', async () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    const error = await readCsvError(zip);
    expect(error.code).toBe('unreadable');
    expect(error.message).toContain('classeur Excel');
  });

  it('rejects headers that normalize to the same name, naming both columns', async () => {
    const error = await readCsvError('Nom;E-mail;Ville;Email\nDupont;a@b.fr;Nantes;c@d.fr\n');
    expect(error.code).toBe('duplicate_header');
    expect(error.message).toContain('B (« E-mail »)');
    expect(error.message).toContain('D (« Email »)');
  });

  it('rejects a first non-empty row without any usable column name', async () => {
    const error = await readCsvError('\n---;***\nDupont;Nantes\n');
    expect(error.code).toBe('no_header');
    expect(error.message).toContain('La ligne 2');
  });

  it.each([
    ['nothing', ''],
    ['a BOM only', BOM],
    ['blank lines', '\r\n  \r\n\t\r\n'],
    ['delimiters only', ';;\n;;\n'],
  ])('rejects a file with %s as empty', async (_, text) => {
    expect((await readCsvError(text)).code).toBe('empty');
  });

  it('rejects more data rows than maxRows, not counting the header nor empty rows', async () => {
    const text = 'Nom\nA\n\nB\nC\n';
    expect((await readCsv(text, { maxRows: 3 })).rows).toHaveLength(3);
    const error = await readCsvError(text, { maxRows: 2 });
    expect(error.code).toBe('too_many_rows');
    expect(error.message).toContain('2 lignes');
  });

  it('rejects a file larger than maxBytes before reading it', async () => {
    const text = 'Nom\nDupont\n';
    expect((await readCsv(text, { maxBytes: text.length })).rows).toHaveLength(1);
    // Invalid UTF-8 too: the size is checked first.
    const error = await readCsvError(Buffer.from([...Buffer.from(text), 0xe9]), {
      maxBytes: text.length,
    });
    expect(error.code).toBe('too_large');
  });

  it('applies default limits of 20 MiB and 50,000 rows', async () => {
    const rows = 'x\n'.repeat(50_000);
    expect((await readCsv(`Nom\n${rows}`)).rows).toHaveLength(50_000);
    expect((await readCsvError(`Nom\n${rows}x\n`)).code).toBe('too_many_rows');
    expect((await readCsvError(Buffer.alloc(20 * 1_048_576 + 1, 0x61))).code).toBe('too_large');
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['Nom;Prénom;Ville', ';'],
    ['name,first,city', ','],
    ['Nom\tPrénom', '\t'],
    ['"Nom, prénom";"Ville, pays"', ';'],
    ['"Nom; prénom","Ville; pays",x', ','],
    ['a;b,c\nx,y,z,w,v', ';'],
    ['\r\n\r\n  a,b\n', ','],
    ['Nom', ';'],
    ['a;b,c', ';'],
  ])('finds the delimiter of %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});
