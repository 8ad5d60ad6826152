import ExcelJS from 'exceljs';
import { Liquid } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import {
  createTemplateEngine,
  fillWorkbook,
  parseWorkbookTemplate,
  sampleData as engineSampleData,
} from '../engine/index.ts';
import { buildBordereauTemplate, STARTER_TEMPLATES } from './index.ts';

const htmlStarters = STARTER_TEMPLATES.filter((starter) => starter.kind === 'html');

function starterContent(code: string): string {
  const content = STARTER_TEMPLATES.find((starter) => starter.code === code)?.content;
  if (content === undefined) throw new Error(`No HTML starter ${code}.`);
  return content;
}

/**
 * Plain LiquidJS with the French filters written out simply: these tests check the starters' own
 * logic (conditions, loops, legal mentions), not the engine's formatting.
 */
function liquid(): Liquid {
  const engine = new Liquid({ outputEscape: 'escape', strictFilters: true });
  engine.registerFilter('money', (value: unknown) =>
    typeof value === 'number' ? `${value.toFixed(2).replace('.', ',')} €` : '',
  );
  // As the engine's filters: blank prints nothing, a value that is no date prints unchanged.
  const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
  engine.registerFilter('date_fr', (value: unknown) => {
    if (value === null || value === undefined || value === '') return '';
    const parts = ISO.exec(String(value));
    return parts ? `${parts[3]}/${parts[2]}/${parts[1]}` : String(value);
  });
  engine.registerFilter('date_long', (value: unknown) => (typeof value === 'string' ? value : ''));
  engine.registerFilter('percent', (value: unknown) =>
    typeof value === 'number' ? `${value} %` : '',
  );
  engine.registerFilter('sum', (items: unknown, field: string) =>
    Array.isArray(items)
      ? Math.round(
          items.reduce((total: number, item: Record<string, unknown>) => {
            const value = item[field];
            return total + (typeof value === 'number' ? value : 0);
          }, 0) * 100,
        ) / 100
      : 0,
  );
  return engine;
}

// Shaped like the documents service's snapshot; 4 quarterly premiums add up to the annual premium.
const QUARTERS = [
  { sequence: 1, start: '2026-04-01', end: '2026-06-30', tax: 68.8, total: 274.8 },
  { sequence: 2, start: '2026-07-01', end: '2026-09-30', tax: 68.8, total: 274.8 },
  { sequence: 3, start: '2026-10-01', end: '2026-12-31', tax: 68.8, total: 274.8 },
  { sequence: 4, start: '2027-01-01', end: '2027-03-31', tax: 68.82, total: 274.82 },
];

/** The rendering data of a realistic cabinet; a fresh copy for each test to change. */
function sampleRenderingData() {
  return {
    today: '2026-01-12',
    organization: {
      name: 'Cabinet Moreau Courtage',
      orias_number: '21004567',
      siren: '812 345 678',
      legal_mentions:
        'SARL au capital de 20 000 € — RCS Lyon 812 345 678 — Garantie financière et assurance de responsabilité civile professionnelle conformes aux articles L512-6 et L512-7 du Code des assurances',
      address: {
        line1: '18 rue de la République',
        line2: null,
        postal_code: '69002',
        city: 'Lyon',
        country: 'FR',
      },
      address_lines: ['18 rue de la République', '69002 Lyon'],
    },
    client: {
      kind: 'person',
      display_name: 'Hélène Dupré',
      civility: 'Mme',
      first_name: 'Hélène',
      last_name: 'Dupré',
      company_name: null,
      siren: null,
      siret: null,
      email: 'helene.dupre@example.fr',
      phone: '06 12 34 56 78',
      address: {
        line1: '7 allée des Tilleuls',
        line2: 'Bâtiment B',
        postal_code: '44300',
        city: 'Nantes',
        country: 'FR',
      },
      address_lines: ['7 allée des Tilleuls', 'Bâtiment B', '44300 Nantes'],
    },
    company: { name: "Mutuelle de l'Ouest", code: 'MDO', broker_code: 'C-4521' },
    policy: {
      number: 'AUTO-2026-0042',
      product_line: 'auto',
      product_line_label: 'Automobile',
      status: 'active',
      status_label: 'En vigueur',
      effective_date: '2023-04-01',
      renewal_date: '2026-04-01',
      term_start: '2025-04-01',
      tacit_renewal: true,
      payment_frequency: 'quarterly',
      payment_frequency_label: 'Trimestriel',
      annual_premium: 824,
      annual_premium_total: 1099.22,
      tax_rate: 33.4,
      commission_rate: 15,
      cancellation_deadline: '2026-02-01',
      notice_date: '2026-01-17',
      chatel_applies: true,
      insured_object: {
        make: 'Peugeot',
        model: '308 SW 1.2 PureTech 130',
        registration: 'GH-482-KL',
        first_registration: '2022-03-14',
        usage: 'Privé et trajet domicile-travail',
        'Conducteur principal': 'Hélène Dupré',
      },
    },
    premiums: QUARTERS.map((quarter) => ({
      sequence: quarter.sequence,
      due_date: quarter.start,
      period_start: quarter.start,
      period_end: quarter.end,
      amount: 206,
      tax: quarter.tax,
      total: quarter.total,
      commission: 30.9,
      commission_rate: 15,
      status: 'issued',
      status_label: 'Émise',
      paid_at: null,
      payment_reference: null,
      policy_number: 'AUTO-2026-0042',
      client_display_name: 'Hélène Dupré',
    })),
    premium: {
      sequence: 4,
      due_date: '2026-01-01',
      period_start: '2026-01-01',
      period_end: '2026-03-31',
      amount: 202.5,
      tax: 67.64,
      total: 270.14,
      commission: 30.38,
      commission_rate: 15,
      status: 'paid',
      status_label: 'Payée',
      paid_at: '2026-01-05',
      payment_reference: 'VIR-2026-0105',
      policy_number: 'AUTO-2026-0042',
      client_display_name: 'Hélène Dupré',
    },
    policies: [],
  };
}

