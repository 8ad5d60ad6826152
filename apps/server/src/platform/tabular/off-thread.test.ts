import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTabularOffThread } from './off-thread.ts';
import { readTabular, TabularError } from './tabular.ts';

const csv = (rows: number) =>
  Buffer.from(
    'Nom;Prénom;Ville\n' +
      Array.from({ length: rows }, (_, i) => `Dupré ${i};"Hélène\r\nB";Paris`).join('\n'),
  );

describe('readTabularOffThread', () => {
  it('reads a file in a worker thread exactly as readTabular does in place', async () => {
    const content = csv(3_500);
    const inWorker = await readTabularOffThread(content, 'csv', {}, { minBytes: 0 });
    expect(inWorker).toEqual(await readTabular(content, 'csv'));
    expect(inWorker.rows).toHaveLength(3_500);
  }, 120_000);

  it('reads an XLSX workbook in a worker thread', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Clients');
    sheet.addRow(['Nom', 'Naissance']);
    sheet.addRow(['Dupré', new Date(Date.UTC(1980, 4, 17))]);
    const content = Buffer.from(await book.xlsx.writeBuffer());
    const data = await readTabularOffThread(content, 'xlsx', {}, { minBytes: 0 });
    expect(data).toEqual({
      headers: ['nom', 'naissance'],
      rows: [{ rowNumber: 2, values: { nom: 'Dupré', naissance: '1980-05-17' } }],
      format: 'xlsx',
    });
  }, 120_000);

  it("gives back the worker's TabularError, message and code, for the user to read", async () => {
    const latin1 = Buffer.from('Nom;Ville\nDupré;Orléans\n', 'latin1');
    const error = await readTabularOffThread(latin1, 'csv', {}, { minBytes: 0 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TabularError);
    expect(error).toMatchObject({
      code: 'bad_encoding',
      message: expect.stringContaining('UTF-8'),
    });
    const tooMany = await readTabularOffThread(
      csv(20),
      'csv',
      { maxRows: 10 },
      { minBytes: 0 },
    ).catch((e: unknown) => e);
    expect(tooMany).toMatchObject({ code: 'too_many_rows' });
  }, 120_000);
});
