import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleData } from './data-model.ts';
import { TemplateLimitError, TemplateRenderError, TemplateSyntaxError } from './errors.ts';
import { fillWorkbook, parseWorkbookTemplate } from './xlsx.ts';
import { fastRowWriter, xmlEncode } from './xlsx-rows.ts';

const MONEY = '#,##0.00 "€"';
const NAVY = 'FF1F3A5F';

async function workbookBytes(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function read(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  return workbook;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error,
  );
}

/** A bordereau: title, contract line, header, one repeated row, a total and a footer. */
function bordereau(workbook: ExcelJS.Workbook): void {
  const sheet = workbook.addWorksheet('Bordereau', {
    views: [{ state: 'frozen', ySplit: 3 }],
    properties: { tabColor: { argb: NAVY } },
  });
  sheet.getColumn(1).width = 14;
  sheet.getColumn(2).width = 16;
  sheet.getColumn(4).width = 22;
  sheet.getCell('A1').value = '{{ organization.name }}';
  sheet.getCell('A1').font = { bold: true, size: 14, color: { argb: NAVY } };
  sheet.mergeCells('A1:D1');
  sheet.getCell('A2').value = 'Contrat {{ policy.number }} — {{ client.display_name }}';
  sheet.getRow(3).values = ['Échéance', 'Prime HT', 'Payée le', 'Statut', 'Devise'];
  sheet.getCell('A4').value = '{{ premiums[].due_date | date_fr }}';
  sheet.getCell('B4').value = '{{ premiums[].amount }}';
  sheet.getCell('B4').numFmt = MONEY;
  sheet.getCell('C4').value = '{{ premiums[].paid_at }}';
  sheet.getCell('D4').value = '{{ premiums[].status_label }}';
  sheet.getCell('D4').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF4F6F9' } };
  sheet.getCell('E4').value = 'EUR';
  sheet.getRow(4).height = 20;
  sheet.getCell('A5').value = 'Total';
  sheet.getCell('B5').value = '{{ premiums | sum: "amount" }}';
  sheet.getCell('B5').numFmt = MONEY;
  sheet.getCell('C5').value = { formula: 'B4*2', result: 420 };
  sheet.getCell('A7').value = 'Édité le {{ today | date_long }}';
  sheet.mergeCells('A7:C7');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('fillWorkbook', () => {
  it('repeats the list row, keeps types, styles, sizes and merges, and moves the rows below', async () => {
    const filled = await read(await fillWorkbook(await workbookBytes(bordereau), sampleData()));
    const sheet = filled.getWorksheet('Bordereau')!;

    expect(sheet.getCell('A1').value).toBe('Cabinet Martin Courtage');
    expect(sheet.getCell('A1').font).toMatchObject({ bold: true, size: 14, color: { argb: NAVY } });
    expect(sheet.getCell('A2').value).toBe('Contrat AUTO-2026-0042 — Hélène Dupré');
    expect(sheet.getRow(3).values).toEqual([
      undefined,
      'Échéance',
      'Prime HT',
      'Payée le',
      'Statut',
      'Devise',
    ]);

    const rows = [4, 5, 6, 7].map((n) => sheet.getRow(n));
    expect(rows.map((row) => row.getCell(1).value)).toEqual([
      '15/01/2026',
      '15/04/2026',
      '15/07/2026',
      '15/10/2026',
    ]);
    for (const row of rows) {
      const amount = row.getCell(2);
      expect(amount.type).toBe(ExcelJS.ValueType.Number);
      expect(amount.value).toBe(210);
      expect(amount.numFmt).toBe(MONEY);
      expect(row.height).toBe(20);
      expect(row.getCell(4).fill).toMatchObject({ fgColor: { argb: 'FFF4F6F9' } });
      expect(row.getCell(5).value).toBe('EUR');
    }
    // An unfiltered ISO date is a real date, formatted; an absent one leaves the cell empty.
    expect(rows[0]!.getCell(3).type).toBe(ExcelJS.ValueType.Date);
    expect(rows[0]!.getCell(3).value).toEqual(new Date(Date.UTC(2026, 0, 12)));
    expect(rows[0]!.getCell(3).numFmt).toBe('dd/mm/yyyy');
    expect(rows[2]!.getCell(3).value).toBeNull();
    expect(rows.map((row) => row.getCell(4).value)).toEqual(['Payée', 'Payée', 'Émise', 'Émise']);

    // The total row moved from 5 to 8; its sum is a number; the formula is copied as written.
    expect(sheet.getCell('A8').value).toBe('Total');
    expect(sheet.getCell('B8').type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell('B8').value).toBe(840);
    expect(sheet.getCell('B8').numFmt).toBe(MONEY);
    expect(sheet.getCell('C8').value).toMatchObject({ formula: 'B4*2' });
    expect(sheet.getCell('A10').value).toBe('Édité le 15 juin 2026');

    expect(sheet.model.merges.sort()).toEqual(['A10:C10', 'A1:D1']);
    expect(sheet.getColumn(1).width).toBe(14);
    expect(sheet.getColumn(2).width).toBe(16);
    expect(sheet.getColumn(4).width).toBe(22);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.properties.tabColor).toEqual({ argb: NAVY });
    expect(sheet.rowCount).toBe(10);
  });

  it('removes the row of an empty or missing list, moving the rows below up', async () => {
    const template = await workbookBytes(bordereau);
    for (const premiums of [[], null, 'not a list']) {
      const sheet = (await read(await fillWorkbook(template, { ...sampleData(), premiums })))
        .worksheets[0]!;
      expect(sheet.getCell('A4').value).toBe('Total');
      expect(sheet.getCell('B4').value).toBe(0);
      expect(sheet.getCell('A6').value).toBe('Édité le 15 juin 2026');
      expect(sheet.model.merges.sort()).toEqual(['A1:D1', 'A6:C6']);
    }
  });

  it('writes 5,000 rows with globals, filters and text around placeholders', async () => {
    const premiums = Array.from({ length: 5_000 }, (_, i) => ({
      sequence: i + 1,
      amount: i / 4,
      due_date: `2026-${String((i % 12) + 1).padStart(2, '0')}-01`,
      status_label: i % 2 ? 'Payée' : 'Émise <b> & "co"',
    }));
    const template = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Primes');
      sheet.getCell('A1').value = 'N°';
      sheet.getCell('A2').value = '{{ premiums[].sequence }}';
      sheet.getCell('B2').value = '{{ premiums[].amount | money }}';
      sheet.getCell('C2').value = 'Échéance du {{ premiums[].due_date | date_long }}';
      sheet.getCell('D2').value = '{{ policy.number }}/{{ premiums[].sequence }}';
      sheet.getCell('E2').value = '{{ premiums[].status_label }}';
      sheet.getCell('F2').value = true;
      sheet.getCell('G2').value = 12.5;
      sheet.getCell('H2').value = new Date(Date.UTC(2026, 0, 1));
      sheet.getCell('I2').border = { top: { style: 'thin' } };
      sheet.getCell('J2').value = '{% if premiums[].sequence > 4998 %}fin{% endif %}';
      sheet.getCell('A3').value = '{{ premiums.size }} échéances';
    });
    const sheet = (await read(await fillWorkbook(template, { ...sampleData(), premiums })))
      .worksheets[0]!;
    expect(sheet.rowCount).toBe(5_002);
    const last = sheet.getRow(5_001);
    expect(last.values).toEqual([
      undefined,
      5_000,
      '1\u202f249,75\u00a0€',
      'Échéance du 1er août 2026',
      'AUTO-2026-0042/5000',
      'Payée',
      true,
      12.5,
      new Date(Date.UTC(2026, 0, 1)),
      undefined,
      'fin',
    ]);
    expect(last.getCell(9).border).toEqual({ top: { style: 'thin' } });
    expect(sheet.getCell('E2').value).toBe('Émise <b> & "co"');
    expect(sheet.getCell('J2').value).toBeNull();
    expect(sheet.getCell('A5002').value).toBe('5000 échéances');
  });

  it('repeats rows holding formulas or rich text through ExcelJS rows', async () => {
    const template = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Feuil1');
      sheet.getCell('A1').value = '{{ policies[].number }}';
      sheet.getCell('B1').value = { formula: 'A1&"!"', result: 'x' };
      sheet.getCell('C1').value = {
        richText: [
          { text: 'Client ' },
          { font: { bold: true }, text: '{{ policies[].client_display_name }}' },
        ],
      };
      sheet.getCell('D1').value = { text: 'ORIAS', hyperlink: 'https://www.orias.fr' };
      sheet.getRow(1).height = 18;
      sheet.getCell('A2').value = 'fin';
    });
    const sheet = (await read(await fillWorkbook(template, sampleData()))).worksheets[0]!;
    expect(sheet.getColumn(1).values).toEqual([
      undefined,
      'AUTO-2026-0042',
      'MRH-2025-0117',
      'fin',
    ]);
    expect(sheet.getCell('C2').value).toBe('Client Hélène Dupré');
    expect(sheet.getCell('B2').value).toMatchObject({ formula: 'A1&"!"' });
    expect(sheet.getCell('D2').value).toMatchObject({ hyperlink: 'https://www.orias.fr' });
    expect(sheet.getRow(2).height).toBe(18);
  });

  it('gives the same bytes for the same data, whatever the clock says', async () => {
    const template = await workbookBytes(bordereau);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T10:00:00Z'));
    const first = await fillWorkbook(template, sampleData());
    vi.setSystemTime(new Date('2031-07-14T18:30:00Z'));
    const second = await fillWorkbook(template, sampleData());
    vi.useRealTimers();
    expect(second.equals(first)).toBe(true);
    const workbook = await read(first);
    expect(workbook.created).toEqual(new Date(Date.UTC(2026, 5, 15)));
    expect(workbook.modified).toEqual(new Date(Date.UTC(2026, 5, 15)));
    // Without `today`, a fixed date.
    const undated = await read(await fillWorkbook(template, { ...sampleData(), today: null }));
    expect(undated.created).toEqual(new Date(Date.UTC(1980, 0, 1)));
  });

  it('keeps several sheets, hidden ones included', async () => {
    const template = await workbookBytes((workbook) => {
      workbook.addWorksheet('Synthèse').getCell('A1').value = '{{ client.display_name }}';
      const hidden = workbook.addWorksheet('Listes', { state: 'hidden' });
      hidden.getCell('A1').value = '{{ company.name }}';
    });
    const workbook = await read(await fillWorkbook(template, sampleData()));
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([
      ['Synthèse', 'visible'],
      ['Listes', 'hidden'],
    ]);
    expect(workbook.getWorksheet('Listes')!.getCell('A1').value).toBe("Mutuelle de l'Ouest");
  });

  it('names the cell of a failing placeholder', async () => {
    const template = await workbookBytes((workbook) => {
      workbook.addWorksheet('Mon onglet').getCell('B2').value = '{{ "%%%" | base64_decode }}';
    });
    const error = await failure(fillWorkbook(template, sampleData()));
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect(error).toMatchObject({ cell: "'Mon onglet'!B2", code: 'render_failed' });
    expect(error.message).toMatch(/^Cellule 'Mon onglet'!B2 : /);
  });

  it('stops at the limits: output size, time, Excel rows and cell length', async () => {
    const template = await workbookBytes(bordereau);
    const many = {
      ...sampleData(),
      premiums: Array.from({ length: 20_000 }, () => ({ amount: 1 })),
    };
    expect(await failure(fillWorkbook(template, many, { maxOutputBytes: 10_000 }))).toMatchObject({
      code: 'output_too_large',
    });
    expect(
      await failure(fillWorkbook(template, sampleData(), { maxOutputBytes: 1_000 })),
    ).toMatchObject({ code: 'output_too_large' });
    expect(await failure(fillWorkbook(template, many, { fillTimeMs: 0 }))).toMatchObject({
      code: 'render_timeout',
    });
    const tooMany = { ...sampleData(), premiums: new Array<unknown>(1_048_576).fill({}) };
    const rows = await failure(fillWorkbook(template, tooMany));
    expect(rows).toBeInstanceOf(TemplateLimitError);
    expect(rows).toMatchObject({ code: 'too_many_rows' });

    const long = await workbookBytes((workbook) => {
      workbook.addWorksheet('Feuil1').getCell('A1').value = '{{ client.display_name | append: x }}';
    });
    const error = await failure(fillWorkbook(long, { ...sampleData(), x: 'y'.repeat(40_000) }));
    expect(error).toMatchObject({ code: 'output_too_large', cell: 'Feuil1!A1' });
  });

  it('stops a slow cell with LiquidJS limits shared by the whole workbook', async () => {
    const template = await workbookBytes((workbook) => {
      workbook.addWorksheet('Feuil1').getCell('A1').value =
        '{% for i in (1..100000000) %}x{% endfor %}';
    });
    expect(await failure(fillWorkbook(template, {}))).toMatchObject({
      code: 'memory',
      cell: 'Feuil1!A1',
    });
  });
});

