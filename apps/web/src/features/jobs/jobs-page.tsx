import {
  Badge,
  Breadcrumbs,
  Button,
  EmptyState,
  Form,
  ProgressBar,
  Select,
  Stack,
  Table,
  useToast,
  VisuallyHidden,
  type TableColumn,
} from '@monassurance/ui';
import { useSearchParams } from 'react-router';
import {
  batchIdOf,
  isActive,
  useCancelJob,
  useJobs,
  useRetryJob,
  type Job,
  type JobStatus,
} from '../../shared/api/jobs.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import {
  JOB_STATUS,
  JOB_STATUSES,
  jobTypeLabel,
  progressText,
} from '../../shared/lib/job-labels.ts';
import { useCursorPages } from '../../shared/lib/use-cursor-pages.ts';
import { BatchDownloads } from '../../shared/ui/batch-downloads.tsx';
import { CursorPagination } from '../../shared/ui/cursor-pagination.tsx';
import { describeError, QueryState } from '../../shared/ui/query-state.tsx';
import { Screen } from '../../shared/ui/screen.tsx';
import './jobs.css';

const STATUS_OPTIONS = JOB_STATUSES.map((value) => ({ value, label: JOB_STATUS[value].label }));

function statusOf(value: string | null): JobStatus | undefined {
  return JOB_STATUSES.find((status) => status === value);
}

/** The name of a job in its row and in the names of its buttons: « Lot de documents du … ». */
function jobName(job: Job): string {
  return `${jobTypeLabel(job.type)} du ${formatDateTime(job.createdAt)}`;
}

/**
 * The files of a succeeded batch, from its job's `result` (no request per row); the batch was
 * created in the job's transaction, so it shares its creation time.
 */
function BatchResult({ job }: { job: Job }) {
  const batchId = batchIdOf(job);
  if (batchId === null || job.status !== 'succeeded') return null;
  const batch = {
    id: batchId,
    createdAt: job.createdAt,
    combinedPdf: job.result?.combinedPdf === true,
    archive: job.result?.archive === true,
  };
  return <BatchDownloads batch={batch} context={`(${jobName(job)})`} />;
}

function ProgressCell({ job }: { job: Job }) {
  const { done, total } = job.progress;
  if (job.status === 'running' || (job.status === 'queued' && total > 0)) {
    return (
      <ProgressBar
        className="jobs-progress"
        label="Avancement"
        value={done}
        max={Math.max(total, 1)}
        valueText={progressText(done, total)}
        description={job.cancelRequested ? 'Annulation demandée' : undefined}
      />
    );
  }
  if (job.status === 'failed' && job.error !== null) {
    return (
      <span className="jobs-stack">
        <strong>{job.error.title}</strong>
        {job.error.detail !== undefined && <span className="jobs-muted">{job.error.detail}</span>}
      </span>
    );
  }
  if (job.status === 'succeeded') {
    const failed = Array.isArray(job.result?.failed) ? job.result.failed.length : 0;
    return (
      <span className="jobs-stack">
        <span>{progressText(done, total)}</span>
        {failed > 0 && <span className="jobs-muted">{failed} en échec</span>}
        <BatchResult job={job} />
      </span>
    );
  }
  return total > 0 ? progressText(done, total) : '—';
}

