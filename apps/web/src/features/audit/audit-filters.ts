/**
 * The audit log's filters as they live in the address (`/journal?action=…&from=2026-11-01`), their
 * translation into the API's query, and the French words for actions, targets and changes.
 */

/** The filters the user sets: dates are calendar days (`YYYY-MM-DD`), both included. */
export interface AuditFilters {
  action: string;
  actorId: string;
  targetType: string;
  targetId: string;
  from: string;
  to: string;
  q: string;
}

export const FILTER_NAMES = [
  'action',
  'actorId',
  'targetType',
  'targetId',
  'from',
  'to',
  'q',
] as const satisfies readonly (keyof AuditFilters)[];

/** The URL parameter that stacks the cursors of the pages already passed (back = drop the last). */
export const CURSOR_PARAM = 'cursor';

export function filtersFromParams(params: URLSearchParams): AuditFilters {
  const read = (name: keyof AuditFilters) => params.get(name)?.trim() ?? '';
  return {
    action: read('action'),
    actorId: read('actorId'),
    targetType: read('targetType'),
    targetId: read('targetId'),
    from: read('from'),
    to: read('to'),
    q: read('q'),
  };
}

/** The address parameters of a set of filters (empty ones left out, first page). */
export function paramsFromFilters(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) if (filters[name] !== '') params.set(name, filters[name]);
  return params;
}

export function activeFilterCount(filters: AuditFilters): number {
  return FILTER_NAMES.filter((name) => filters[name] !== '').length;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What the API would refuse, said in French, by field. */
export function validateFilters(
  filters: AuditFilters,
): Partial<Record<keyof AuditFilters, string>> {
  const errors: Partial<Record<keyof AuditFilters, string>> = {};
  if (filters.actorId !== '' && !UUID.test(filters.actorId)) {
    errors.actorId =
      'Saisissez l’identifiant complet de l’utilisateur, par exemple 3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f.';
  }
  if (filters.from !== '' && !ISO_DAY.test(filters.from)) {
    errors.from = 'Saisissez une date complète, par exemple 01/11/2026.';
  }
  if (filters.to !== '' && !ISO_DAY.test(filters.to)) {
    errors.to = 'Saisissez une date complète, par exemple 30/11/2026.';
  } else if (filters.from !== '' && filters.to !== '' && filters.to < filters.from) {
    errors.to = 'La date de fin doit être le même jour que la date de début ou après.';
  }
  return errors;
}

/** The UTC instant of midnight, Paris time, on a calendar day (the cabinet's business day). */
export function parisMidnight(isoDay: string): string {
  const [year = 0, month = 1, day = 1] = isoDay.split('-').map(Number);
  const utcMidnight = Date.UTC(year, month - 1, day);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(utcMidnight));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wallClock = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
  );
  // Paris is ahead of UTC by (wall clock − UTC) at that instant; midnight there is that much earlier.
  return new Date(utcMidnight - (wallClock - utcMidnight)).toISOString();
}

