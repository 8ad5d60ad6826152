import {
  Badge,
  Breadcrumbs,
  Button,
  DateField,
  EmptyState,
  ErrorSummary,
  Form,
  Link,
  RadioGroup,
  Stack,
  Table,
  type TableColumn,
} from '@monassurance/ui';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { addDays, formatDate, formatLongDate, todayInParis } from '../../shared/lib/format.ts';
import { PRODUCT_LINE_LABELS } from '../../shared/lib/portfolio-labels.ts';
import { summaryOf, textOf } from '../../shared/ui/form-errors.ts';
import { QueryState } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import { useHasRole } from '../../shared/session/session.tsx';
import { useCompanyNames, useRenewals, type Renewal } from './api/renewals.ts';
import { BatchPanel } from './batch-panel.tsx';
import {
  GenerateNoticesDialog,
  type LaunchedBatch,
  type NoticeTarget,
} from './generate-notices-dialog.tsx';
import {
  horizonOf,
  paramsOf,
  periodErrors,
  periodOf,
  PRESET_DAYS,
  type RenewalPeriod,
} from './renewal-period.ts';
import './renewals.css';

const PREFIX = 'renewals';

function PeriodForm({
  period,
  today,
  onApply,
  onErrors,
}: {
  period: RenewalPeriod;
  today: string;
  onApply: (period: RenewalPeriod) => void;
  onErrors: (hasErrors: boolean) => void;
}) {
  const [choice, setChoice] = useState(period.kind === 'days' ? String(period.days) : 'dates');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const apply = (data: FormData) => {
    if (choice !== 'dates') {
      setErrors({});
      onErrors(false);
      onApply({ kind: 'days', days: Number(choice) as 30 | 60 | 90 });
      return;
    }
    const from = textOf(data, 'from');
    const to = textOf(data, 'to');
    const found = periodErrors(from, to, today);
    setErrors(found);
    onErrors(Object.keys(found).length > 0);
    if (Object.keys(found).length === 0) onApply({ kind: 'dates', from, to });
  };

  return (
    <Form aria-label="Choisir la période" onSubmit={apply} className="renewals-filters">
      <Stack gap={4}>
        <ErrorSummary errors={summaryOf(errors, ['from', 'to'], PREFIX)} />
        <RadioGroup
          legend="Échéances principales"
          name="period"
          orientation="horizontal"
          options={[
            ...PRESET_DAYS.map((days) => ({
              value: String(days),
              label: `Dans les ${days} prochains jours`,
            })),
            { value: 'dates', label: 'Entre deux dates' },
          ]}
          value={choice}
          onChange={setChoice}
        />
        {choice === 'dates' && (
          <Stack direction="row" gap={4} wrap>
            <DateField
              id={`${PREFIX}-from`}
              name="from"
              label="Du"
              description="Au format jj/mm/aaaa ; à partir d’aujourd’hui."
              required
              min={today}
              defaultValue={period.kind === 'dates' ? period.from : today}
              error={errors.from}
            />
            <DateField
              id={`${PREFIX}-to`}
              name="to"
              label="Au"
              description="Au format jj/mm/aaaa ; dans l’année qui vient."
              required
              min={today}
              defaultValue={period.kind === 'dates' ? period.to : ''}
              error={errors.to}
            />
          </Stack>
        )}
        <div>
          <Button type="submit" variant="secondary">
            Afficher
          </Button>
        </div>
      </Stack>
    </Form>
  );
}

function deadlineCell(date: string, today: string, late: string) {
  return (
    <span className="renewals-stack">
      <span className="renewals-nowrap">{formatDate(date)}</span>
      {date < today && <Badge tone="danger">{late}</Badge>}
    </span>
  );
}

