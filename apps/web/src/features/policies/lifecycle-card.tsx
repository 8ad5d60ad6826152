import {
  Badge,
  Button,
  Card,
  DateField,
  Dialog,
  ErrorSummary,
  Form,
  Stack,
  Textarea,
  useToast,
} from '@monassurance/ui';
import { useRef, useState } from 'react';
import { errorsByField } from '../../shared/api/errors.ts';
import { formatDate, todayInParis } from '../../shared/lib/format.ts';
import { POLICY_STATUS } from '../../shared/lib/portfolio-labels.ts';
import { summaryOf, textOf } from '../../shared/ui/form-errors.ts';
import { ProblemAlert } from '../../shared/ui/query-state.tsx';
import { useRenewPolicy, useTransitionPolicy, type Policy } from './api/policies.ts';
import { OnUnmount } from './on-unmount.tsx';
import { lifecycleActions, type LifecycleAction } from './policy-lifecycle.ts';

const PREFIX = 'lifecycle';
const FIELDS = ['effectiveOn', 'reason'] as const;

function LifecycleDialog({
  policy,
  action,
  isOpen,
  onClose,
  onGone,
}: {
  policy: Policy;
  /** The last action chosen: kept while the dialog fades out, so its text does not vanish. */
  action: LifecycleAction | null;
  isOpen: boolean;
  onClose: (statusChanged: boolean) => void;
  /** Once the dialog has gone from the page. */
  onGone: () => void;
}) {
  const transition = useTransitionPolicy(policy.id);
  const renew = useRenewPolicy(policy.id);
  const mutation = action?.id === 'renew' ? renew : transition;
  const toast = useToast();
  const [errors, setErrors] = useState<Record<string, string>>({});

  const close = (statusChanged = false) => {
    setErrors({});
    transition.reset();
    renew.reset();
    onClose(statusChanged);
  };

  const submit = (data: FormData) => {
    if (action === null) return;
    const onSuccess = (updated: Policy) => {
      toast.show({
        tone: 'success',
        title: action.done,
        description:
          action.id === 'renew'
            ? `Nouvelle échéance principale : ${formatDate(updated.renewalDate)}.`
            : `Contrat ${updated.number} : ${POLICY_STATUS[updated.status].label.toLowerCase()}.`,
      });
      close(action.to !== undefined);
    };
    if (action.to === undefined) {
      renew.mutate(undefined, { onSuccess });
      return;
    }
    const effectiveOn = textOf(data, 'effectiveOn');
    const reason = textOf(data, 'reason');
    const local: Record<string, string> = {};
    if (effectiveOn === '')
      local.effectiveOn = 'Saisissez la date d’effet du changement, par exemple 01/03/2026.';
    if (action.reasonRequired && reason === '')
      local.reason = 'Saisissez le motif de la résiliation.';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    transition.mutate(
      { to: action.to, effectiveOn, ...(reason !== '' ? { reason } : {}) },
      { onSuccess, onError: (error) => setErrors(errorsByField(error)) },
    );
  };

  const summary = summaryOf(errors, FIELDS, PREFIX);
  const failure =
    mutation.isError && Object.keys(errorsByField(mutation.error)).length === 0
      ? mutation.error
      : null;

  return (
    <Dialog
      title={action?.title ?? ''}
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
            form="lifecycle-form"
            variant={action?.variant === 'danger' ? 'danger' : 'primary'}
            loading={mutation.isPending}
            loadingLabel="Enregistrement"
          >
            {action?.confirm}
          </Button>
        </>
      )}
    >
      {action !== null && (
        <Form id="lifecycle-form" aria-label={action.title} onSubmit={submit}>
          <OnUnmount run={onGone} />
          <Stack gap={4}>
            <ErrorSummary errors={summary} />
            {failure !== null && <ProblemAlert error={failure} />}
            <p>{action.explanation}</p>
            {action.id === 'renew' ? (
              <p>La nouvelle période commencera le {formatDate(policy.renewalDate)}.</p>
            ) : (
              <>
                <DateField
                  id={`${PREFIX}-effectiveOn`}
                  name="effectiveOn"
                  label="Date d’effet du changement"
                  description="Au format jj/mm/aaaa ; aujourd’hui par défaut."
                  required
                  defaultValue={todayInParis()}
                  error={errors.effectiveOn}
                />
                <Textarea
                  id={`${PREFIX}-reason`}
                  name="reason"
                  label="Motif"
                  description={
                    action.reasonRequired
                      ? 'Par exemple : à la demande de l’assuré (loi Hamon), vente du véhicule. 500 caractères au plus.'
                      : 'Facultatif ; gardé dans l’historique du contrat. 500 caractères au plus.'
                  }
                  required={action.reasonRequired}
                  maxLength={500}
                  rows={3}
                  error={errors.reason}
                />
              </>
            )}
          </Stack>
        </Form>
      )}
    </Dialog>
  );
}

/** The status of a policy and the moves its status allows (others are not offered). */
export function LifecycleCard({ policy, canWrite }: { policy: Policy; canWrite: boolean }) {
  const [action, setAction] = useState<LifecycleAction | null>(null);
  const [open, setOpen] = useState(false);
  const actions = canWrite ? lifecycleActions(policy.status) : [];
  const statusRef = useRef<HTMLParagraphElement>(null);
  // After a status change the button that opened the dialog is gone (« Activer »): the focus
  // goes to the new status, which is read out, instead of falling back to the page's start.
  const focusStatus = useRef(false);

  const status = POLICY_STATUS[policy.status];
  return (
    <Card title="Statut du contrat" headingLevel={2}>
      <Stack gap={4}>
        <p ref={statusRef} tabIndex={-1} className="policies-status">
          Statut : <Badge tone={status.tone}>{status.label}</Badge>
        </p>
        {policy.status === 'cancelled' || policy.status === 'expired' ? (
          <p>Ce contrat est clos : son statut ne change plus.</p>
        ) : policy.status === 'draft' ? (
          <p>Un contrat en brouillon n’a pas encore d’échéancier : activez-le pour le créer.</p>
        ) : null}
        {actions.length > 0 && (
          <Stack direction="row" gap={3} wrap>
            {actions.map((a) => (
              <Button
                key={a.id}
                variant={a.variant}
                onClick={() => {
                  setAction(a);
                  setOpen(true);
                }}
              >
                {a.label}
              </Button>
            ))}
          </Stack>
        )}
      </Stack>
      <LifecycleDialog
        policy={policy}
        action={action}
        isOpen={open}
        onClose={(statusChanged) => {
          focusStatus.current = statusChanged;
          setOpen(false);
        }}
        onGone={() => {
          if (focusStatus.current) statusRef.current?.focus();
          focusStatus.current = false;
        }}
      />
    </Card>
  );
}