/** « Annuler » or « Relancer », with the outcome in a notification. */
function JobActions({ job }: { job: Job }) {
  const toast = useToast();
  const cancel = useCancelJob();
  const retry = useRetryJob();
  const name = jobName(job);
  const failure = (title: string) => (error: unknown) => {
    const problem = describeError(error);
    toast.show({
      tone: 'error',
      title: `${title} : ${problem.title}`,
      description: problem.detail,
    });
  };

  if (isActive(job)) {
    return (
      <Button
        variant="secondary"
        size="sm"
        disabled={job.cancelRequested}
        focusableWhenDisabled
        loading={cancel.isPending}
        loadingLabel="annulation en cours"
        onClick={() =>
          cancel.mutate(job.id, {
            onSuccess: (next) =>
              toast.show({
                tone: 'success',
                title: next.status === 'cancelled' ? 'Traitement annulé' : 'Annulation demandée',
                description:
                  next.status === 'cancelled'
                    ? undefined
                    : 'Le traitement s’arrêtera après le document en cours.',
              }),
            onError: failure('Annulation impossible'),
          })
        }
      >
        {job.cancelRequested ? 'Annulation demandée' : 'Annuler'}
        <VisuallyHidden> ({name})</VisuallyHidden>
      </Button>
    );
  }
  if (job.status === 'failed') {
    return (
      <Button
        variant="secondary"
        size="sm"
        loading={retry.isPending}
        loadingLabel="relance en cours"
        onClick={() =>
          retry.mutate(job.id, {
            onSuccess: () => toast.show({ tone: 'success', title: 'Traitement relancé' }),
            onError: failure('Relance impossible'),
          })
        }
      >
        Relancer
        <VisuallyHidden> ({name})</VisuallyHidden>
      </Button>
    );
  }
  return null;
}

const COLUMNS: TableColumn<Job>[] = [
  {
    key: 'job',
    header: 'Traitement',
    rowHeader: true,
    cell: (job) => (
      <span className="jobs-stack">
        <span>{jobTypeLabel(job.type)}</span>
        <span className="jobs-muted jobs-nowrap">{formatDateTime(job.createdAt)}</span>
      </span>
    ),
  },
  {
    key: 'status',
    header: 'État',
    cell: (job) => <Badge tone={JOB_STATUS[job.status].tone}>{JOB_STATUS[job.status].label}</Badge>,
  },
  { key: 'progress', header: 'Avancement et résultat', cell: (job) => <ProgressCell job={job} /> },
  {
    key: 'finished',
    header: 'Terminé le',
    cell: (job) => (job.finishedAt === null ? '—' : formatDateTime(job.finishedAt)),
  },
  { key: 'actions', header: 'Actions', cell: (job) => <JobActions job={job} /> },
];

/** `/traitements`: the background jobs, newest first, refreshed while some are running. */
export function JobsPage() {
  const [params, setParams] = useSearchParams();
  const pages = useCursorPages();
  const status = statusOf(params.get('statut'));
  const jobs = useJobs({ status, cursor: pages.cursor });

  return (
    <Screen
      title="Traitements"
      description="Les travaux longs lancés en arrière-plan, comme la génération des avis d’échéance d’une période : leur avancement, leurs erreurs et leurs fichiers."
      breadcrumbs={
        <Breadcrumbs items={[{ label: 'Accueil', href: '/' }, { label: 'Traitements' }]} />
      }
    >
      <Stack gap={5}>
        <Form
          aria-label="Filtrer les traitements"
          className="jobs-filters"
          onSubmit={(data) => {
            const value = String(data.get('statut') ?? '');
            setParams(
              value === '' ? new URLSearchParams() : new URLSearchParams({ statut: value }),
            );
          }}
        >
          <Select
            label="État"
            name="statut"
            placeholder="Tous les états"
            options={STATUS_OPTIONS}
            defaultValue={status ?? ''}
            key={`status-${status ?? ''}`}
            width="medium"
          />
          <Button type="submit" variant="secondary">
            Filtrer
          </Button>
        </Form>
        <QueryState query={jobs} label="Chargement des traitements">
          {(page) => (
            <Stack gap={4}>
              <Table
                caption="Traitements"
                captionHidden
                columns={COLUMNS}
                rows={page.items}
                getRowId={(job) => job.id}
                loading={jobs.isFetching && jobs.isPlaceholderData}
                loadingLabel="Chargement des traitements"
                empty={
                  <EmptyState
                    title={
                      status === undefined ? 'Aucun traitement' : 'Aucun traitement dans cet état'
                    }
                    headingLevel={2}
                    description={
                      status === undefined
                        ? 'Les lots de documents lancés depuis « Échéances » apparaîtront ici.'
                        : 'Choisissez un autre état, ou « Tous les états ».'
                    }
                  />
                }
              />
              <CursorPagination
                label="Pages de la liste des traitements"
                pages={pages}
                nextCursor={page.nextCursor}
              />
            </Stack>
          )}
        </QueryState>
      </Stack>
    </Screen>
  );
}
