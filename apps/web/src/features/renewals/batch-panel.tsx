import { Alert, Button, Card, Link, ProgressBar, Stack, VisuallyHidden } from '@monassurance/ui';
import {
  isActive,
  useCancelJob,
  useDocumentBatch,
  useJob,
  type DocumentBatch,
  type Job,
} from '../../shared/api/jobs.ts';
import { progressText } from '../../shared/lib/job-labels.ts';
import { BatchDownloads } from '../../shared/ui/batch-downloads.tsx';
import { ProblemAlert } from '../../shared/ui/query-state.tsx';
import { batchAnnouncement } from './batch-announcement.ts';
import type { LaunchedBatch } from './generate-notices-dialog.tsx';

function FailedItems({
  batch,
  policyNumbers,
}: {
  batch: DocumentBatch;
  policyNumbers: ReadonlyMap<string, string>;
}) {
  if (batch.failed.length === 0) return null;
  return (
    <Alert tone="warning" title={`${batch.failed.length} avis n’ont pas pu être générés`}>
      <ul className="renewals-errors">
        {batch.failed.map(({ policyId, detail }) => (
          <li key={policyId}>
            <Link href={`/contrats/${policyId}`}>
              Contrat {policyNumbers.get(policyId) ?? policyId.slice(0, 8)}
            </Link>{' '}
            : {detail}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

function Outcome({ job, launched }: { job: Job; launched: LaunchedBatch }) {
  const batch = useDocumentBatch(launched.id, job.status);
  if (job.status === 'failed') {
    return (
      <Alert tone="error" title={job.error?.title ?? 'La génération a échoué'}>
        {job.error?.detail} Vous pouvez la relancer depuis{' '}
        <Link href="/traitements">« Traitements »</Link>.
      </Alert>
    );
  }
  if (batch.isError) return <ProblemAlert error={batch.error} />;
  if (batch.data === undefined) return null;
  return (
    <Stack gap={4}>
      {job.status === 'cancelled' ? (
        <Alert tone="warning" title="Génération annulée">
          {progressText(batch.data.done, batch.data.total)} avaient été générés.
        </Alert>
      ) : (
        <Alert tone="success" title="Avis prêts">
          {progressText(batch.data.done, batch.data.total)}.
        </Alert>
      )}
      <BatchDownloads batch={batch.data} />
      <FailedItems batch={batch.data} policyNumbers={launched.policyNumbers} />
    </Stack>
  );
}

/**
 * The batch of avis launched from this screen: its progress (the bar moves with each document,
 * the polite announcement only at milestones), then its files and failed items. The live region
 * is always in the page, so that its first message is announced too.
 */
export function BatchPanel({
  launched,
  onDismiss,
}: {
  launched: LaunchedBatch | null;
  onDismiss: () => void;
}) {
  const job = useJob(launched?.jobId ?? null);
  const cancel = useCancelJob();
  const current = launched !== null && job.data?.id === launched.jobId ? job.data : undefined;
  const total =
    current !== undefined && current.progress.total > 0
      ? current.progress.total
      : (launched?.total ?? 0);
  const done = current?.progress.done ?? 0;
  const status = current?.status ?? 'queued';

  return (
    <>
      <VisuallyHidden role="status" aria-live="polite">
        {launched === null ? '' : batchAnnouncement(status, done, total)}
      </VisuallyHidden>
      {launched !== null && (
        <Card
          as="section"
          title="Génération des avis d’échéance"
          headingLevel={2}
          actions={
            isActive({ status }) ? (
              <Button
                variant="secondary"
                size="sm"
                disabled={current?.cancelRequested === true}
                focusableWhenDisabled
                loading={cancel.isPending}
                onClick={() => cancel.mutate(launched.jobId)}
              >
                {current?.cancelRequested === true
                  ? 'Annulation demandée'
                  : 'Annuler la génération'}
              </Button>
            ) : (
              <Button variant="ghost" size="sm" onClick={onDismiss}>
                Fermer
              </Button>
            )
          }
        >
          <Stack gap={4}>
            <ProgressBar
              label="Avis générés"
              value={done}
              max={Math.max(total, 1)}
              valueText={progressText(done, total)}
            />
            {job.isError && <ProblemAlert error={job.error} live={false} />}
            {cancel.isError && <ProblemAlert error={cancel.error} />}
            {current !== undefined && !isActive(current) && (
              <Outcome job={current} launched={launched} />
            )}
            <p className="renewals-muted">
              Le traitement continue si vous quittez cette page ; retrouvez-le dans{' '}
              <Link href="/traitements">« Traitements »</Link>.
            </p>
          </Stack>
        </Card>
      )}
    </>
  );
}
