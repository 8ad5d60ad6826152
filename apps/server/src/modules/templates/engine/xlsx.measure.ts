import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import type { RenderData } from './data-model.ts';
import { dateFr } from './filters.ts';
import { fillWorkbook } from './xlsx.ts';

/**
 * Times `fillWorkbook` on a bordereau of `rows` repeated rows × 10 columns, next to ExcelJS's
 * streaming writer writing the same values with the same styles (the floor the fill builds on),
 * and reports the process's peak RSS after each. The lead turns it into the official benchmark.
 *
 *   npx tsx apps/server/src/modules/templates/engine/xlsx.measure.ts [rows] [fill|raw|both]
 */

const MONEY = '#,##0.00 "€"';

/** The columns of the repeated row: the placeholder, and the value the raw writer writes. */
const COLUMNS: readonly [
  placeholder: string,
  value: (p: BenchPremium) => string | number,
  money?: boolean,
][] = [
  ['{{ premiums[].sequence }}', (p) => p.sequence],
  ['{{ premiums[].policy_number }}', (p) => p.policy_number],
  ['{{ premiums[].client_display_name }}', (p) => p.client_display_name],
  ['{{ premiums[].due_date | date_fr }}', (p) => dateFr(p.due_date)],
  ['{{ premiums[].period_start | date_fr }}', (p) => dateFr(p.period_start)],
  ['{{ premiums[].period_end | date_fr }}', (p) => dateFr(p.period_end)],
  ['{{ premiums[].amount }}', (p) => p.amount, true],
  ['{{ premiums[].tax }}', (p) => p.tax, true],
  ['{{ premiums[].total }}', (p) => p.total, true],
  ['{{ premiums[].status_label }}', (p) => p.status_label],
];

interface BenchPremium {
  sequence: number;
  policy_number: string;
  client_display_name: string;
  due_date: string;
  period_start: string;
  period_end: string;
  amount: number;
  tax: number;
  total: number;
  status_label: string;
}

/** A one-sheet template: a title, a header row, the repeated row and a total row. */
export async function benchmarkTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Bordereau');
  sheet.getCell('A1').value = 'Bordereau {{ organization.name }} au {{ today | date_fr }}';
  sheet.getRow(3).values = COLUMNS.map(([placeholder]) =>
    placeholder.replace(/[{}]|premiums\[\]\./g, '').trim(),
  );
  COLUMNS.forEach(([placeholder, , money], i) => {
    const cell = sheet.getCell(4, i + 1);
    cell.value = placeholder;
    if (money) cell.numFmt = MONEY;
  });
  sheet.getCell(5, 9).value = '{{ premiums | sum: "total" }}';
  sheet.getCell(5, 9).numFmt = MONEY;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function benchmarkData(rows: number): RenderData {
  const premiums: BenchPremium[] = [];
  for (let i = 0; i < rows; i++) {
    const month = String((i % 12) + 1).padStart(2, '0');
    const amount = 100 + (i % 1000) + (i % 100) / 100;
    const tax = Math.round(amount * 9) / 100;
    premiums.push({
      sequence: (i % 12) + 1,
      policy_number: `AUTO-2026-${String(i).padStart(6, '0')}`,
      client_display_name: `Client ${i % 5000}`,
      due_date: `2026-${month}-15`,
      period_start: `2026-${month}-15`,
      period_end: `2026-${month}-28`,
      amount,
      tax,
      total: Math.round((amount + tax) * 100) / 100,
      status_label: i % 3 === 0 ? 'Payée' : 'Émise',
    });
  }
  return { today: '2026-06-15', organization: { name: 'Cabinet Martin Courtage' }, premiums };
}

/** ExcelJS's streaming writer writing what the fill writes for the repeated rows. */
export async function rawWrite(data: RenderData): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: false,
    zip: { zlib: { level: 1 } },
  });
  const sheet = writer.addWorksheet('Bordereau');
  const plain = {};
  const money = { numFmt: MONEY };
  const premiums = data.premiums as BenchPremium[];
  for (const [i, premium] of premiums.entries()) {
    const row = sheet.getRow(i + 4);
    COLUMNS.forEach(([, value, isMoney], c) => {
      const cell = row.getCell(c + 1);
      cell.value = value(premium);
      cell.style = isMoney ? money : plain;
    });
    row.commit();
  }
  sheet.commit();
  await writer.commit();
  return Buffer.concat(chunks);
}

export interface Measure {
  ms: number;
  bytes: number;
  /** Peak resident set size of the process so far, in MiB. */
  maxRssMiB: number;
}

async function timed(run: () => Promise<Buffer>): Promise<Measure> {
  const started = performance.now();
  const output = await run();
  return {
    ms: Math.round(performance.now() - started),
    bytes: output.length,
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

export async function measure(
  rows: number,
  which: 'fill' | 'raw' | 'both' = 'both',
): Promise<{ rows: number; columns: number; fill?: Measure; raw?: Measure }> {
  const template = await benchmarkTemplate();
  const data = benchmarkData(rows);
  const result: { rows: number; columns: number; fill?: Measure; raw?: Measure } = {
    rows,
    columns: COLUMNS.length,
  };
  // The fill first: the peak RSS after it is the fill's own.
  if (which !== 'raw') result.fill = await timed(() => fillWorkbook(template, data));
  if (which !== 'fill') result.raw = await timed(() => rawWrite(data));
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = Number(process.argv[2] ?? 100_000);
  const which = (process.argv[3] ?? 'both') as 'fill' | 'raw' | 'both';
  console.log(JSON.stringify(await measure(rows, which), null, 2));
}
