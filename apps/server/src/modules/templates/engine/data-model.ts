/**
 * The data model templates render (docs: /work/notes/data-model.md, `docs/templates.md`), as data:
 * the editor lists it, the engine checks variables against it, and the sample below follows it.
 * Keep it in step with `modules/documents/render-data.ts`, which builds the real values.
 */

export type DataModelType = 'string' | 'number' | 'money' | 'date' | 'boolean' | 'object' | 'array';

export interface DataModelEntry {
  /** Dotted snake_case path; items of a list are written `premiums[].due_date`. */
  path: string;
  type: DataModelType;
  /** French, for the template editor. */
  description: string;
}

type Fields = readonly (readonly [name: string, type: DataModelType, description: string])[];

const ADDRESS: Fields = [
  ['address', 'object', 'Adresse postale'],
  ['address.line1', 'string', 'Adresse, ligne 1'],
  ['address.line2', 'string', 'Adresse, ligne 2 (complément)'],
  ['address.postal_code', 'string', 'Code postal'],
  ['address.city', 'string', 'Ville'],
  ['address.country', 'string', 'Pays (code ISO, FR pour la France)'],
  ['address_lines', 'array', "Lignes d'adresse prêtes à imprimer"],
  ['address_lines[]', 'string', "Une ligne d'adresse"],
];

const ORGANIZATION: Fields = [
  ['name', 'string', 'Raison sociale du cabinet'],
  ['orias_number', 'string', "Numéro d'immatriculation ORIAS (8 chiffres)"],
  ['siren', 'string', 'SIREN du cabinet'],
  ['legal_mentions', 'string', 'Mentions légales du cabinet'],
  ...ADDRESS,
];

const CLIENT: Fields = [
  ['kind', 'string', 'Type de client : person (particulier) ou business (professionnel)'],
  ['display_name', 'string', 'Nom du client tel qu’il s’affiche'],
  ['civility', 'string', 'Civilité (M., Mme)'],
  ['first_name', 'string', 'Prénom'],
  ['last_name', 'string', 'Nom de famille'],
  ['company_name', 'string', 'Raison sociale (client professionnel)'],
  ['siren', 'string', 'SIREN (client professionnel)'],
  ['siret', 'string', 'SIRET (client professionnel)'],
  ['email', 'string', 'Adresse e-mail'],
  ['phone', 'string', 'Téléphone'],
  ...ADDRESS,
];

const COMPANY: Fields = [
  ['name', 'string', "Nom de la compagnie d'assurance"],
  ['code', 'string', 'Code interne de la compagnie'],
  ['broker_code', 'string', 'Code courtier du cabinet auprès de la compagnie'],
];

const POLICY: Fields = [
  ['number', 'string', 'Numéro du contrat'],
  ['product_line', 'string', 'Branche (code : auto, habitation, sante, …)'],
  ['product_line_label', 'string', 'Branche en clair (« Automobile », « Santé », …)'],
  ['status', 'string', 'Statut (code : draft, active, suspended, cancelled, expired)'],
  ['status_label', 'string', 'Statut en clair (« En vigueur », « Résilié », …)'],
  ['effective_date', 'date', "Date d'effet"],
  ['renewal_date', 'date', "Date d'échéance principale"],
  ['term_start', 'date', "Début de l'année d'assurance en cours"],
  ['tacit_renewal', 'boolean', 'Tacite reconduction'],
  ['payment_frequency', 'string', 'Fractionnement (code : annual, semiannual, quarterly, monthly)'],
  ['payment_frequency_label', 'string', 'Fractionnement en clair (« Trimestriel », …)'],
  ['annual_premium', 'money', 'Prime annuelle hors taxes'],
  ['annual_premium_total', 'money', 'Prime annuelle toutes taxes comprises'],
  ['tax_rate', 'number', 'Taux de taxe, en pourcentage (9 pour 9 %)'],
  ['commission_rate', 'number', 'Taux de commission, en pourcentage'],
  ['cancellation_deadline', 'date', 'Dernier jour pour résilier avant l’échéance'],
  ['notice_date', 'date', "Date limite d'envoi de l'avis d'échéance (loi Chatel)"],
  ['chatel_applies', 'boolean', "Le contrat relève de la loi Chatel (avis d'échéance obligatoire)"],
  [
    'insured_object',
    'object',
    'Objet assuré (véhicule, logement, …), champs libres ; peut être vide',
  ],
];

