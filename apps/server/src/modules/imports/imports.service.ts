import type { Database } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { AppError, ConflictError } from '../../platform/errors.ts';
import { FairScheduler } from '../../platform/fair-scheduler.ts';
import type { ActorContext, PortfolioScope } from '../../platform/request-context.ts';
import { readTabularOffThread } from '../../platform/tabular/off-thread.ts';
import type { TabularData, TabularRow } from '../../platform/tabular/tabular.ts';
import { EXTRA_CELLS_KEY } from '../../platform/tabular/tabular.ts';
import { recordAudit } from '../audit/index.ts';
import {
  CLIENT_INPUT_FIELDS,
  clientInputOf,
  clientProblems,
  createImportedClients,
  findClientsByKeys,
  removeImportedClients,
  saveImportedChanges,
  type ClientInput,
  type ClientRow,
} from '../clients/index.ts';
import { findCompanyByCode, type CompanyRow } from '../companies/index.ts';
import {
  isIsoDate,
  isValidSiren,
  PAYMENT_FREQUENCIES,
  PRODUCT_LINES,
  toE164French,
  type PaymentFrequency,
  type ProductLine,
} from '../portfolio-domain/index.ts';
import {
  policyProblems,
  policyValues,
  type PoliciesService,
  type PolicyInput,
  type PolicyValues,
} from '../policies/index.ts';
import { findUserByEmail } from '../users/index.ts';
import {
  clientSchemaProblems,
  controlCharacterProblem,
  policySchemaProblems,
} from './import-rules.ts';
import { chunksOf, writeInChunks, yieldToEventLoop, type CommitMode } from './import-writer.ts';

export interface RejectedRow {
  row: number;
  field: string | null;
  message: string;
}

export interface ImportReport {
  kind: 'clients' | 'policies';
  dryRun: boolean;
  /** Every row is written, or none: a file with one rejected row changes nothing. */
  mode: 'all-or-nothing';
  committed: boolean;
  rows: number;
  created: number;
  updated: number;
  rejected: RejectedRow[];
}

/** The import was refused: the report says which rows and why; nothing was written. */
export class ImportRejectedError extends AppError {
  constructor(report: ImportReport) {
    super(
      422,
      'import-rejected',
      `${report.rejected.length} ligne(s) refusée(s) : rien n'a été importé.`,
      { report },
    );
  }
}

type Aliases = Record<string, string[]>;

/** Column names brokers use, normalized (lower-case, no accents, no separators). */
const CLIENT_COLUMNS: Aliases = {
  kind: ['kind', 'type', 'typeclient'],
  civility: ['civility', 'civilite', 'titre'],
  firstName: ['firstname', 'prenom'],
  lastName: ['lastname', 'nom', 'nomdefamille'],
  birthDate: ['birthdate', 'datedenaissance', 'naissance'],
  companyName: ['companyname', 'raisonsociale', 'societe', 'entreprise', 'denomination'],
  siren: ['siren'],
  siret: ['siret'],
  legalForm: ['legalform', 'formejuridique'],
  email: ['email', 'mail', 'courriel', 'adressemail', 'adresseemail'],
  phone: ['phone', 'telephone', 'tel', 'mobile', 'portable'],
  line1: ['line1', 'adresse', 'address', 'adresse1', 'rue'],
  line2: ['line2', 'adresse2', 'complement', 'complementdadresse'],
  postalCode: ['postalcode', 'codepostal', 'cp'],
  city: ['city', 'ville', 'commune'],
  country: ['country', 'pays'],
  broker: ['assignedbrokeremail', 'courtier', 'broker', 'emailcourtier', 'chargedeclientele'],
  notes: ['notes', 'remarques', 'commentaire', 'commentaires'],
};

