import type { PolicyStatus } from '../../shared/lib/portfolio-labels.ts';

/** A move the detail screen offers: a status transition, or the renewal of the term. */
export interface LifecycleAction {
  id: 'activate' | 'suspend' | 'reactivate' | 'cancel' | 'expire' | 'renew';
  /** The status it leads to; none for a renewal (the policy stays active, on a new term). */
  to?: PolicyStatus;
  /** The button on the page. */
  label: string;
  /** The dialog's title and its confirming button. */
  title: string;
  confirm: string;
  /** What will happen, said before it does. */
  explanation: string;
  /** The toast after it happened. */
  done: string;
  variant: 'primary' | 'secondary' | 'danger';
  /** A cancellation must say why (it is read back in the history and on letters). */
  reasonRequired: boolean;
}

const ACTIONS: Record<LifecycleAction['id'], LifecycleAction> = {
  activate: {
    id: 'activate',
    to: 'active',
    label: 'Activer',
    title: 'Activer le contrat',
    confirm: 'Activer le contrat',
    explanation:
      'Le contrat passe en cours et son échéancier est créé pour la période en cours ; ses conditions financières ne se modifient plus ensuite.',
    done: 'Contrat activé',
    variant: 'primary',
    reasonRequired: false,
  },
  suspend: {
    id: 'suspend',
    to: 'suspended',
    label: 'Suspendre',
    title: 'Suspendre le contrat',
    confirm: 'Suspendre le contrat',
    explanation: 'Les garanties sont suspendues ; le contrat pourra être réactivé ou résilié.',
    done: 'Contrat suspendu',
    variant: 'secondary',
    reasonRequired: false,
  },
  reactivate: {
    id: 'reactivate',
    to: 'active',
    label: 'Réactiver',
    title: 'Réactiver le contrat',
    confirm: 'Réactiver le contrat',
    explanation: 'Le contrat repasse en cours.',
    done: 'Contrat réactivé',
    variant: 'primary',
    reasonRequired: false,
  },
  cancel: {
    id: 'cancel',
    to: 'cancelled',
    label: 'Résilier',
    title: 'Résilier le contrat',
    confirm: 'Résilier le contrat',
    explanation:
      'La résiliation est définitive : les quittances dont l’échéance suit la date de résiliation sont annulées.',
    done: 'Contrat résilié',
    variant: 'danger',
    reasonRequired: true,
  },
  expire: {
    id: 'expire',
    to: 'expired',
    label: 'Déclarer expiré',
    title: 'Déclarer le contrat expiré',
    confirm: 'Déclarer expiré',
    explanation:
      'Le contrat est arrivé à son terme sans être renouvelé ; c’est définitif. Les quittances dont l’échéance suit cette date sont annulées.',
    done: 'Contrat expiré',
    variant: 'secondary',
    reasonRequired: false,
  },
  renew: {
    id: 'renew',
    label: 'Renouveler',
    title: 'Renouveler le contrat',
    confirm: 'Renouveler le contrat',
    explanation:
      'Une nouvelle période commence à l’échéance principale, qui avance d’un an ; l’échéancier de la nouvelle période est créé.',
    done: 'Contrat renouvelé',
    variant: 'primary',
    reasonRequired: false,
  },
};

/**
 * The actions each status allows, as the server's state machine does
 * (apps/server/src/modules/policies: draft → active ⇄ suspended → cancelled, active → expired;
 * only an active policy renews). Showing only these keeps the user away from a 422.
 */
const BY_STATUS: Record<PolicyStatus, LifecycleAction['id'][]> = {
  draft: ['activate'],
  active: ['renew', 'suspend', 'expire', 'cancel'],
  suspended: ['reactivate', 'cancel'],
  cancelled: [],
  expired: [],
};

export function lifecycleActions(status: PolicyStatus): LifecycleAction[] {
  return BY_STATUS[status].map((id) => ACTIONS[id]);
}
