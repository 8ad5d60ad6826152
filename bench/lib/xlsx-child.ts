// One XLSX measurement in a process of its own (peak RSS is per process): `engine` fills a
// template with N premium rows × 10 columns; `raw` writes the same values with ExcelJS's
// streaming writer and nothing else.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { fillWorkbook } from '../../apps/server/src/modules/templates/engine/index.ts';

const [mode = 'engine', rowsText = '100000'] = process.argv.slice(2);
const rows = Number(rowsText);
const FIELDS = [
  'policy_number',
  'client_display_name',
  'due_date',
  'period_start',
  'period_end',
  'amount',
  'tax',
  'total',
  'commission_rate',
  'commission',
] as const;

const premiums = Array.from({ length: rows }, (_, i) => ({
  policy_number: `AUTO-${i}`,
  client_display_name: `Client ${i}`,
  due_date: '2026-04-01',
  period_start: '2026-04-01',
  period_end: '2026-06-30',
  amount: 308.64,
  tax: 101.85,
  total: 410.49,
  commission_rate: 12,
  commission: 37.04,
}));

const start = performance.now();
let bytes = 0;
if (mode === 'engine') {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Bordereau');
  sheet.addRow(['{{ organization.name }}']);
  sheet.addRow([...FIELDS]);
  sheet.addRow(FIELDS.map((f) => `{{ premiums[].${f} }}`));
  sheet.addRow(['Total', '', '', '', '', '{{ premiums | sum: "amount" }}']);
  const template = Buffer.from(await book.xlsx.writeBuffer());
  const out = await fillWorkbook(template, {
    organization: { name: 'Cabinet' },
    premiums,
    today: '2026-11-24',
  });
  bytes = out.length;
} else {
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => (bytes += chunk.length));
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink });
  const sheet = writer.addWorksheet('Bordereau');
  sheet.addRow(['Cabinet']).commit();
  sheet.addRow([...FIELDS]).commit();
  for (const p of premiums) sheet.addRow(FIELDS.map((f) => p[f])).commit();
  sheet.addRow(['Total', '', '', '', '', rows * 308.64]).commit();
  await writer.commit();
}
const ms = performance.now() - start;
console.log(
  JSON.stringify({
    ms: Math.round(ms),
    rssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    bytes,
  }),
);