function nextDay(isoDay: string): string {
  const date = new Date(`${isoDay}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

export interface AuditApiFilters {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
  q?: string;
}

/**
 * The API's filters: days become instants, `from` at the start of its day and `to` at the start
 * of the next (the API's `to` is exclusive; the user's last day is included).
 */
export function toApiFilters(filters: AuditFilters): AuditApiFilters {
  const query: AuditApiFilters = {};
  if (filters.action !== '') query.action = filters.action;
  if (filters.actorId !== '') query.actorId = filters.actorId;
  if (filters.targetType !== '') query.targetType = filters.targetType;
  if (filters.targetId !== '') query.targetId = filters.targetId;
  if (filters.from !== '') query.from = parisMidnight(filters.from);
  if (filters.to !== '') query.to = parisMidnight(nextDay(filters.to));
  if (filters.q !== '') query.q = filters.q;
  return query;
}

/** The actions the server records, by domain, in French. */
export const ACTION_GROUPS: readonly { label: string; actions: Record<string, string> }[] = [
  {
    label: 'Connexions et sessions',
    actions: {
      'auth.login': 'Connexion',
      'auth.login_failed': 'Échec de connexion',
      'auth.logout': 'Déconnexion',
      'auth.logout_all': 'Déconnexion de tous les appareils',
      'auth.session_revoked': 'Session fermée',
      'auth.refresh_reuse_detected': 'Réutilisation d’un jeton détectée',
    },
  },
  {
    label: 'Utilisateurs',
    actions: {
      'user.created': 'Utilisateur créé',
      'user.updated': 'Utilisateur modifié',
      'user.role_changed': 'Rôle modifié',
      'user.deactivated': 'Utilisateur désactivé',
      'user.password_changed': 'Mot de passe changé',
    },
  },
  {
    label: 'Clients',
    actions: {
      'client.created': 'Client créé',
      'client.updated': 'Client modifié',
      'client.exported': 'Données du client exportées (RGPD)',
      'client.anonymized': 'Client anonymisé (RGPD)',
    },
  },
  {
    label: 'Contrats et quittances',
    actions: {
      'policy.created': 'Contrat créé',
      'policy.updated': 'Contrat modifié',
      'policy.status_changed': 'Statut du contrat changé',
      'policy.renewed': 'Contrat renouvelé',
      'premium.paid': 'Quittance payée',
      'premium.unpaid': 'Quittance impayée',
    },
  },
  {
    label: 'Compagnies',
    actions: {
      'company.created': 'Compagnie créée',
      'company.updated': 'Compagnie modifiée',
    },
  },
  {
    label: 'Modèles et documents',
    actions: {
      'template.created': 'Modèle créé',
      'template.updated': 'Modèle modifié',
      'template.version_created': 'Version de modèle enregistrée',
      'template.published': 'Version de modèle publiée',
      'template.deactivated': 'Modèle désactivé',
      'template.deleted': 'Modèle supprimé',
      'document.generated': 'Document généré',
      'document.downloaded': 'Document téléchargé',
      'document.link_created': 'Lien de téléchargement créé',
    },
  },
  {
    label: 'Cabinet et sécurité',
    actions: {
      'organization.created': 'Cabinet créé',
      'organization.updated': 'Cabinet modifié',
      'import.completed': 'Import terminé',
      'keys.rotated': 'Rotation des clés de signature',
      'audit.purged': 'Purge du journal',
    },
  },
];

const ACTION_LABELS: Record<string, string> = Object.assign(
  {},
  ...ACTION_GROUPS.map((group) => group.actions),
) as Record<string, string>;

/** « Connexion » for `auth.login`; the code itself for an action this screen does not know. */
export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

export const TARGET_TYPES: Record<string, string> = {
  client: 'Client',
  clients: 'Clients (import)',
  company: 'Compagnie',
  document: 'Document',
  organization: 'Cabinet',
  policy: 'Contrat',
  policies: 'Contrats (import)',
  premium: 'Quittance',
  session: 'Session',
  signing_key: 'Clé de signature',
  template: 'Modèle',
  user: 'Utilisateur',
  audit_events: 'Journal d’audit',
};

export function targetTypeLabel(targetType: string | null): string {
  if (targetType === null) return '';
  return TARGET_TYPES[targetType] ?? targetType;
}

/** One line of an event's changes: a field before and after, or a value recorded once. */
export type ChangeRow =
  | { field: string; kind: 'diff'; before: string; after: string }
  | { field: string; kind: 'value'; value: string };

/** A value as text: « (vide) » for nothing, Oui/Non, JSON for structures. */
export function changeValueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(vide)';
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** Coded values worth a word: roles (`broker` → « Chargé de clientèle »). */
const VALUE_LABELS: Record<string, Record<string, string>> = {
  role: {
    admin: 'Administrateur',
    manager: 'Responsable',
    broker: 'Chargé de clientèle',
    viewer: 'Lecture seule',
  },
};

function fieldValueText(field: string, value: unknown): string {
  if (typeof value === 'string') {
    const label = VALUE_LABELS[field]?.[value];
    if (label !== undefined) return label;
  }
  return changeValueText(value);
}

function isDiff(value: unknown): value is { before?: unknown; after?: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key === 'before' || key === 'after');
}

/** The `changes` of an event as rows: `{ role: { before, after } }` is a diff, others are values. */
export function changeRows(changes: Record<string, unknown> | null): ChangeRow[] {
  if (changes === null) return [];
  return Object.entries(changes).map(([field, value]) =>
    isDiff(value)
      ? {
          field,
          kind: 'diff',
          before: fieldValueText(field, value.before),
          after: fieldValueText(field, value.after),
        }
      : { field, kind: 'value', value: fieldValueText(field, value) },
  );
}

/** The server's verdict on a broken chain (written for operators, in English), in French. */
export function verifyProblemText(problem: string | undefined): string | undefined {
  if (problem === undefined) return undefined;
  if (problem === 'this event was modified') {
    return 'Cet événement a été modifié après son enregistrement.';
  }
  if (problem === 'an event before this one was removed or altered') {
    return 'Un événement qui le précède a été supprimé ou modifié.';
  }
  const badSignature = /^checkpoint (\S+) has a bad signature$/.exec(problem);
  if (badSignature) {
    return `La signature du point de contrôle ${badSignature[1] ?? ''} n’est pas authentique.`;
  }
  const truncated = /^events up to #(\d+) no longer match a signed checkpoint$/.exec(problem);
  if (truncated) {
    return `Les événements jusqu’au n° ${truncated[1] ?? ''} ne correspondent plus au point de contrôle signé : des événements ont pu être supprimés.`;
  }
  return problem;
}

/** « 1er », « 7e »: the rank of an event in the chain. */
export function ordinal(rank: number): string {
  return rank === 1 ? '1er' : `${rank}e`;
}
