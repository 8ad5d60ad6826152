import {
  Badge,
  Button,
  Card,
  DateField,
  Dialog,
  EmptyState,
  ErrorSummary,
  Form,
  Stack,
  Table,
  TextField,
  useToast,
  VisuallyHidden,
  type TableColumn,
} from '@monassurance/ui';
import { useRef, useState } from 'react';
import { errorsByField } from '../../shared/api/errors.ts';
import { formatDate, formatMoney, todayInParis } from '../../shared/lib/format.ts';
import { PREMIUM_STATUS } from '../../shared/lib/portfolio-labels.ts';
import { summaryOf, textOf } from '../../shared/ui/form-errors.ts';
import { ProblemAlert, QueryState } from '../../shared/ui/query-state.tsx';
import { OnUnmount } from './on-unmount.tsx';
import { usePolicyPremiums, useRecordPremium, type Policy, type Premium } from './api/policies.ts';

type Kind = 'payment' | 'non-payment';
const PREFIX = 'premium';
const FIELDS = ['paidOn', 'on', 'reference'] as const;

const euros = (cents: number) => formatMoney(cents / 100);

function PremiumDialog({
  policyId,
  premium,
  kind,
  isOpen,
  onClose,
  onGone,
}: {
  policyId: string;
  premium: Premium | null;
  kind: Kind;
  isOpen: boolean;
  onClose: (recorded?: Premium) => void;
  /** Once the dialog has gone from the page. */
  onGone: () => void;
}) {
  const record = useRecordPremium(policyId);
  const toast = useToast();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const payment = kind === 'payment';

  const close = (recorded?: Premium) => {
    setErrors({});
    record.reset();
    onClose(recorded);
  };

  const submit = (data: FormData) => {
    if (premium === null) return;
    const day = textOf(data, payment ? 'paidOn' : 'on');
    const reference = textOf(data, 'reference');
    if (day === '') {
      setErrors(
        payment
          ? { paidOn: 'Saisissez la date du paiement, par exemple 05/03/2026.' }
          : { on: 'Saisissez la date du constat de l’impayé, par exemple 05/03/2026.' },
      );
      return;
    }
    setErrors({});
    record.mutate(
      payment
        ? {
            kind: 'payment',
            premiumId: premium.id,
            paidOn: day,
            ...(reference !== '' ? { reference } : {}),
          }
        : { kind: 'non-payment', premiumId: premium.id, on: day },
      {
        onSuccess: (recorded) => {
          toast.show({
            tone: 'success',
            title: payment ? 'Paiement enregistré' : 'Impayé signalé',
            description: `Quittance du ${formatDate(premium.dueDate)} (${euros(premium.totalCents)}).`,
          });
          close(recorded);
        },
        onError: (error) => setErrors(errorsByField(error)),
      },
    );
  };

  const summary = summaryOf(errors, FIELDS, PREFIX);
  const failure =
    record.isError && Object.keys(errorsByField(record.error)).length === 0 ? record.error : null;
  const title = payment ? 'Enregistrer un paiement' : 'Signaler un impayé';

  return (
    <Dialog
      title={title}
      isOpen={isOpen}
      onOpenChange={(open) => {
        if (!open) close();
      }}
      actions={(dismiss) => (
        <>
          <Button variant="secondary" onClick={dismiss}>
            Annuler
          </Button>
          <Button
            type="submit"
            form="premium-form"
            variant={payment ? 'primary' : 'danger'}
            loading={record.isPending}
            loadingLabel="Enregistrement"
          >
            {payment ? 'Enregistrer' : 'Signaler l’impayé'}
          </Button>
        </>
      )}
    >
      {premium !== null && (
        <Form id="premium-form" aria-label={title} onSubmit={submit}>
          <OnUnmount run={onGone} />
          <Stack gap={4}>
            <ErrorSummary errors={summary} />
            {failure !== null && <ProblemAlert error={failure} />}
            <p>
              Quittance à échéance du {formatDate(premium.dueDate)}, pour la période du{' '}
              {formatDate(premium.periodStart)} au {formatDate(premium.periodEnd)} :{' '}
              {euros(premium.totalCents)} TTC.
            </p>
            {payment ? (
              <>
                <DateField
                  id={`${PREFIX}-paidOn`}
                  name="paidOn"
                  label="Date du paiement"
                  description="Au format jj/mm/aaaa."
                  required
                  defaultValue={todayInParis()}
                  error={errors.paidOn}
                />
                <TextField
                  id={`${PREFIX}-reference`}
                  name="reference"
                  label="Référence du paiement"
                  description="Facultative : numéro de chèque, référence du virement…"
                  maxLength={100}
                  autoComplete="off"
                  error={errors.reference}
                />
              </>
            ) : (
              <DateField
                id={`${PREFIX}-on`}
                name="on"
                label="Date du constat"
                description="Au format jj/mm/aaaa ; le jour où l’impayé a été constaté."
                required
                defaultValue={todayInParis()}
                error={errors.on}
              />
            )}
          </Stack>
        </Form>
      )}
    </Dialog>
  );
}

const statusId = (premium: Premium) => `premium-status-${premium.id}`;