describe('parseWorkbookTemplate', () => {
  it('lists variables, warns with cells, and counts sheets', async () => {
    const template = await workbookBytes((workbook) => {
      bordereau(workbook);
      const other = workbook.addWorksheet('Notes de frais');
      other.getCell('C3').value = '{{ premiums[].montant }} {{ client.firstName }}';
      other.getCell('C4').value = 'sans balise premiums[]';
      other.getCell('C5').value = 42;
    });
    const parsed = await parseWorkbookTemplate(template);
    expect(parsed.sheets).toBe(2);
    expect(parsed.variables).toEqual([
      'organization.name',
      'policy.number',
      'client.display_name',
      'premiums[].due_date',
      'premiums[].amount',
      'premiums[].paid_at',
      'premiums[].status_label',
      'premiums',
      'today',
      'premiums[].montant',
      'client.firstName',
    ]);
    expect(parsed.warnings).toEqual([
      expect.objectContaining({
        code: 'unknown_variable',
        variable: 'premiums[].montant',
        cell: "'Notes de frais'!C3",
      }),
      expect.objectContaining({
        code: 'not_snake_case',
        variable: 'client.firstName',
        cell: "'Notes de frais'!C3",
      }),
    ]);
  });

  it.each([
    ['{{ premiums[].amount | nope }}', 'unknown_filter', /^Cellule Feuil1!B4 : Filtre inconnu/],
    ['{% if premiums[].paid_at %}payée', 'invalid_syntax', /n'est pas fermée/],
    ['{{ policy.number', 'invalid_syntax', /n'est pas fermée/],
    ["{% include 'x' %}", 'forbidden_tag', /include/],
    ['{{ premiums[].amount }} {{ policies[].number }}', 'invalid_row', /une seule liste/],
    ['{{ policies[].premiums[].amount }}', 'invalid_row', /liste dans une liste/],
  ])('refuses %j with the cell address', async (text, code, message) => {
    const template = await workbookBytes((workbook) => {
      workbook.addWorksheet('Feuil1').getCell('B4').value = text;
    });
    const error = await failure(parseWorkbookTemplate(template));
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect(error).toMatchObject({ code, cell: 'Feuil1!B4', line: undefined });
    expect(error.message).toMatch(message);
  });

  it('refuses two lists in one row, naming the second cell', async () => {
    const template = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Feuil1');
      sheet.getCell('A2').value = '{{ premiums[].amount }}';
      sheet.getCell('C2').value = '{{ policies[].number }}';
    });
    expect(await failure(parseWorkbookTemplate(template))).toMatchObject({
      code: 'invalid_row',
      cell: 'Feuil1!C2',
    });
  });

  it('refuses what is not a readable workbook', async () => {
    const docx = zip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);
    const cfb = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    for (const bytes of [
      Buffer.from('%PDF-1.7 not a workbook'),
      Buffer.alloc(0),
      docx,
      cfb,
      zip([{ name: '[Content_Types].xml', data: Buffer.from('<not-xml') }]),
    ]) {
      const error = await failure(parseWorkbookTemplate(bytes));
      expect(error).toBeInstanceOf(TemplateSyntaxError);
      expect(error).toMatchObject({ code: 'unreadable_workbook' });
    }
    expect((await failure(parseWorkbookTemplate(cfb))).message).toContain('97-2003');
  });

  it('refuses a zip bomb and an oversized file before ExcelJS inflates them', async () => {
    const bomb = zip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(32 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(100_000);
    const error = await failure(parseWorkbookTemplate(bomb, { maxUnzippedBytes: 8 * 1024 * 1024 }));
    expect(error).toBeInstanceOf(TemplateLimitError);
    expect(error).toMatchObject({ code: 'file_too_large' });
    expect(error.message).toContain('décompressé');

    const template = await workbookBytes(bordereau);
    expect(
      await failure(fillWorkbook(template, {}, { maxFileBytes: template.length - 1 })),
    ).toMatchObject({ code: 'file_too_large', message: expect.stringContaining('Mio') });
  });
});

describe('fast row writer', () => {
  it('escapes as ExcelJS does', () => {
    expect(xmlEncode('a<b>&"c\'\u0001\u007f\td')).toBe('a&lt;b&gt;&amp;&quot;c&apos;\td');
    expect(xmlEncode('plain')).toBe('plain');
  });

  it('stays out of the way when ExcelJS internals are missing', () => {
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({});
    expect(fastRowWriter(writer, {} as ExcelJS.Worksheet)).toBeUndefined();
  });
});

/** A ZIP of deflated entries, each declaring its real size. */
function zip(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const data = deflateRawSync(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
