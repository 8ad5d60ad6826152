import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { benchmarkData, benchmarkTemplate, measure, rawWrite } from './xlsx.measure.ts';
import { fillWorkbook } from './xlsx.ts';

async function rows(bytes: Buffer, from: number): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  const values: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row, number) => {
    if (number >= from) values.push((row.values as unknown[]).slice(1));
  });
  return values;
}

describe('xlsx.measure', () => {
  it('compares the fill with a raw writer writing the same values', async () => {
    const data = benchmarkData(300);
    const filled = await rows(await fillWorkbook(await benchmarkTemplate(), data), 4);
    const raw = await rows(await rawWrite(data), 4);
    // The fill adds the total row below the repeated ones.
    expect(filled.slice(0, -1)).toEqual(raw);
    expect(raw).toHaveLength(300);
    expect(filled.at(-1)?.[8]).toBeGreaterThan(0);
  });

  it('reports times, sizes and peak memory', async () => {
    const result = await measure(50);
    expect(result).toMatchObject({ rows: 50, columns: 10 });
    for (const run of [result.fill, result.raw]) {
      expect(run?.bytes).toBeGreaterThan(1_000);
      expect(run?.maxRssMiB).toBeGreaterThan(10);
      expect(run?.ms).toBeGreaterThanOrEqual(0);
    }
    expect(Object.keys(await measure(10, 'fill'))).toEqual(['rows', 'columns', 'fill']);
    expect(Object.keys(await measure(10, 'raw'))).toEqual(['rows', 'columns', 'raw']);
  });
});