/** « Échéances »: active policies renewing soon, with the dates that must not be missed. */
export function RenewalsPage() {
  const [params, setParams] = useSearchParams();
  const today = todayInParis();
  const period = periodOf(params, today);
  const { withinDays, from } = horizonOf(period, today);
  const renewals = useRenewals(withinDays);
  const companyNames = useCompanyNames();
  const [formHasErrors, setFormHasErrors] = useState(false);
  const canGenerate = useHasRole('admin', 'manager', 'broker');
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(new Set());
  const [dialogOpen, setDialogOpen] = useState(false);
  const [launched, setLaunched] = useState<LaunchedBatch | null>(null);

  const columns: TableColumn<Renewal>[] = [
    {
      key: 'policy',
      header: 'Contrat',
      rowHeader: true,
      cell: (r) => (
        <span className="renewals-stack">
          <Link href={`/contrats/${r.policyId}`} className="renewals-nowrap">
            {r.policyNumber}
          </Link>
          <span className="renewals-muted">{PRODUCT_LINE_LABELS[r.productLine]}</span>
        </span>
      ),
    },
    {
      key: 'renewal',
      header: 'Échéance principale',
      cell: (r) => (
        <span className="renewals-stack">
          <span className="renewals-nowrap">{formatDate(r.renewalDate)}</span>
          <span className="renewals-muted">
            {r.daysUntilRenewal === 0
              ? 'aujourd’hui'
              : `dans ${r.daysUntilRenewal} jour${r.daysUntilRenewal > 1 ? 's' : ''}`}
          </span>
        </span>
      ),
    },
    {
      key: 'client',
      header: 'Client et compagnie',
      cell: (r) => (
        <span className="renewals-stack">
          <Link href={`/clients/${r.clientId}`}>{r.clientDisplayName}</Link>
          <span className="renewals-muted">{companyNames.get(r.companyId) ?? ''}</span>
        </span>
      ),
    },
    {
      key: 'deadline',
      header: 'Résiliation possible jusqu’au',
      cell: (r) => deadlineCell(r.cancellationDeadline, today, 'Dépassée'),
    },
    {
      key: 'notice',
      header: 'Avis d’échéance à envoyer avant le',
      cell: (r) => deadlineCell(r.noticeLatestSendDate, today, 'En retard'),
    },
    {
      key: 'renewalKind',
      header: 'Reconduction',
      cell: (r) => (
        <span className="renewals-stack">
          <span>{r.tacitRenewal ? 'Tacite' : 'Expresse'}</span>
          {r.chatelApplies && <Badge tone="info">Loi Chatel</Badge>}
        </span>
      ),
    },
  ];

  const span =
    period.kind === 'days'
      ? { from: today, to: addDays(today, period.days) }
      : { from: period.from, to: period.to };

  /** The ticked rows still shown (a new period may hide some), else the whole period. */
  const targetOf = (rows: Renewal[]): NoticeTarget => {
    const ticked = rows.filter((r) => selectedIds.has(r.policyId)).map((r) => r.policyId);
    return {
      policyIds: ticked.length > 0 ? ticked : null,
      count: ticked.length > 0 ? ticked.length : rows.length,
      ...span,
      policyNumbers: new Map(rows.map((r) => [r.policyId, r.policyNumber])),
    };
  };

  const periodText =
    period.kind === 'days'
      ? `dans les ${period.days} prochains jours`
      : `entre le ${formatLongDate(period.from)} et le ${formatLongDate(period.to)}`;

  return (
    <Screen
      title="Échéances"
      hasErrors={formHasErrors}
      description="Les contrats en cours dont l’échéance principale approche, avec les dates à ne pas manquer : fin du délai de résiliation et envoi de l’avis d’échéance (loi Chatel)."
      breadcrumbs={
        <Breadcrumbs items={[{ label: 'Accueil', href: '/' }, { label: 'Échéances' }]} />
      }
    >
      <PeriodForm
        key={params.toString()}
        period={period}
        today={today}
        onErrors={setFormHasErrors}
        onApply={(next) => setParams(paramsOf(next))}
      />
      <BatchPanel launched={launched} onDismiss={() => setLaunched(null)} />
      <QueryState query={renewals} label="Chargement des échéances">
        {(items) => {
          const rows = items.filter((r) => r.renewalDate >= from);
          const target = targetOf(rows);
          return (
            <Stack gap={4}>
              <p role="status" className="renewals-count">
                {rows.length === 0
                  ? `Aucun contrat n’arrive à échéance ${periodText}.`
                  : `${rows.length} contrat${rows.length > 1 ? 's arrivent' : ' arrive'} à échéance ${periodText}.`}
              </p>
              {rows.length === 0 ? (
                <EmptyState
                  title="Aucune échéance sur cette période"
                  description="Élargissez la période pour voir les échéances suivantes."
                />
              ) : (
                <>
                  {canGenerate && (
                    <div className="renewals-toolbar">
                      <Button variant="primary" onClick={() => setDialogOpen(true)}>
                        Générer les avis
                      </Button>
                      <p className="renewals-muted">
                        {target.policyIds === null
                          ? 'Aucun contrat coché : les avis porteront sur toute la période.'
                          : `${target.count} contrat${target.count > 1 ? 's cochés' : ' coché'}.`}
                      </p>
                    </div>
                  )}
                  <Table
                    caption={`Échéances ${periodText}`}
                    captionHidden
                    columns={columns}
                    rows={rows}
                    getRowId={(r) => r.policyId}
                    getRowLabel={(r) => `le contrat ${r.policyNumber}`}
                    selectAllLabel="Tout sélectionner"
                    {...(canGenerate ? { selectedIds, onSelectionChange: setSelectedIds } : {})}
                    loading={renewals.isFetching}
                    loadingLabel="Chargement des échéances"
                  />
                  {canGenerate && (
                    <GenerateNoticesDialog
                      isOpen={dialogOpen}
                      onOpenChange={setDialogOpen}
                      target={target}
                      onLaunched={setLaunched}
                    />
                  )}
                </>
              )}
              <p className="renewals-muted">
                Loi Chatel : pour un particulier dont le contrat se renouvelle tacitement, l’avis
                d’échéance doit partir au plus tôt trois mois et au plus tard quinze jours avant la
                date limite de résiliation ; à défaut, l’assuré peut résilier sans pénalité à tout
                moment à compter de la reconduction.
              </p>
            </Stack>
          );
        }}
      </QueryState>
    </Screen>
  );
}