const POLICY_COLUMNS: Aliases = {
  number: [
    'number',
    'numero',
    'numerodecontrat',
    'numerodepolice',
    'ndecontrat',
    'ndepolice',
    'nocontrat',
    'police',
    'contrat',
  ],
  companyCode: ['companycode', 'compagnie', 'codecompagnie', 'assureur'],
  clientEmail: ['clientemail', 'emailclient', 'email', 'mail'],
  clientSiren: ['clientsiren', 'sirenclient', 'siren'],
  productLine: ['productline', 'branche', 'produit'],
  effectiveDate: ['effectivedate', 'dateeffet', 'datedeffet', 'effet'],
  renewalDate: ['renewaldate', 'echeance', 'echeanceprincipale', 'datedecheance'],
  paymentFrequency: ['paymentfrequency', 'fractionnement', 'periodicite'],
  annualPremium: ['annualpremium', 'primeannuelle', 'primeht', 'prime', 'primeannuelleht'],
  commissionRate: ['commissionrate', 'tauxdecommission', 'commission', 'tauxcommission'],
  taxRate: ['taxrate', 'tauxdetaxe', 'taxe'],
  tacitRenewal: ['tacitrenewal', 'tacitereconduction', 'reconduction'],
  status: ['status', 'statut', 'etat'],
  notes: ['notes', 'remarques', 'commentaire'],
};

const KIND_WORDS: Record<string, 'person' | 'business'> = {
  person: 'person',
  personne: 'person',
  particulier: 'person',
  physique: 'person',
  business: 'business',
  entreprise: 'business',
  societe: 'business',
  professionnel: 'business',
  pro: 'business',
  morale: 'business',
};
const FREQUENCY_WORDS: Record<string, PaymentFrequency> = {
  annual: 'annual',
  annuel: 'annual',
  annuelle: 'annual',
  semiannual: 'semiannual',
  semestriel: 'semiannual',
  semestrielle: 'semiannual',
  quarterly: 'quarterly',
  trimestriel: 'quarterly',
  trimestrielle: 'quarterly',
  monthly: 'monthly',
  mensuel: 'monthly',
  mensuelle: 'monthly',
};
const YES = ['oui', 'yes', 'true', '1', 'o', 'vrai'];
const NO = ['non', 'no', 'false', '0', 'n', 'faux'];

const word = (value: string) =>
  value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** The fields of a ClientInput that a column of the same name sets as it is. */
const CLIENT_INPUT_COLUMNS = CLIENT_INPUT_FIELDS.filter((field) => field in CLIENT_COLUMNS);
const ADDRESS_COLUMNS = ['line1', 'line2', 'postalCode', 'city', 'country'];

/** The fields the file has a column for (under any alias). */
function presentFields(headers: string[], aliases: Aliases): Set<string> {
  const columns = new Set(headers);
  return new Set(
    Object.keys(aliases).filter((field) => aliases[field]?.some((alias) => columns.has(alias))),
  );
}

/** The value of the first alias present in the row. */
function picker(row: TabularRow, aliases: Aliases) {
  return (field: string): string => {
    for (const alias of aliases[field] ?? []) {
      const value = row.values[alias];
      if (value !== undefined && value !== '') return value;
    }
    return '';
  };
}

/** 'YYYY-MM-DD' or French 'DD/MM/YYYY'; undefined when neither. */
export function parseDate(value: string): string | undefined {
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  const [, day = '', month = '', year = ''] = french ?? [];
  const iso = french ? `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` : value;
  return isIsoDate(iso) ? iso : undefined;
}

/** '1 234,56' / '1234.56' / '1 234,56 €' euros → cents; undefined when not a non-negative amount. */
export function parseEuros(value: string): number | undefined {
  const cleaned = value.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return undefined;
  const [units, decimals = ''] = cleaned.split('.');
  return Number(units) * 100 + Number(decimals.padEnd(2, '0'));
}