/** The sample, loosened so that a test may blank or replace any part of it. */
interface Data {
  today: string | null;
  client: Record<string, unknown>;
  policy: Record<string, unknown>;
  premium: Record<string, unknown> | null;
  premiums: Record<string, unknown>[];
  [key: string]: unknown;
}

function sampleData(): Data {
  return sampleRenderingData();
}

async function render(code: string, change: (data: Data) => void = () => undefined) {
  const data = sampleData();
  change(data);
  const html = await liquid().parseAndRender(starterContent(code), data);
  // Compare text, not markup: whitespace control and tags must not split a legal sentence.
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
}

const CHATEL =
  "Conformément à l'article L113-15-1 du Code des assurances, vous pouvez vous opposer à la reconduction tacite de votre contrat en nous adressant une lettre ou un envoi recommandé électronique au plus tard le 01/02/2026.";
const TWENTY_DAYS =
  "Si cet avis vous est adressé moins de quinze jours avant cette date, ou après celle-ci, vous disposez d'un délai de vingt jours à compter de sa date d'envoi pour résilier votre contrat.";

describe('STARTER_TEMPLATES', () => {
  it('lists the four starters once each, with their kind and subject', () => {
    expect(STARTER_TEMPLATES.map(({ code, kind, subject }) => ({ code, kind, subject }))).toEqual([
      { code: 'attestation', kind: 'html', subject: 'policy' },
      { code: 'avis_echeance', kind: 'html', subject: 'policy' },
      { code: 'quittance', kind: 'html', subject: 'premium' },
      { code: 'bordereau_primes', kind: 'xlsx', subject: 'company' },
    ]);
    expect(new Set(STARTER_TEMPLATES.map((starter) => starter.name)).size).toBe(4);
    for (const starter of STARTER_TEMPLATES) {
      expect(starter.description.length).toBeGreaterThan(20);
      expect(starter.kind === 'html' ? starter.content : starter.file).toBeDefined();
      expect(starter.kind === 'html' ? starter.file : starter.content).toBeUndefined();
    }
  });
});