const PREMIUM: Fields = [
  ['sequence', 'number', "Numéro de l'échéance dans l'année"],
  ['due_date', 'date', "Date d'échéance"],
  ['period_start', 'date', 'Début de la période couverte'],
  ['period_end', 'date', 'Fin de la période couverte'],
  ['amount', 'money', 'Prime hors taxes'],
  ['tax', 'money', 'Taxes'],
  ['total', 'money', 'Prime toutes taxes comprises'],
  ['commission', 'money', 'Commission du cabinet'],
  ['commission_rate', 'number', 'Taux de commission du contrat, en pourcentage'],
  ['status', 'string', 'Statut (code : issued, paid, unpaid, cancelled)'],
  ['status_label', 'string', 'Statut en clair (« Émise », « Payée », « Impayée », « Annulée »)'],
  ['paid_at', 'date', 'Date de paiement (vide si non payée)'],
  ['payment_reference', 'string', 'Référence du paiement'],
  ['policy_number', 'string', 'Numéro du contrat'],
  ['client_display_name', 'string', 'Nom du client'],
];

/**
 * The namespace of free inputs: `{{ saisie.objet }}` in a template declares the free input
 * `objet`, which a manager gives when generating (`data: { "objet": "…" }`). The render data never
 * holds anything else under it, and what a caller gives lands nowhere else: supplied values add
 * to a document, they never replace the facts of its subject (client, policy, cabinet…).
 */
export const FREE_INPUT_ROOT = 'saisie';

/** A free input's name: what follows `saisie.`, snake_case (the API's `data` keys). */
export const FREE_INPUT_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * The free inputs a template version declares, from its recorded variables (`saisie.objet`,
 * `saisie.lignes[].montant` → `objet`, `lignes`), sorted.
 */