function statusCell(premium: Premium) {
  const status = PREMIUM_STATUS[premium.status];
  return (
    <span id={statusId(premium)} tabIndex={-1} className="policies-premium-status">
      <Badge tone={status.tone}>{status.label}</Badge>
      {premium.statusDate !== null && <span>le {formatDate(premium.statusDate)}</span>}
      {premium.paymentReference !== null && <span>réf. {premium.paymentReference}</span>}
    </span>
  );
}

/** The premium schedule, one table per term, newest term first; payments recorded per premium. */
export function PremiumsCard({ policy, canWrite }: { policy: Policy; canWrite: boolean }) {
  const premiums = usePolicyPremiums(policy.id);
  const [chosen, setChosen] = useState<{ premium: Premium; kind: Kind } | null>(null);
  const [open, setOpen] = useState(false);
  // The pressed button may be gone with the premium's old status (« Signaler un impayé »): once
  // the dialog has gone, the focus goes to the premium's new status, which is read out.
  const recorded = useRef<Premium | null>(null);

  const choose = (premium: Premium, kind: Kind) => {
    setChosen({ premium, kind });
    setOpen(true);
  };

  const columns: TableColumn<Premium>[] = [
    {
      key: 'due',
      header: 'Échéance',
      rowHeader: true,
      cell: (p) => (
        <span className="policies-period">
          <span className="policies-nowrap">{formatDate(p.dueDate)}</span>
          <span className="policies-muted">
            jusqu’au <span className="policies-nowrap">{formatDate(p.periodEnd)}</span>
          </span>
        </span>
      ),
    },
    { key: 'amount', header: 'Prime HT', align: 'end', cell: (p) => euros(p.amountCents) },
    { key: 'total', header: 'Total TTC', align: 'end', cell: (p) => euros(p.totalCents) },
    {
      key: 'commission',
      header: 'Commission',
      align: 'end',
      cell: (p) => euros(p.commissionCents),
    },
    { key: 'status', header: 'Statut', cell: statusCell },
    ...(canWrite
      ? [
          {
            key: 'actions',
            header: 'Actions',
            cell: (p: Premium) => {
              const which = `de la quittance du ${formatDate(p.dueDate)}`;
              if (p.status !== 'issued' && p.status !== 'unpaid') return '—';
              return (
                <span className="policies-premium-actions">
                  <Button size="sm" variant="secondary" onClick={() => choose(p, 'payment')}>
                    Enregistrer un paiement<VisuallyHidden> {which}</VisuallyHidden>
                  </Button>
                  {p.status === 'issued' && (
                    <Button size="sm" variant="ghost" onClick={() => choose(p, 'non-payment')}>
                      Signaler un impayé<VisuallyHidden> {which}</VisuallyHidden>
                    </Button>
                  )}
                </span>
              );
            },
          } satisfies TableColumn<Premium>,
        ]
      : []),
  ];

  return (
    <Card as="section" title="Échéancier" headingLevel={2}>
      <QueryState query={premiums} label="Chargement de l’échéancier">
        {(items) => {
          if (items.length === 0) {
            return (
              <EmptyState
                headingLevel={3}
                title="Pas encore d’échéancier"
                description={
                  policy.status === 'draft'
                    ? 'L’échéancier sera créé à l’activation du contrat.'
                    : 'Aucune quittance n’a été émise pour ce contrat.'
                }
                icon={null}
              />
            );
          }
          const terms = [...new Set(items.map((p) => p.termStart))].sort().reverse();
          return (
            <Stack gap={5}>
              {terms.map((term) => {
                const rows = items.filter((p) => p.termStart === term);
                const end = rows.at(-1)?.periodEnd;
                const total = rows
                  .filter((p) => p.status !== 'cancelled')
                  .reduce((sum, p) => sum + p.totalCents, 0);
                const taxes = rows
                  .filter((p) => p.status !== 'cancelled')
                  .reduce((sum, p) => sum + p.taxCents, 0);
                const paid = rows
                  .filter((p) => p.status === 'paid')
                  .reduce((sum, p) => sum + p.totalCents, 0);
                const heading = `Période du ${formatDate(term)} au ${formatDate(end)}`;
                return (
                  <div key={term} className="policies-term">
                    <h3>{heading}</h3>
                    <p className="policies-term__summary">
                      {rows.length} quittance{rows.length > 1 ? 's' : ''} · {euros(total)} TTC, dont{' '}
                      {euros(taxes)} de taxes · {euros(paid)} payés
                    </p>
                    <Table
                      caption={`Quittances de la période du ${formatDate(term)} au ${formatDate(end)}`}
                      captionHidden
                      columns={columns}
                      rows={rows}
                      getRowId={(p) => p.id}
                    />
                  </div>
                );
              })}
            </Stack>
          );
        }}
      </QueryState>
      <PremiumDialog
        policyId={policy.id}
        premium={chosen?.premium ?? null}
        kind={chosen?.kind ?? 'payment'}
        isOpen={open}
        onClose={(done) => {
          recorded.current = done ?? null;
          setOpen(false);
        }}
        onGone={() => {
          if (recorded.current !== null)
            document.getElementById(statusId(recorded.current))?.focus();
          recorded.current = null;
        }}
      />
    </Card>
  );
}
