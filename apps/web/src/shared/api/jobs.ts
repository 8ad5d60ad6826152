import type { components, operations } from '@monassurance/api-client';
import {
  keepPreviousData,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { unwrap, useApi, useSessionClient } from './query.ts';

/*
 * Background jobs and document batches: shared by « Traitements » (the list) and the screens that
 * start a batch (« Échéances »), so that both read and invalidate the same cache entries.
 */

export type Job = components['schemas']['Job'];
export type JobStatus = Job['status'];
export type DocumentBatch = components['schemas']['DocumentBatch'];
export type BatchRequest =
  operations['createDocumentBatch']['requestBody']['content']['application/json'];
export type BatchAccepted =
  operations['createDocumentBatch']['responses'][202]['content']['application/json'];
export type BatchFile = 'content' | 'archive';

type Api = ReturnType<typeof useApi>;

/** The job type of document batches. */
export const DOCUMENT_BATCH_JOB = 'document-batch';

/** A job that has not finished yet: its progress moves, it can be cancelled. */
export function isActive(job: Pick<Job, 'status'>): boolean {
  return job.status === 'queued' || job.status === 'running';
}

/** The batch a finished document-batch job made (`result.batchId`), if any. */
export function batchIdOf(job: Job): string | null {
  const id = job.result?.batchId;
  return job.type === DOCUMENT_BATCH_JOB && typeof id === 'string' ? id : null;
}

export interface JobFilters {
  status?: JobStatus;
  cursor?: string;
}

/** How often a job still running is asked for again. */
const POLL_MS = 1000;
/** The list polls less often: one request brings every row. */
const LIST_POLL_MS = 2000;

/** The one factory of job and batch queries: keys and options for every view of them. */
export const jobQueries = {
  all: ['jobs'] as const,
  list: (api: Api, filters: JobFilters) =>
    queryOptions({
      queryKey: [...jobQueries.all, 'list', filters] as const,
      queryFn: async () =>
        unwrap(await api.GET('/api/v1/jobs', { params: { query: { ...filters, limit: 50 } } })),
      placeholderData: keepPreviousData,
      // Refreshed while some job of the page has not finished.
      refetchInterval: (query) =>
        query.state.data?.items.some(isActive) === true ? LIST_POLL_MS : false,
    }),
  one: (api: Api, id: string) =>
    queryOptions({
      queryKey: [...jobQueries.all, 'one', id] as const,
      queryFn: async () => unwrap(await api.GET('/api/v1/jobs/{id}', { params: { path: { id } } })),
      refetchInterval: (query) =>
        query.state.data === undefined || isActive(query.state.data) ? POLL_MS : false,
    }),
  /** A batch, read again whenever its job's status changes (`status` is part of the key). */
  batch: (api: Api, id: string, status: JobStatus) =>
    queryOptions({
      queryKey: [...jobQueries.all, 'batch', id, status] as const,
      queryFn: async () =>
        unwrap(await api.GET('/api/v1/document-batches/{id}', { params: { path: { id } } })),
      staleTime: isActive({ status }) ? 0 : Infinity,
    }),
};

/** A page of jobs, newest first (a broker sees their own, managers and admins the cabinet's). */
export function useJobs(filters: JobFilters) {
  return useQuery(jobQueries.list(useApi(), filters));
}

/** One job, polled every second until it has finished (none while `id` is null). */
export function useJob(id: string | null) {
  return useQuery({ ...jobQueries.one(useApi(), id ?? ''), enabled: id !== null });
}

/** A document batch: its failed items and whether its files can be downloaded. */
export function useDocumentBatch(id: string | null, status: JobStatus) {
  return useQuery({ ...jobQueries.batch(useApi(), id ?? '', status), enabled: id !== null });
}

function useInvalidateJobs() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: jobQueries.all });
}

/** « Annuler »: a queued job is cancelled at once, a running one stops at its next item. */
export function useCancelJob() {
  const api = useApi();
  const invalidate = useInvalidateJobs();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/api/v1/jobs/{id}/cancel', { params: { path: { id } } })),
    onSettled: invalidate,
  });
}

/** « Relancer »: a failed job goes back in line. */
export function useRetryJob() {
  const api = useApi();
  const invalidate = useInvalidateJobs();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/api/v1/jobs/{id}/retry', { params: { path: { id } } })),
    onSettled: invalidate,
  });
}

/**
 * Starts a batch. The idempotency key is one per submission: a request sent again (a double
 * click, a retry after a network error) returns the first batch instead of making a second one.
 */
export function useCreateBatch() {
  const api = useApi();
  const invalidate = useInvalidateJobs();
  return useMutation({
    mutationFn: async ({ body, idempotencyKey }: { body: BatchRequest; idempotencyKey: string }) =>
      unwrap(
        await api.POST('/api/v1/document-batches', {
          body,
          params: { header: { 'idempotency-key': idempotencyKey } },
        }),
      ),
    onSuccess: invalidate,
  });
}

/** The name the server gives the file (`lot-2026-03-10-1a2b3c4d.pdf`), for the saved copy. */
export function batchFileName(batch: Pick<DocumentBatch, 'id' | 'createdAt'>, file: BatchFile) {
  return `lot-${batch.createdAt.slice(0, 10)}-${batch.id.slice(0, 8)}.${file === 'content' ? 'pdf' : 'zip'}`;
}

/** The combined PDF or the ZIP of a finished batch, as a Blob (the bearer token is needed). */
export function useDownloadBatchFile() {
  const client = useSessionClient();
  return useMutation({
    mutationFn: ({ batchId, file }: { batchId: string; file: BatchFile }) =>
      client.blob(`/api/v1/document-batches/${encodeURIComponent(batchId)}/${file}`),
  });
}