/** '15' / '15,5' / '15,5 %' percent → basis points. */
export function parsePercentBps(value: string): number | undefined {
  const cleaned = value.replace(/[\s%]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return undefined;
  const bps = Math.round(Number(cleaned) * 100);
  return bps <= 10_000 ? bps : undefined;
}

/** The first field of a row whose cell holds a control character, with the message. */
function controlCharacterCell(
  row: TabularRow,
  aliases: Aliases,
): { field: string; message: string } | undefined {
  const pick = picker(row, aliases);
  for (const field of Object.keys(aliases)) {
    const message = controlCharacterProblem(pick(field));
    if (message) return { field, message };
  }
  return undefined;
}

/** Policy input fields → the import's column fields they come from, for the report. */
const POLICY_FIELD_OF_INPUT: Record<string, string> = {
  annualPremiumCents: 'annualPremium',
  taxRateBps: 'taxRate',
  commissionRateBps: 'commissionRate',
};

/** Keys per lookup query: a 50,000-row file must not become one statement of 50,000 parameters. */
const LOOKUP_KEYS = 1_000;
/** Rows checked between two yields to the event loop. */
const ROWS_PER_YIELD = 250;

export interface ImportsOptions {
  /** See `CommitMode`: `per-chunk` on PGlite, `one-transaction` on PostgreSQL. */
  commitMode?: CommitMode | undefined;
  /** Rows written per chunk (per transaction in `per-chunk` mode). */
  chunkRows?: number | undefined;
  /** Imports running at once, all cabinets together; one per cabinet at most. */
  maxRunning?: number | undefined;
  /** Imports of one cabinet waiting for its running one; beyond, 429. */
  maxWaitingPerCabinet?: number | undefined;
}

/** An uploaded file, not yet read. */
export interface ImportUpload {
  content: Buffer;
  format: 'csv' | 'xlsx';
}

/** Imports of clients and policies from CSV/XLSX, checked row by row, written all or nothing. */
export class ImportsService {
  private readonly commitMode: CommitMode;
  private readonly chunkRows: number;
  /**
   * One running import per cabinet and a few in all, cabinets served in turn: an import is long
   * CPU and database work, and one cabinet's files must not take every slot from the others.
   */
  private readonly admission: FairScheduler;

  constructor(
    private readonly db: Database,
    private readonly policies: PoliciesService,
    options: ImportsOptions = {},
  ) {
    this.commitMode = options.commitMode ?? 'one-transaction';
    this.chunkRows = options.chunkRows ?? 100;
    const maxRunning = options.maxRunning ?? 2;
    this.admission = new FairScheduler({
      capacity: maxRunning,
      maxActivePerKey: 1,
      maxQueuedPerKey: options.maxWaitingPerCabinet ?? 2,
      maxQueued: maxRunning * 8,
      busyError: () =>
        new AppError(
          429,
          'imports-busy',
          "Trop d'imports sont déjà en attente : réessayez quand les imports en cours seront terminés.",
          { retryAfterSeconds: 10 },
          { 'retry-after': '10' },
        ),
    });
  }

  /**
   * Reads an uploaded file (off the event loop when it is large) and imports it, once admitted:
   * the whole import holds one of the cabinet's slots, parsing included.
   */
  async importFile(
    kind: 'clients' | 'policies',
    scope: PortfolioScope,
    context: ActorContext,
    upload: ImportUpload,
    dryRun: boolean,
  ): Promise<ImportReport> {
    return this.admission.run(scope.organizationId, async () => {
      const data = await readTabularOffThread(upload.content, upload.format);
      return kind === 'clients'
        ? this.importClients(scope, context, data, dryRun)
        : this.importPolicies(scope, context, data, dryRun);
    });
  }

  /** Imports running and waiting, all cabinets together (for tests and metrics). */
  admissionStats() {
    return this.admission.stats();
  }

  async importClients(
    scope: PortfolioScope,
    context: ActorContext,
    data: TabularData,
    dryRun: boolean,
  ): Promise<ImportReport> {
    const rejected: RejectedRow[] = [];
    const parsed: { row: number; input: ClientInput }[] = [];
    const brokerCache = new Map<string, string | undefined>();
    for (const [index, row] of data.rows.entries()) {
      if (index % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) await yieldToEventLoop();
      const pick = picker(row, CLIENT_COLUMNS);
      const reject = (field: string | null, message: string) =>
        rejected.push({ row: row.rowNumber, field, message });
      if (row.values[EXTRA_CELLS_KEY]) {
        reject(null, 'Cellules en trop, sans en-tête de colonne.');
        continue;
      }
      const control = controlCharacterCell(row, CLIENT_COLUMNS);
      if (control) {
        reject(control.field, control.message);
        continue;
      }
      const kindWord = word(pick('kind'));
      const kind = kindWord ? KIND_WORDS[kindWord] : pick('companyName') ? 'business' : 'person';
      if (!kind) {
        reject('kind', 'Type inconnu : attendu « personne » ou « entreprise ».');
        continue;
      }
      const before = rejected.length;
      const birth = pick('birthDate');
      const birthDate = birth ? parseDate(birth) : undefined;
      if (birth && !birthDate)
        reject('birthDate', 'Date attendue au format JJ/MM/AAAA ou AAAA-MM-JJ.');
      const phoneText = pick('phone');
      const phone = phoneText ? toE164French(phoneText) : undefined;
      if (phoneText && !phone) reject('phone', 'Numéro de téléphone non reconnu.');
      const email = pick('email').toLowerCase();
      if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
        reject('email', 'Adresse e-mail invalide.');
      let assignedBrokerId: string | undefined;
      const brokerEmail = pick('broker').toLowerCase();
      if (scope.brokerId) {
        assignedBrokerId = scope.brokerId;
      } else if (brokerEmail) {
        if (!brokerCache.has(brokerEmail)) {
          const user = await findUserByEmail(this.db, brokerEmail);
          brokerCache.set(
            brokerEmail,
            user && user.organizationId === scope.organizationId && user.active
              ? user.id
              : undefined,
          );
        }
        assignedBrokerId = brokerCache.get(brokerEmail);
        if (!assignedBrokerId)
          reject('assignedBrokerEmail', "Ce courtier n'est pas un utilisateur actif du cabinet.");
      }
      const line1 = pick('line1');
      const input: ClientInput = {
        kind,
        civility: pick('civility') || null,
        firstName: pick('firstName') || null,
        lastName: pick('lastName') || null,
        birthDate: birthDate ?? null,
        companyName: pick('companyName') || null,
        siren: pick('siren').replace(/\s/g, '') || null,
        siret: pick('siret').replace(/\s/g, '') || null,
        legalForm: pick('legalForm') || null,
        email: email || null,
        phone: phone ?? null,
        address: line1
          ? {
              line1,
              line2: pick('line2') || undefined,
              postalCode: pick('postalCode'),
              city: pick('city'),
              country: (pick('country') || 'FR').toUpperCase().slice(0, 2),
            }
          : null,
        assignedBrokerId: assignedBrokerId ?? null,
        notes: pick('notes') || null,
      };
      if (rejected.length === before) parsed.push({ row: row.rowNumber, input });
    }
    // A matched client keeps what the file has no column for (a file of e-mails and phones
    // updates e-mails and phones); a column present but empty clears the field.
    const present = presentFields(data.headers, CLIENT_COLUMNS);
    const finalInput = (input: ClientInput, match: ClientRow | undefined): ClientInput => {
      if (!match) return input;
      const merged: ClientInput = { ...clientInputOf(match), kind: input.kind };
      for (const field of CLIENT_INPUT_COLUMNS) {
        if (present.has(field)) Object.assign(merged, { [field]: input[field] });
      }
      if (ADDRESS_COLUMNS.some((column) => present.has(column))) merged.address = input.address;
      if (present.has('broker') || scope.brokerId) merged.assignedBrokerId = input.assignedBrokerId;
      return merged;
    };

    // Existing clients are matched by e-mail (persons) or SIREN (businesses) and updated.
    const existing = await this.clientsByKeys(scope.organizationId, {
      emails: parsed
        .filter((p) => p.input.kind === 'person' && p.input.email)
        .map((p) => p.input.email as string),
      sirens: parsed
        .filter((p) => p.input.kind === 'business' && p.input.siren)
        .map((p) => p.input.siren as string),
    });
    const byKey = new Map<string, ClientRow>();
    for (const client of existing) {
      if (scope.brokerId && client.assignedBrokerId !== scope.brokerId) continue;
      if (client.kind === 'person' && client.email)
        byKey.set(`e:${client.email.toLowerCase()}`, client);
      if (client.kind === 'business' && client.siren) byKey.set(`s:${client.siren}`, client);
    }
    const seen = new Map<string, number>();
    const creates: ClientInput[] = [];
    const updates: { id: string; input: ClientInput; before: ClientRow }[] = [];
    for (const [index, { row, input }] of parsed.entries()) {
      if (index % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) await yieldToEventLoop();
      const key =
        input.kind === 'person'
          ? input.email
            ? `e:${input.email}`
            : undefined
          : input.siren
            ? `s:${input.siren}`
            : undefined;
      if (key && seen.has(key)) {
        rejected.push({
          row,
          field: input.kind === 'person' ? 'email' : 'siren',
          message: `Doublon de la ligne ${seen.get(key)}.`,
        });
        continue;
      }
      if (key) seen.set(key, row);
      const match = key ? byKey.get(key) : undefined;
      if (match?.anonymizedAt) {
        rejected.push({ row, field: null, message: 'Ce client a été anonymisé.' });
        continue;
      }
      const written = finalInput(input, match);
      // The API's schema first (lengths, formats): its finding on a field is the one to fix.
      const problems = clientSchemaProblems(written);
      const checked = new Set(problems.map((problem) => problem.field));
      for (const problem of clientProblems(written)) {
        const field = problem.path.slice(1);
        if (!checked.has(field)) problems.push({ field, message: problem.message });
      }
      for (const problem of problems)
        rejected.push({ row, field: problem.field, message: problem.message });
      if (problems.length > 0) continue;
      if (match) updates.push({ id: match.id, input: written, before: match });
      else creates.push(written);
    }
    const report: ImportReport = {
      kind: 'clients',
      dryRun,
      mode: 'all-or-nothing',
      committed: false,
      rows: data.rows.length,
      created: creates.length,
      updated: updates.length,
      rejected: rejected.sort((a, b) => a.row - b.row),
    };
    if (dryRun) return report;
    if (rejected.length > 0) throw new ImportRejectedError(report);
    type Write = { create: ClientInput } | { update: (typeof updates)[number] };
    const createdIds: string[] = [];
    const updated: (typeof updates)[number][] = [];
    const organizationId = scope.organizationId;
    await writeInChunks<Write>(
      this.db,
      this.commitMode,
      chunksOf<Write>(
        [...creates.map((create) => ({ create })), ...updates.map((update) => ({ update }))],
        this.chunkRows,
      ),
      {
        write: async (tx, chunk) => {
          const inserts = chunk.flatMap((w) => ('create' in w ? [w.create] : []));
          const changes = chunk.flatMap((w) => ('update' in w ? [w.update] : []));
          createdIds.push(...(await createImportedClients(tx, organizationId, inserts)));
          await saveImportedChanges(
            tx,
            organizationId,
            changes.map((u) => ({ id: u.id, input: u.input })),
          );
          updated.push(...changes);
        },
        finish: (tx) =>
          recordAudit(tx, context, {
            action: 'import.completed',
            targetType: 'clients',
            changes: {
              rows: report.rows,
              created: report.created,
              updated: report.updated,
              format: data.format,
            },
          }),
        // Created clients go, matched ones get their values back, chunk by chunk like the writes.
        compensate: async (db) => {
          for (const ids of chunksOf(createdIds, this.chunkRows)) {
            await db.transaction((tx) => removeImportedClients(tx, organizationId, ids));
            await yieldToEventLoop();
          }
          for (const chunk of chunksOf(updated, this.chunkRows)) {
            await db.transaction((tx) =>
              saveImportedChanges(
                tx,
                organizationId,
                chunk.map((u) => ({ id: u.id, input: clientInputOf(u.before) })),
              ),
            );
            await yieldToEventLoop();
          }
        },
      },
    );
    return { ...report, committed: true };
  }

  /** `findClientsByKeys` in queries of a bounded number of keys. */
  private async clientsByKeys(
    organizationId: string,
    keys: { emails: string[]; sirens: string[] },
  ): Promise<ClientRow[]> {
    const found: ClientRow[] = [];
    for (const [name, values] of [
      ['emails', [...new Set(keys.emails)]],
      ['sirens', [...new Set(keys.sirens)]],
    ] as const) {
      for (const chunk of chunksOf(values, LOOKUP_KEYS)) {
        const lookup = { emails: [] as string[], sirens: [] as string[], [name]: chunk };
        found.push(...(await findClientsByKeys(this.db, organizationId, lookup)));
      }
    }
    // A client may match by e-mail and by SIREN: once is enough.
    return [...new Map(found.map((client) => [client.id, client])).values()];
  }

  async importPolicies(
    scope: PortfolioScope,
    context: ActorContext,
    data: TabularData,
    dryRun: boolean,
  ): Promise<ImportReport> {
    const rejected: RejectedRow[] = [];
    const ready: { row: number; input: PolicyInput; activate: boolean }[] = [];
    const companyIds = new Map<string, CompanyRow | undefined>();
    const clientIds = new Map<string, string | undefined>();
    const emails = new Set<string>();
    const sirens = new Set<string>();
    for (const row of data.rows) {
      // A key with a NUL would fail the lookup itself on PostgreSQL; its row is rejected below.
      if (controlCharacterCell(row, POLICY_COLUMNS)) continue;
      const pick = picker(row, POLICY_COLUMNS);
      if (pick('clientEmail')) emails.add(pick('clientEmail').toLowerCase());
      if (pick('clientSiren')) sirens.add(pick('clientSiren').replace(/\s/g, ''));
    }
    for (const client of await this.clientsByKeys(scope.organizationId, {
      emails: [...emails],
      sirens: [...sirens],
    })) {
      if (scope.brokerId && client.assignedBrokerId !== scope.brokerId) continue;
      if (client.email) clientIds.set(`e:${client.email.toLowerCase()}`, client.id);
      if (client.siren) clientIds.set(`s:${client.siren}`, client.id);
    }
    const seen = new Map<string, number>();
    for (const [index, row] of data.rows.entries()) {
      if (index % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) await yieldToEventLoop();
      const pick = picker(row, POLICY_COLUMNS);
      const before = rejected.length;
      const reject = (field: string | null, message: string) =>
        rejected.push({ row: row.rowNumber, field, message });
      const control = controlCharacterCell(row, POLICY_COLUMNS);
      if (control) {
        reject(control.field, control.message);
        continue;
      }
      const number = pick('number');
      if (!number) reject('number', 'Le numéro de contrat est obligatoire.');
      const code = pick('companyCode');
      if (!companyIds.has(code.toLowerCase())) {
        companyIds.set(
          code.toLowerCase(),
          code ? await findCompanyByCode(this.db, scope.organizationId, code) : undefined,
        );
      }
      const companyId = companyIds.get(code.toLowerCase())?.id;
      if (!companyId)
        reject(
          'companyCode',
          code
            ? `Compagnie « ${code} » inconnue du cabinet.`
            : 'Le code compagnie est obligatoire.',
        );
      const siren = pick('clientSiren').replace(/\s/g, '');
      const email = pick('clientEmail').toLowerCase();
      const clientId =
        (siren && clientIds.get(`s:${siren}`)) ||
        (email && clientIds.get(`e:${email}`)) ||
        undefined;
      if (!clientId)
        reject(
          siren ? 'clientSiren' : 'clientEmail',
          siren && !isValidSiren(siren)
            ? 'SIREN invalide.'
            : 'Client introuvable (e-mail ou SIREN).',
        );
      const productLine = word(pick('productLine'))
        .replace(/^(rcpro)$/, 'rc_pro')
        .replace(/^(multirisquepro)$/, 'multirisque_pro') as ProductLine;
      if (!PRODUCT_LINES.includes(productLine))
        reject('productLine', `Branche inconnue : attendu ${PRODUCT_LINES.join(', ')}.`);
      const effectiveDate = parseDate(pick('effectiveDate'));
      if (!effectiveDate)
        reject('effectiveDate', "Date d'effet attendue au format JJ/MM/AAAA ou AAAA-MM-JJ.");
      const renewalDate = parseDate(pick('renewalDate'));
      if (!renewalDate)
        reject('renewalDate', 'Échéance attendue au format JJ/MM/AAAA ou AAAA-MM-JJ.');
      const frequency = FREQUENCY_WORDS[word(pick('paymentFrequency') || 'annuel')];
      if (!frequency || !PAYMENT_FREQUENCIES.includes(frequency))
        reject(
          'paymentFrequency',
          'Fractionnement attendu : annuel, semestriel, trimestriel ou mensuel.',
        );
      const premium = parseEuros(pick('annualPremium'));
      if (premium === undefined)
        reject('annualPremium', 'Prime annuelle HT attendue en euros, par exemple 1 234,56.');
      const commission = pick('commissionRate')
        ? parsePercentBps(pick('commissionRate'))
        : undefined;
      if (pick('commissionRate') && commission === undefined)
        reject(
          'commissionRate',
          'Taux de commission attendu en pourcentage, par exemple 15 ou 12,5.',
        );
      const tax = pick('taxRate') ? parsePercentBps(pick('taxRate')) : undefined;
      if (pick('taxRate') && tax === undefined)
        reject('taxRate', 'Taux de taxe attendu en pourcentage.');
      const tacitText = word(pick('tacitRenewal'));
      if (tacitText && !YES.includes(tacitText) && !NO.includes(tacitText))
        reject('tacitRenewal', 'Attendu oui ou non.');
      const statusWord = word(pick('status') || 'brouillon');
      const activate = ['active', 'actif', 'encours', 'envigueur'].includes(statusWord);
      if (!activate && !['draft', 'brouillon'].includes(statusWord))
        reject('status', 'Statut attendu : brouillon ou en cours.');
      const key = `${companyId}:${number}`;
      if (number && companyId && seen.has(key))
        reject('number', `Doublon de la ligne ${seen.get(key)}.`);
      if (number && companyId) seen.set(key, row.rowNumber);
      if (rejected.length > before) continue;
      ready.push({
        row: row.rowNumber,
        activate,
        input: {
          number,
          clientId: clientId as string,
          companyId: companyId as string,
          productLine,
          effectiveDate: effectiveDate as string,
          renewalDate: renewalDate as string,
          tacitRenewal: tacitText ? YES.includes(tacitText) : true,
          paymentFrequency: frequency as PaymentFrequency,
          annualPremiumCents: premium as number,
          taxRateBps: tax,
          commissionRateBps: commission,
          notes: pick('notes') || null,
        },
      });
    }
    // The same rules as the API; the client and the company were resolved above, in scope.
    const prepared: { row: number; activate: boolean; input: PolicyInput; values: PolicyValues }[] =
      [];
    const ratesOf = new Map(
      [...companyIds.values()].flatMap((c) => (c ? [[c.id, c.commissionRates] as const] : [])),
    );
    for (const [index, item] of ready.entries()) {
      if (index % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) await yieldToEventLoop();
      // The API's schema (lengths, bounds) first, then the rules it cannot say.
      const problems = policySchemaProblems(item.input).map(({ field, message }) => ({
        field: POLICY_FIELD_OF_INPUT[field] ?? field,
        message,
      }));
      if (problems.length === 0) {
        for (const e of policyProblems(item.input))
          problems.push({ field: e.path.slice(1), message: e.message });
      }
      for (const e of problems)
        rejected.push({ row: item.row, field: e.field, message: e.message });
      if (problems.length === 0) {
        prepared.push({
          ...item,
          values: policyValues(item.input, ratesOf.get(item.input.companyId) ?? {}),
        });
      }
    }
    const existing = new Set<string>();
    for (const chunk of chunksOf(prepared, LOOKUP_KEYS)) {
      const found = await this.policies.existingNumbers(
        scope,
        chunk.map((p) => ({ companyId: p.input.companyId, number: p.input.number })),
      );
      for (const key of found) existing.add(key);
    }
    for (const item of prepared) {
      if (existing.has(`${item.input.companyId}:${item.input.number}`)) {
        rejected.push({
          row: item.row,
          field: 'number',
          message: 'Ce contrat existe déjà pour cette compagnie.',
        });
      }
    }
    const report: ImportReport = {
      kind: 'policies',
      dryRun,
      mode: 'all-or-nothing',
      committed: false,
      rows: data.rows.length,
      created: prepared.filter((p) => !existing.has(`${p.input.companyId}:${p.input.number}`))
        .length,
      updated: 0,
      rejected: rejected.sort((a, b) => a.row - b.row),
    };
    if (dryRun) return report;
    if (rejected.length > 0) throw new ImportRejectedError(report);
    const createdIds: string[] = [];
    const writing = writeInChunks(this.db, this.commitMode, chunksOf(prepared, this.chunkRows), {
      write: async (tx, chunk) => {
        createdIds.push(...(await this.policies.insertPrepared(tx, scope, context, chunk)));
      },
      finish: (tx) =>
        recordAudit(tx, context, {
          action: 'import.completed',
          targetType: 'policies',
          changes: { rows: report.rows, format: data.format, created: prepared.length },
        }),
      compensate: async (db) => {
        for (const ids of chunksOf(createdIds, this.chunkRows)) {
          await db.transaction((tx) => this.policies.deleteImported(tx, scope, ids));
          await yieldToEventLoop();
        }
      },
    });
    try {
      await writing;
    } catch (error) {
      // Checked before writing, a number can still be taken meanwhile by another request.
      if (!isUniqueViolation(error)) throw error;
      throw new ConflictError(
        'import-conflict',
        "Un contrat du fichier a été créé entre-temps par une autre saisie : rien n'a été importé. Relancez l'import pour voir les lignes concernées.",
      );
    }
    return { ...report, committed: true };
  }
}
