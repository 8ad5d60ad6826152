import { Button, Dialog, Select, Spinner, Stack } from '@monassurance/ui';
import { ApiError } from '../../shared/api/errors.ts';
import { useCreateBatch, type BatchAccepted } from '../../shared/api/jobs.ts';
import { formatLongDate } from '../../shared/lib/format.ts';
import { randomUuid } from '../../shared/lib/random-uuid.ts';
import { ProblemAlert } from '../../shared/ui/query-state.tsx';
import { NOTICE_TEMPLATE_CODE, useNoticeTemplates } from './api/renewals.ts';

const FORM_ID = 'renewals-notices-form';

/** What the avis are printed for: the rows ticked, or else every policy renewing in the period. */
export interface NoticeTarget {
  /** The ticked policies, in the order of the list; null for the whole period. */
  policyIds: string[] | null;
  /** How many avis that makes. */
  count: number;
  /** The period shown (ISO dates, both included). */
  from: string;
  to: string;
  /** Policy numbers by id, to name a policy in an error. */
  policyNumbers: ReadonlyMap<string, string>;
}

export interface LaunchedBatch extends BatchAccepted {
  policyNumbers: ReadonlyMap<string, string>;
}

/** « /policyIds/3 » → « contrat n° AUT-0004 »: the field of a 400 in the user's words. */
function fieldName(path: string, target: NoticeTarget): string {
  const [field = '', index] = path.split('/').filter(Boolean);
  if (field === 'policyIds' && index !== undefined) {
    const id = target.policyIds?.[Number(index)];
    const number = id === undefined ? undefined : target.policyNumbers.get(id);
    return number === undefined
      ? `Contrat n° ${Number(index) + 1} de la sélection`
      : `Contrat ${number}`;
  }
  if (field === 'templateId' || field === 'version') return 'Modèle';
  if (field === 'renewals') return 'Période';
  if (field === 'format') return 'Format';
  return path;
}

function Failure({ error, target }: { error: unknown; target: NoticeTarget }) {
  const fields = error instanceof ApiError ? error.fieldErrors : [];
  return (
    <Stack gap={2}>
      <ProblemAlert error={error} />
      {fields.length > 0 && (
        <ul className="renewals-errors">
          {fields.map(({ path, message }) => (
            <li key={path}>
              {fieldName(path, target)} : {message}
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}

/**
 * « Générer les avis »: the template to print with (the starter avis d'échéance by default), then
 * a batch on the server, one PDF per policy plus a combined PDF and a ZIP.
 */
export function GenerateNoticesDialog({
  isOpen,
  onOpenChange,
  target,
  onLaunched,
}: {
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  target: NoticeTarget;
  onLaunched: (batch: LaunchedBatch) => void;
}) {
  const templates = useNoticeTemplates();
  const create = useCreateBatch();
  const defaultTemplate =
    templates.data?.find((t) => t.code === NOTICE_TEMPLATE_CODE) ?? templates.data?.[0];

  const submit = (templateId: string) => {
    if (templateId === '') return;
    create.mutate(
      {
        body: {
          templateId,
          format: 'pdf',
          ...(target.policyIds === null
            ? { renewals: { from: target.from, to: target.to } }
            : { policyIds: target.policyIds }),
        },
        // One key per submission: a request the network sent twice makes one batch.
        idempotencyKey: randomUuid(),
      },
      {
        onSuccess: (accepted) => {
          onLaunched({ ...accepted, policyNumbers: target.policyNumbers });
          onOpenChange(false);
        },
      },
    );
  };

  const scope =
    target.policyIds === null
      ? `Aucun contrat n’est coché : un avis pour chacun des ${target.count} contrats dont l’échéance tombe entre le ${formatLongDate(target.from)} et le ${formatLongDate(target.to)}.`
      : `Un avis pour ${target.count === 1 ? 'le contrat coché' : `chacun des ${target.count} contrats cochés`}.`;

  return (
    <Dialog
      title="Générer les avis d’échéance"
      isOpen={isOpen}
      onOpenChange={(open) => {
        if (!open) create.reset();
        onOpenChange(open);
      }}
      actions={(close) => (
        <>
          <Button variant="secondary" onClick={close}>
            Annuler
          </Button>
          <Button
            type="submit"
            form={FORM_ID}
            loading={create.isPending}
            loadingLabel="lancement en cours"
            disabled={defaultTemplate === undefined}
          >
            Lancer la génération
          </Button>
        </>
      )}
    >
      <Stack gap={4}>
        <p>{scope}</p>
        <p>
          Un PDF par contrat, réunis aussi dans un PDF combiné à imprimer et une archive ZIP. La
          génération continue en arrière-plan : suivez-la ici ou dans « Traitements ».
        </p>
        {templates.isPending ? (
          <Spinner label="Chargement des modèles" showLabel />
        ) : templates.isError ? (
          <ProblemAlert error={templates.error} />
        ) : defaultTemplate === undefined ? (
          <p>Aucun modèle HTML actif : créez ou réactivez un modèle dans « Modèles ».</p>
        ) : (
          <form
            id={FORM_ID}
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              submit(String(new FormData(event.currentTarget).get('templateId') ?? ''));
            }}
          >
            <Select
              label="Modèle"
              name="templateId"
              required
              options={(templates.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
              defaultValue={defaultTemplate.id}
            />
          </form>
        )}
        {create.isError && <Failure error={create.error} target={target} />}
      </Stack>
    </Dialog>
  );
}
