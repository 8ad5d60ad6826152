import { Card, Table, type TableColumn } from '@monassurance/ui';
import { formatDate, formatDateTime } from '../../shared/lib/format.ts';
import { POLICY_STATUS } from '../../shared/lib/portfolio-labels.ts';
import { useHasRole, useMe } from '../../shared/session/session.tsx';
import { QueryState } from '../../shared/ui/query-state.tsx';
import { usePolicyHistory, useUserNames, type HistoryEntry } from './api/policies.ts';

/** Every status change of the policy, newest first, with its reason and who made it. */
export function HistoryCard({ policyId }: { policyId: string }) {
  const history = usePolicyHistory(policyId);
  const { user } = useMe();
  // Only administrators may list the cabinet's users; others see their own name and « un collègue ».
  const names = useUserNames(useHasRole('admin'));
  const author = (entry: HistoryEntry) => {
    if (entry.changedBy === null) return 'Import ou système';
    if (entry.changedBy === user.id) return `${user.fullName} (vous)`;
    return names.get(entry.changedBy) ?? 'Un membre du cabinet';
  };

  const columns: TableColumn<HistoryEntry>[] = [
    {
      key: 'at',
      header: 'Enregistré le',
      rowHeader: true,
      cell: (e) => formatDateTime(e.changedAt),
    },
    {
      key: 'change',
      header: 'Changement',
      cell: (e) =>
        e.fromStatus === null
          ? `Création : ${POLICY_STATUS[e.toStatus].label}`
          : `${POLICY_STATUS[e.fromStatus].label} → ${POLICY_STATUS[e.toStatus].label}`,
    },
    { key: 'effective', header: 'Date d’effet', cell: (e) => formatDate(e.effectiveOn) },
    { key: 'reason', header: 'Motif', cell: (e) => e.reason ?? '—' },
    { key: 'by', header: 'Par', cell: author },
  ];

  return (
    <Card as="section" title="Historique" headingLevel={2}>
      <QueryState query={history} label="Chargement de l’historique">
        {(items) => (
          <Table
            caption="Changements de statut, du plus récent au plus ancien"
            captionHidden
            columns={columns}
            rows={[...items].reverse()}
            getRowId={(e) => `${e.changedAt}-${e.toStatus}`}
            empty="Aucun changement de statut."
          />
        )}
      </QueryState>
    </Card>
  );
}