describe.each(htmlStarters.map((starter) => [starter.code, starter.content ?? ''] as const))(
  'HTML starter %s',
  (code, content) => {
    it('is one complete A4 HTML document in French', () => {
      expect(content.startsWith('<!doctype html>\n<html lang="fr">')).toBe(true);
      expect(content).toContain('<meta charset="utf-8">');
      expect(content).toMatch(/@page \{ size: A4; margin: [^}]+\}/);
      expect(content.trimEnd().endsWith('</html>')).toBe(true);
      expect(content.match(/<body>/g)).toHaveLength(1);
    });

    it('prints the courtier legal mentions and page numbers in its PDF footer', () => {
      const footer = /<template id="pdf-footer">([\s\S]*?)<\/template>/.exec(content)?.[1] ?? '';
      expect(footer).toContain('{{ organization.name }}');
      expect(footer).toContain(
        "Immatriculé à l'ORIAS sous le n° {{ organization.orias_number }} (www.orias.fr)",
      );
      expect(footer).toContain('{{ organization.siren }}');
      expect(footer).toContain('Société de courtage en assurances');
      expect(footer).toContain(
        "Soumis au contrôle de l'ACPR, 4 place de Budapest, CS 92459, 75436 Paris Cedex 09",
      );
      expect(footer).toContain(
        'Page <span class="pageNumber"></span> / <span class="totalPages"></span>',
      );
      // Chromium prints header and footer templates without the page's styles.
      expect(footer).toMatch(/font-size: \d+px/);
    });

    it('loads nothing from the network and never disables escaping', () => {
      expect(content).not.toMatch(/https?:/i);
      expect(content).not.toMatch(/\b(src|href|srcset)\s*=/i);
      expect(content).not.toMatch(/url\(|@import|<script|<link|<img/i);
      expect(content.match(/www\.[\w.-]+/g) ?? []).toEqual(['www.orias.fr']);
      expect(content).not.toMatch(/\|\s*raw\b/);
    });

    it('renders the sample data with no placeholder left', async () => {
      const text = await render(code);
      expect(text).not.toMatch(/\{\{|\{%|undefined|NaN|\[object/);
      expect(text).toContain('Cabinet Moreau Courtage');
      expect(text).toContain('ORIAS sous le n° 21004567 (www.orias.fr)');
      expect(text).toContain('AUTO-2026-0042');
    });
  },
);

describe('attestation', () => {
  it('certifies the policy with its validity and the insured risk', async () => {
    const text = await render('attestation');
    expect(text).toContain('attestons que Mme Hélène Dupré , demeurant 7 allée des Tilleuls');
    expect(text).toContain("Mutuelle de l'Ouest");
    expect(text).toContain(
      'valable du 01/04/2025 au 01/04/2026 , sous réserve du paiement des primes.',
    );
    expect(text).toContain('Marque Peugeot');
    expect(text).toContain('Immatriculation GH-482-KL');
    expect(text).toContain('Première mise en circulation 14/03/2022');
    expect(text).toContain('Conducteur principal Hélène Dupré');
    expect(text).toContain('Fait à Lyon, le 2026-01-12');
  });

  it('leaves out the insured risk when there is none, and names a business by its SIREN', async () => {
    for (const insured of [null, {}]) {
      const text = await render('attestation', (data) => {
        data.policy.insured_object = insured;
        Object.assign(data.client, { kind: 'business', display_name: 'Boulangerie Martin' });
        Object.assign(data.client, { siren: '901 234 567', civility: null });
      });
      expect(text).not.toContain('Désignation du risque assuré');
      expect(text).toContain('la société Boulangerie Martin (SIREN 901 234 567), dont le siège');
    }
  });

  it('prints the insured risk: known names translated, yes/no, money and free fields', async () => {
    const text = await render('attestation', (data) => {
      data.policy.insured_object = {
        surfaceM2: 68,
        garage: true,
        alarm: false,
        turnover: 250000,
        nombre_de_salaries: 4,
      };
    });
    expect(text).toContain('Surface (m²) 68');
    expect(text).toContain('Garage Oui');
    expect(text).toContain('Alarm Non');
    expect(text).toContain("Chiffre d'affaires déclaré 250000,00 €");
    expect(text).toContain('Nombre de salaries 4');
  });

  it('falls back on the effective date and says no end date without a renewal date', async () => {
    const text = await render('attestation', (data) => {
      Object.assign(data.policy, { term_start: null, renewal_date: null });
    });
    expect(text).toContain(
      'valable à compter du 01/04/2023 , sous réserve du paiement des primes.',
    );
  });
});

describe("avis d'échéance", () => {
  it('shows the annual premium, its taxes and the instalments with their totals', async () => {
    const text = await render('avis_echeance');
    expect(text).toContain('Prime hors taxes 824,00 €');
    expect(text).toContain('Taxes (33.4 %) 275,22 €');
    expect(text).toContain('Prime toutes taxes comprises 1099,22 €');
    expect(text).toContain('Échéancier du 01/04/2026 au 31/03/2027');
    expect(text).toContain('4 01/01/2027 du 01/01/2027 au 31/03/2027 206,00 € 68,82 € 274,82 €');
    expect(text).toContain('Total de la période 824,00 € 275,22 € 1099,22 €');
    expect(text).toContain('Première échéance 274,80 € à régler au plus tard le 01/04/2026');
  });

  it('prints the L113-15-1 mention only inside `if policy.tacit_renewal`', async () => {
    const content = starterContent('avis_echeance');
    const opening = content.indexOf('{%- if policy.tacit_renewal %}');
    const closing = matchingEndif(content, opening);
    for (const at of allIndexes(content, 'L113-15-1')) {
      expect(at).toBeGreaterThan(opening);
      expect(at).toBeLessThan(closing);
    }
    expect(await render('avis_echeance')).toContain(CHATEL);
    const untacit = await render('avis_echeance', (data) => {
      data.policy.tacit_renewal = false;
    });
    expect(untacit).not.toContain('L113-15');
    expect(untacit).not.toContain('quinze jours');
  });

  it.each([
    ['2026-01-12', '2026-01-17', false], // 20 days before the deadline
    ['2026-01-17', '2026-01-17', false], // on the last day for a timely notice: 15 days before
    ['2026-01-18', '2026-01-17', true], // 14 days before
    ['2026-02-10', '2026-01-17', true], // after the deadline
    [null, '2026-01-17', true], // unknown sending date: the conditional sentence is harmless
    ['2026-01-12', null, true], // unknown notice date: likewise
  ])(
    'sent on %s (notice due by %s), adds the twenty-day sentence: %s',
    async (today, notice, expected) => {
      const text = await render('avis_echeance', (data) => {
        data.today = today;
        data.policy.notice_date = notice;
      });
      expect(text).toContain(CHATEL);
      expect(text.includes(TWENTY_DAYS)).toBe(expected);
    },
  );

  it('cites L113-12, not the loi Chatel, for a professional’s contract', async () => {
    const text = await render('avis_echeance', (data) => {
      data.client.kind = 'business';
      data.policy.chatel_applies = false;
    });
    expect(text).toContain(
      "Conformément à l'article L113-12 du Code des assurances, vous pouvez résilier votre contrat à sa date d'échéance en nous adressant une lettre ou un envoi recommandé électronique au plus tard le 01/02/2026.",
    );
    expect(text).not.toContain('L113-15');
    expect(text).not.toContain('vingt jours');
    const undated = await render('avis_echeance', (data) => {
      data.policy.chatel_applies = false;
      data.policy.cancellation_deadline = null;
    });
    expect(undated).toContain("au moins deux mois avant la date d'échéance.");
  });

  it('without a deadline, refers to the contract and keeps the twenty-day rule', async () => {
    const text = await render('avis_echeance', (data) => {
      data.policy.cancellation_deadline = null;
    });
    expect(text).toContain('envoi recommandé électronique dans le délai prévu par votre contrat.');
    expect(text).toContain("vous disposez d'un délai de vingt jours");
  });

  it('mentions L113-15-2 for a person’s car or home, not for a business', async () => {
    expect(await render('avis_echeance')).toContain('article L113-15-2');
    const business = await render('avis_echeance', (data) => {
      data.client.kind = 'business';
    });
    expect(business).not.toContain('L113-15-2');
  });

  it('for one annual premium, asks for the whole amount without a totals row', async () => {
    const text = await render('avis_echeance', (data) => {
      data.premiums = data.premiums.slice(0, 1);
    });
    expect(text).toContain('Montant à régler 274,80 €');
    expect(text).not.toContain('Total de la période');
    expect(text).not.toContain('son échéancier');
  });

  it('without premiums, shows the annual total due at the renewal date', async () => {
    const text = await render('avis_echeance', (data) => {
      data.premiums = [];
    });
    expect(text).toContain('Montant à régler 1099,22 € à régler au plus tard le 01/04/2026');
    expect(text).not.toContain('Échéancier');
  });
});

describe('quittance', () => {
  it('acknowledges the paid premium « Pour acquit »', async () => {
    const text = await render('quittance');
    expect(text).toContain('Quittance n° AUTO-2026-0042-4');
    expect(text).toContain(
      'reconnaissons avoir reçu de Hélène Dupré la somme de 270,14 € au titre de la prime du contrat n° AUTO-2026-0042, pour la période du 01/01/2026 au 31/03/2026.',
    );
    expect(text).toContain('Prime hors taxes 202,50 €');
    expect(text).toContain('Taxes (33.4 %) 67,64 €');
    expect(text).toContain('réglé le 05/01/2026');
    expect(text).toContain('Pour acquit');
  });

  it('is no receipt for a premium not paid yet', async () => {
    const text = await render('quittance', (data) => {
      data.premium = { ...data.premium, paid_at: null, status_label: 'Impayée' };
    });
    expect(text).not.toContain('Pour acquit');
    expect(text).not.toContain('reconnaissons avoir reçu');
    expect(text).toContain('Montant dû 270,14 € Impayée');
    expect(text).toContain('ce document ne vaut pas quittance');
  });
});

describe('bordereau de primes', () => {
  async function sheet() {
    const workbook = new ExcelJS.Workbook();
    const file = await buildBordereauTemplate();
    await workbook.xlsx.load(file as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const [first] = workbook.worksheets;
    if (!first) throw new Error('The bordereau has no sheet.');
    return first;
  }
  const texts = (row: ExcelJS.Row) => (row.values as unknown[]).slice(1);

  it('is the file of the bordereau_primes starter', async () => {
    const starter = STARTER_TEMPLATES.find((candidate) => candidate.code === 'bordereau_primes');
    const file = await starter?.file?.();
    expect(file?.subarray(0, 2).toString()).toBe('PK');
  });

  it('has the title rows, a styled and frozen header and one premiums[] row', async () => {
    const bordereau = await sheet();
    expect(bordereau.getCell('A1').value).toBe('Bordereau de primes');
    expect(bordereau.getCell('A2').value).toContain('{{ organization.name }}');
    expect(bordereau.getCell('A3').value).toContain('{{ company.name }}');
    expect(bordereau.getCell('A3').value).toContain('{{ company.broker_code');

    const header = bordereau.getRow(6);
    expect(texts(header)).toEqual([
      'Police',
      'Client',
      'Échéance',
      'Période du',
      'au',
      'Prime HT',
      'Taxes',
      'Prime TTC',
      'Taux de commission',
      'Commission',
    ]);
    expect(header.getCell(1).font.bold).toBe(true);
    expect(header.getCell(1).fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(bordereau.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });

    const premium = bordereau.getRow(7);
    expect(texts(premium)).toEqual([
      '{{ premiums[].policy_number }}',
      '{{ premiums[].client_display_name }}',
      '{{ premiums[].due_date }}',
      '{{ premiums[].period_start }}',
      '{{ premiums[].period_end }}',
      '{{ premiums[].amount }}',
      '{{ premiums[].tax }}',
      '{{ premiums[].total }}',
      '{{ premiums[].commission_rate }}',
      '{{ premiums[].commission }}',
    ]);
    for (const column of [6, 7, 8, 10]) {
      expect(premium.getCell(column).numFmt).toBe('#,##0.00 "€"');
    }
    for (const column of [3, 4, 5]) expect(premium.getCell(column).numFmt).toBe('dd/mm/yyyy');
    // Only this row repeats: no other cell may name the list item.
    bordereau.eachRow((row, number) => {
      if (number !== 7) expect(JSON.stringify(row.values)).not.toContain('premiums[]');
    });
  });

  it('totals the money columns with the sum filter and ends with the legal mentions', async () => {
    const bordereau = await sheet();
    const totals = bordereau.getRow(8);
    expect(totals.getCell(1).value).toBe('Total');
    expect(totals.getCell(6).value).toBe('{{ premiums | sum: "amount" }}');
    expect(totals.getCell(7).value).toBe('{{ premiums | sum: "tax" }}');
    expect(totals.getCell(8).value).toBe('{{ premiums | sum: "total" }}');
    expect(totals.getCell(10).value).toBe('{{ premiums | sum: "commission" }}');
    expect(totals.getCell(8).numFmt).toBe('#,##0.00 "€"');
    const legal = [10, 11, 12].map((row) => String(bordereau.getCell(`A${row}`).value)).join(' ');
    expect(legal).toContain('Société de courtage en assurances');
    expect(legal).toContain(
      "Immatriculé à l'ORIAS sous le n° {{ organization.orias_number }} (www.orias.fr)",
    );
    expect(legal).toContain("Soumis au contrôle de l'ACPR");
    expect(bordereau.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1 });
  });

  it('renders its placeholders with the sample data', async () => {
    const bordereau = await sheet();
    const engine = liquid();
    const data = sampleData();
    const cells: string[] = [];
    bordereau.eachRow((row, number) => {
      if (number === 7) return;
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') cells.push(cell.value);
      });
    });
    const rendered = await Promise.all(cells.map((cell) => engine.parseAndRender(cell, data)));
    expect(rendered).toContain('824');
    expect(rendered).toContain('Compagnie : Mutuelle de l&#39;Ouest — Code courtier : C-4521');
    const item = { ...data, item: data.premiums[3] };
    const row = texts(bordereau.getRow(7)).map((cell) =>
      String(cell).replace('premiums[]', 'item'),
    );
    expect(await Promise.all(row.map((cell) => engine.parseAndRender(cell, item)))).toEqual([
      'AUTO-2026-0042',
      'Hélène Dupré',
      '2027-01-01',
      '2027-01-01',
      '2027-03-31',
      '206',
      '68.82',
      '274.82',
      '15',
      '30.9',
    ]);
  });
});

describe('with the template engine', () => {
  const engine = createTemplateEngine();

  it.each(htmlStarters.map((starter) => [starter.code, starter.content ?? ''] as const))(
    '%s parses with no warning and renders both samples',
    async (_code, content) => {
      const parsed = engine.parse(content);
      expect(parsed.warnings).toEqual([]);
      expect(parsed.variables).toEqual(
        expect.arrayContaining(['organization.name', 'organization.orias_number']),
      );
      for (const data of [sampleData(), engineSampleData()]) {
        const html = await engine.render(parsed, data, { escape: true });
        expect(html).not.toMatch(/\{\{|\{%|undefined|NaN|\[object/);
        expect(html).toContain('(www.orias.fr)');
      }
    },
  );

  it("formats the avis d'échéance in French", async () => {
    const html = await engine.render(starterContent('avis_echeance'), sampleData(), {
      escape: true,
    });
    expect(html).toContain('échéance du 1er avril 2026');
    expect(html).toMatch(/Total de la période<\/td>\s*<td class="num">824,00\u00a0€/);
    expect(html).toContain('1\u202f099,22\u00a0€');
    expect(html).toContain('Taxes (33,4\u00a0%)');
    expect(html).toContain('au plus tard le 01/02/2026.');
  });

  it('checks the bordereau with no warning and fills one row per premium', async () => {
    const file = await buildBordereauTemplate();
    const checked = await parseWorkbookTemplate(file);
    expect(checked.warnings).toEqual([]);
    expect(checked.variables).toEqual(
      expect.arrayContaining(['premiums[].policy_number', 'premiums[].commission_rate']),
    );

    const workbook = new ExcelJS.Workbook();
    const filled = await fillWorkbook(file, sampleData());
    await workbook.xlsx.load(filled as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const [sheet] = workbook.worksheets;
    if (!sheet) throw new Error('The filled bordereau has no sheet.');
    expect(sheet.getCell('A3').value).toBe(
      "Compagnie : Mutuelle de l'Ouest — Code courtier : C-4521",
    );
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
    const rows = [7, 8, 9, 10].map((number) => sheet.getRow(number));
    expect(rows.map((row) => row.getCell(1).value)).toEqual(Array(4).fill('AUTO-2026-0042'));
    expect(sheet.getCell('C10').value).toEqual(new Date(Date.UTC(2027, 0, 1)));
    expect(sheet.getCell('H10').value).toBe(274.82);
    expect(sheet.getCell('H10').numFmt).toBe('#,##0.00 "€"');
    expect(sheet.getCell('I10').value).toBe(15);
    const totals = sheet.getRow(11);
    expect([6, 7, 8, 10].map((column) => totals.getCell(column).value)).toEqual([
      824, 275.22, 1099.22, 123.6,
    ]);
    expect(String(sheet.getCell('A14').value)).toContain(
      "Immatriculé à l'ORIAS sous le n° 21004567 (www.orias.fr)",
    );
  });
});

function allIndexes(text: string, search: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(search); at !== -1; at = text.indexOf(search, at + 1)) found.push(at);
  expect(found.length).toBeGreaterThan(0);
  return found;
}

/** Index of the `endif` closing the `if` tag that starts at `opening`. */
function matchingEndif(content: string, opening: number): number {
  expect(opening).toBeGreaterThan(-1);
  const tags = /\{%-?\s*(if|endif)\b[^%]*-?%\}/g;
  tags.lastIndex = opening;
  let depth = 0;
  for (let match = tags.exec(content); match; match = tags.exec(content)) {
    depth += match[1] === 'if' ? 1 : -1;
    if (depth === 0) return match.index;
  }
  throw new Error('Unclosed if.');
}