export function freeInputsOf(variables: readonly string[]): string[] {
  const names = new Set<string>();
  const prefix = `${FREE_INPUT_ROOT}.`;
  for (const variable of variables) {
    if (!variable.startsWith(prefix)) continue;
    const [name = ''] = variable.slice(prefix.length).split(/[.[]/, 1);
    if (FREE_INPUT_NAME.test(name)) names.add(name);
  }
  return [...names].sort();
}

function under(prefix: string, fields: Fields): DataModelEntry[] {
  return fields.map(([name, type, description]) => ({
    path: `${prefix}.${name}`,
    type,
    description,
  }));
}

export const DATA_MODEL: readonly DataModelEntry[] = Object.freeze(
  [
    { path: 'today', type: 'date', description: 'Date du document' },
    { path: 'organization', type: 'object', description: 'Le cabinet de courtage' },
    ...under('organization', ORGANIZATION),
    { path: 'client', type: 'object', description: 'Le client (vide pour un bordereau)' },
    ...under('client', CLIENT),
    { path: 'company', type: 'object', description: "La compagnie d'assurance du contrat" },
    ...under('company', COMPANY),
    { path: 'policy', type: 'object', description: 'Le contrat' },
    ...under('policy', POLICY),
    { path: 'premiums', type: 'array', description: "Les échéances de l'année du contrat" },
    ...under('premiums[]', PREMIUM),
    {
      path: 'next_premiums',
      type: 'array',
      description: "Les échéances de l'année qui s'ouvre au renouvellement (avis d'échéance)",
    },
    ...under('next_premiums[]', PREMIUM),
    { path: 'premium', type: 'object', description: "L'échéance d'une quittance (vide sinon)" },
    ...under('premium', PREMIUM),
    { path: 'policies', type: 'array', description: 'Les contrats du client' },
    ...under('policies[]', POLICY),
    { path: 'policies[].client_display_name', type: 'string', description: 'Nom du client' },
    { path: 'policies[].company_name', type: 'string', description: 'Nom de la compagnie' },
    {
      path: FREE_INPUT_ROOT,
      type: 'object',
      description:
        'Saisies libres, données par un gestionnaire à la génération : {{ saisie.objet }} déclare la saisie « objet »',
    },
  ].map((entry) => Object.freeze(entry as DataModelEntry)),
);

const TYPES = new Map<string, DataModelType>(DATA_MODEL.map((entry) => [entry.path, entry.type]));
/** Objects the model describes field by field; the others (`insured_object`) hold free fields. */
const DESCRIBED_OBJECTS = new Set(
  DATA_MODEL.flatMap((entry) => {
    const cut = Math.max(entry.path.lastIndexOf('.'), entry.path.lastIndexOf('[]'));
    return cut > 0 ? [entry.path.slice(0, cut)] : [];
  }),
);

/** Marks "any element of the list" in a path: `['premiums', ITEM, 'amount']` is `premiums[].amount`. */
export const ITEM = '[]';

const INDEX = /^\d+$/;
const SUBSCRIPTED = /^([^[\]]*)((?:\[\d*\])+)$/;

/**
 * `['premiums[0]', 'amount']` and `['premiums[0].amount']` → `['premiums', '[]', 'amount']`;
 * numeric segments become `[]`.
 */
function splitSegments(path: readonly (string | number)[]): string[] {
  const segments: string[] = [];
  const parts = path.flatMap((part): (string | number)[] =>
    typeof part === 'string' ? part.split('.') : [part],
  );
  for (const segment of parts) {
    if (typeof segment === 'number' || INDEX.test(segment)) {
      segments.push(ITEM);
      continue;
    }
    const subscripted = SUBSCRIPTED.exec(segment);
    if (!subscripted) {
      segments.push(segment);
      continue;
    }
    if (subscripted[1]) segments.push(subscripted[1]);
    for (let n = (subscripted[2] ?? '').split('[').length - 1; n > 0; n--) segments.push(ITEM);
  }
  return segments;
}

function joinPath(segments: readonly string[]): string {
  return segments.reduce(
    // An empty segment is HTML's `premiums[].x`, which Liquid reads as a property named ''.
    (path, segment) =>
      segment === ITEM || segment === '' ? `${path}${ITEM}` : path ? `${path}.${segment}` : segment,
    '',
  );
}

/**
 * A variable path as the model writes it, and whether the model has it. Indexes, `first` and
 * `last` of a list stand for any element (`premiums[0].amount`, `premiums.first.amount` →
 * `premiums[].amount`); `size` of a list or text is known; any field under a free object is known.
 */
export function resolveVariable(path: readonly (string | number)[]): {
  path: string;
  known: boolean;
} {
  const segments = splitSegments(path);
  const normalised: string[] = [];
  // `free`: below an object whose fields the model leaves open; `unknown`: off the model.
  let kind: DataModelType | 'free' | 'unknown' = 'object';
  let current = '';
  for (const [i, segment] of segments.entries()) {
    if (kind === 'unknown' || kind === 'free') {
      normalised.push(segment);
    } else if (
      kind === 'array' &&
      (segment === ITEM || segment === 'first' || segment === 'last')
    ) {
      current = `${current}${ITEM}`;
      normalised.push(ITEM);
      kind = TYPES.get(current) ?? (DESCRIBED_OBJECTS.has(current) ? 'object' : 'unknown');
    } else if ((kind === 'array' || kind === 'string') && segment === 'size') {
      normalised.push(segment);
      // `premiums.size` is a number: nothing lies below it.
      kind = i === segments.length - 1 ? 'number' : 'unknown';
    } else if (kind === 'object' && current !== '' && !DESCRIBED_OBJECTS.has(current)) {
      normalised.push(segment);
      kind = 'free';
    } else if (kind === 'object') {
      current = current ? `${current}.${segment}` : segment;
      normalised.push(segment);
      kind = TYPES.get(current) ?? 'unknown';
    } else {
      // A field of a number, a date, a text…
      normalised.push(segment);
      kind = 'unknown';
    }
  }
  return { path: joinPath(normalised), known: kind !== 'unknown' };
}

/**
 * Whether the data model has this variable. `path` holds the segments of the variable, with list
 * indexes either as their own segment (`['premiums', '0', 'amount']`, `'[]'` for any element) or
 * attached (`['premiums[0]', 'amount']`); a segment may also be a dotted path
 * (`['premiums[].due_date']`). Loop variables are resolved by the caller.
 */
export function isKnownVariable(path: readonly string[]): boolean {
  return path.length > 0 && resolveVariable(path).known;
}

/** The data of a sample cabinet, client and policy, for previews and tests. */
export type RenderData = Record<string, unknown>;

const policy = {
  number: 'AUTO-2026-0042',
  product_line: 'auto',
  product_line_label: 'Automobile',
  status: 'active',
  status_label: 'En vigueur',
  effective_date: '2026-01-15',
  renewal_date: '2027-01-15',
  term_start: '2026-01-15',
  tacit_renewal: true,
  payment_frequency: 'quarterly',
  payment_frequency_label: 'Trimestriel',
  annual_premium: 840,
  annual_premium_total: 915.6,
  tax_rate: 9,
  commission_rate: 15,
  cancellation_deadline: '2026-11-15',
  notice_date: '2026-10-31',
  chatel_applies: true,
  insured_object: {
    make: 'Peugeot',
    model: '308',
    registration: 'GH-123-AB',
    first_registration: '2021-03-02',
  },
};

const quarters = [
  ['2026-01-15', '2026-04-14', 'paid', 'Payée', '2026-01-12', 'VIR-2026-0112'],
  ['2026-04-15', '2026-07-14', 'paid', 'Payée', '2026-04-10', 'VIR-2026-0410'],
  ['2026-07-15', '2026-10-14', 'issued', 'Émise', null, null],
  ['2026-10-15', '2027-01-14', 'issued', 'Émise', null, null],
] as const;

const premiums = quarters.map(([start, end, status, label, paidAt, reference], i) => ({
  sequence: i + 1,
  due_date: start,
  period_start: start,
  period_end: end,
  amount: 210,
  tax: 18.9,
  total: 228.9,
  commission: 31.5,
  commission_rate: 15,
  status,
  status_label: label,
  paid_at: paidAt,
  payment_reference: reference,
  policy_number: policy.number,
  client_display_name: 'Hélène Dupré',
}));

/** The same quarters one year on: the term the renewal of 2027-01-15 opens. */
const nextPremiums = premiums.map((p) => ({
  ...p,
  due_date: p.due_date.replace(/^2026|^2027/, (y) => String(Number(y) + 1)),
  period_start: p.period_start.replace(/^2026|^2027/, (y) => String(Number(y) + 1)),
  period_end: p.period_end.replace(/^2026|^2027/, (y) => String(Number(y) + 1)),
  status: 'issued',
  status_label: 'Émise',
  paid_at: null,
  payment_reference: null,
}));

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Frozen: use `sampleData()` for a copy to change. */
export const SAMPLE_DATA: Readonly<RenderData> = deepFreeze({
  today: '2026-06-15',
  organization: {
    name: 'Cabinet Martin Courtage',
    orias_number: '12345678',
    siren: '852147963',
    legal_mentions:
      "Cabinet Martin Courtage, SARL au capital de 10 000 €, RCS Paris 852 147 963. Intermédiaire en assurance immatriculé à l'ORIAS sous le n° 12345678 (www.orias.fr), soumis au contrôle de l'ACPR, 4 place de Budapest, CS 92459, 75436 Paris Cedex 09.",
    address: {
      line1: '12 rue de la Paix',
      line2: null,
      postal_code: '75002',
      city: 'Paris',
      country: 'FR',
    },
    address_lines: ['12 rue de la Paix', '75002 Paris'],
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
      line1: '8 allée des Tilleuls',
      line2: 'Bâtiment B',
      postal_code: '44000',
      city: 'Nantes',
      country: 'FR',
    },
    address_lines: ['8 allée des Tilleuls', 'Bâtiment B', '44000 Nantes'],
  },
  company: { name: "Mutuelle de l'Ouest", code: 'MDO', broker_code: 'MDO-4521' },
  policy,
  premiums,
  next_premiums: nextPremiums,
  premium: { ...premiums[1] },
  policies: [
    { ...policy, client_display_name: 'Hélène Dupré', company_name: "Mutuelle de l'Ouest" },
    {
      ...policy,
      number: 'MRH-2025-0117',
      product_line: 'habitation',
      product_line_label: 'Multirisque habitation',
      effective_date: '2025-09-01',
      renewal_date: '2026-09-01',
      term_start: '2025-09-01',
      payment_frequency: 'annual',
      payment_frequency_label: 'Annuel',
      annual_premium: 312.4,
      annual_premium_total: 340.52,
      commission_rate: 18,
      cancellation_deadline: '2026-07-01',
      notice_date: '2026-06-16',
      insured_object: { kind: 'appartement', rooms: 3, surface_m2: 68 },
      client_display_name: 'Hélène Dupré',
      company_name: "Mutuelle de l'Ouest",
    },
  ],
  // Filled by the caller's `data` only (previews with sample data show it empty unless given).
  saisie: {},
});

/** A fresh, mutable copy of `SAMPLE_DATA`. */
export function sampleData(): RenderData {
  return structuredClone(SAMPLE_DATA) as RenderData;
}
