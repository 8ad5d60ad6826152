import ExcelJS from 'exceljs';

/**
 * « Bordereau de primes »: the premiums a cabinet collected for one company, with its commission,
 * as the company's accounting expects them. Built by code rather than shipped as a binary so that
 * a change to the layout is a readable diff.
 *
 * The template engine repeats the row whose placeholders use `premiums[]` once per premium. A cell
 * holding exactly one unfiltered placeholder keeps its type: amounts stay numbers and ISO dates
 * become real dates, so the company's accountant can sort, filter and add up the filled workbook.
 */

const NAVY = 'FF1F3A5F';
const GREY_TEXT = 'FF5B6472';
const LIGHT_FILL = 'FFF4F6F9';
const RULE = 'FFD5DAE1';
const MONEY = '#,##0.00 "€"';
const RATE = '0.00 "%"';
const DATE = 'dd/mm/yyyy';

interface Column {
  header: string;
  cell: string;
  width: number;
  align: 'left' | 'center' | 'right';
  numFmt?: string;
  total?: string;
}

const COLUMNS: readonly Column[] = [
  { header: 'Police', cell: '{{ premiums[].policy_number }}', width: 18, align: 'left' },
  { header: 'Client', cell: '{{ premiums[].client_display_name }}', width: 30, align: 'left' },
  {
    header: 'Échéance',
    cell: '{{ premiums[].due_date }}',
    width: 12,
    align: 'center',
    numFmt: DATE,
  },
  {
    header: 'Période du',
    cell: '{{ premiums[].period_start }}',
    width: 12,
    align: 'center',
    numFmt: DATE,
  },
  { header: 'au', cell: '{{ premiums[].period_end }}', width: 12, align: 'center', numFmt: DATE },
  {
    header: 'Prime HT',
    cell: '{{ premiums[].amount }}',
    width: 14,
    align: 'right',
    numFmt: MONEY,
    total: 'amount',
  },
  {
    header: 'Taxes',
    cell: '{{ premiums[].tax }}',
    width: 13,
    align: 'right',
    numFmt: MONEY,
    total: 'tax',
  },
  {
    header: 'Prime TTC',
    cell: '{{ premiums[].total }}',
    width: 14,
    align: 'right',
    numFmt: MONEY,
    total: 'total',
  },
  {
    header: 'Taux de commission',
    cell: '{{ premiums[].commission_rate }}',
    width: 13,
    align: 'right',
    numFmt: RATE,
  },
  {
    header: 'Commission',
    cell: '{{ premiums[].commission }}',
    width: 14,
    align: 'right',
    numFmt: MONEY,
    total: 'commission',
  },
];

const HEADER_ROW = 6;
const PREMIUM_ROW = HEADER_ROW + 1;
const TOTAL_ROW = PREMIUM_ROW + 1;
const LEGAL_ROW = TOTAL_ROW + 2;

const thin = (argb: string): Partial<ExcelJS.Border> => ({ style: 'thin', color: { argb } });

/** The starter workbook of the « Bordereau de primes » template, as XLSX bytes. */
export async function buildBordereauTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'MONASSURANCE';
  const sheet = workbook.addWorksheet('Bordereau', {
    views: [{ state: 'frozen', ySplit: HEADER_ROW, topLeftCell: `A${PREMIUM_ROW}` }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    },
    headerFooter: { oddFooter: '&L&8Bordereau de primes&R&8Page &P / &N' },
  });
  sheet.columns = COLUMNS.map((column) => ({ width: column.width }));

  const title = sheet.getCell('A1');
  title.value = 'Bordereau de primes';
  title.font = { size: 16, bold: true, color: { argb: NAVY } };
  sheet.getRow(1).height = 24;
  sheet.getCell('A2').value =
    '{{ organization.name }} — Société de courtage en assurances — ORIAS n° {{ organization.orias_number }}';
  sheet.getCell('A2').font = { size: 11, bold: true };
  sheet.getCell('A3').value =
    'Compagnie : {{ company.name }} — Code courtier : {{ company.broker_code | default: "—" }}';
  sheet.getCell('A3').font = { size: 11 };
  sheet.getCell('A4').value = 'Édité le {{ today | date_fr }}';
  sheet.getCell('A4').font = { size: 9, color: { argb: GREY_TEXT } };

  const header = sheet.getRow(HEADER_ROW);
  header.values = COLUMNS.map((column) => column.header);
  header.height = 30;
  header.eachCell((cell) => {
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: NAVY } };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = { top: thin(NAVY), bottom: thin(NAVY), left: thin(NAVY), right: thin(NAVY) };
  });

  const premium = sheet.getRow(PREMIUM_ROW);
  const total = sheet.getRow(TOTAL_ROW);
  COLUMNS.forEach((column, index) => {
    const cell = premium.getCell(index + 1);
    cell.value = column.cell;
    cell.border = { bottom: thin(RULE), left: thin(RULE), right: thin(RULE) };
    cell.alignment = { vertical: 'middle', horizontal: column.align };
    if (column.numFmt) cell.numFmt = column.numFmt;

    const sum = total.getCell(index + 1);
    if (column.total) {
      // The engine writes a lone `sum` as a number cell: the total keeps the money format.
      sum.value = `{{ premiums | sum: "${column.total}" }}`;
      sum.numFmt = MONEY;
    }
    sum.font = { bold: true };
    sum.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT_FILL } };
    sum.border = { top: thin(NAVY), bottom: thin(NAVY) };
    sum.alignment = { vertical: 'middle', horizontal: 'right' };
  });
  const totalLabel = total.getCell(1);
  totalLabel.value = 'Total';
  totalLabel.alignment = { vertical: 'middle', horizontal: 'left' };

  // Three short lines rather than one: a cell's text is printed on one line, over the empty cells
  // to its right, and must stay within the page's width.
  const mentions = [
    "{{ organization.name }} — Société de courtage en assurances — {{ organization.address_lines | join: ', ' }} — SIREN {{ organization.siren }}",
    "Immatriculé à l'ORIAS sous le n° {{ organization.orias_number }} (www.orias.fr) — Soumis au contrôle de l'ACPR, 4 place de Budapest, CS 92459, 75436 Paris Cedex 09",
    '{{ organization.legal_mentions }}',
  ];
  mentions.forEach((text, index) => {
    const cell = sheet.getCell(`A${LEGAL_ROW + index}`);
    cell.value = text;
    cell.font = { size: 8, color: { argb: GREY_TEXT } };
  });

  // ExcelJS types its result as its own ArrayBuffer-like `Buffer`; it is a Node Buffer at run time.
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
