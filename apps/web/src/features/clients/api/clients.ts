import type { paths } from '@monassurance/api-client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, toApiError } from '../../../shared/api/errors.ts';
import { unwrap, useApi, useSessionClient } from '../../../shared/api/query.ts';
import type { ClientBody } from '../client-form-values.ts';
import type { Client } from '../client-labels.ts';

export type ClientListQuery = NonNullable<paths['/api/v1/clients']['get']['parameters']['query']>;
export type ImportReport =
  paths['/api/v1/clients/import']['post']['responses']['200']['content']['application/json'];

const CLIENTS = ['clients'] as const;

/** A page of clients (search, filters, sort, cursor); the previous page stays while the next loads. */
export function useClients(query: ClientListQuery) {
  const api = useApi();
  return useQuery({
    queryKey: [...CLIENTS, 'list', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/clients', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useClient(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...CLIENTS, 'detail', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/clients/{id}', { params: { path: { id } } })),
  });
}

export function useCreateClient() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ClientBody) => unwrap(await api.POST('/api/v1/clients', { body })),
    onSuccess: (client) => {
      queryClient.setQueryData([...CLIENTS, 'detail', client.id], client);
      return queryClient.invalidateQueries({ queryKey: [...CLIENTS, 'list'] });
    },
  });
}

/** Saves an edit; `version` is the one the form was loaded with (a stale one is a 409). */
export function useUpdateClient(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ClientBody & { version: number }) =>
      unwrap(await api.PATCH('/api/v1/clients/{id}', { params: { path: { id } }, body })),
    onSuccess: (client) => {
      queryClient.setQueryData([...CLIENTS, 'detail', id], client);
      return queryClient.invalidateQueries({ queryKey: CLIENTS });
    },
  });
}

/** GDPR erasure (admin, manager): identity and contact erased; policies kept. */
export function useAnonymizeClient(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/clients/{id}/anonymize', { params: { path: { id } } }),
      ) as Client,
    onSuccess: (client) => {
      queryClient.setQueryData([...CLIENTS, 'detail', id], client);
      return queryClient.invalidateQueries({ queryKey: CLIENTS });
    },
  });
}

/** GDPR access (admin, manager): everything held on the client, as a JSON file. */
export function useExportClient(id: string) {
  const client = useSessionClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => client.blob(`/api/v1/clients/${encodeURIComponent(id)}/export`),
    // The export is audited: the history shows it.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...CLIENTS, id, 'history'] }),
  });
}

/**
 * Sends a CSV/XLSX file to the import (admin, manager), as a check (`dryRun`) or for real. A
 * refused real import (422) carries the same report as the check: it is returned, not thrown.
 */
export function useImportClients() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, dryRun }: { file: File; dryRun: boolean }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      const { data, error, response } = await api.POST('/api/v1/clients/import', {
        params: { query: { dryRun } },
        body: form as never,
        bodySerializer: (body: unknown) => body as FormData,
      });
      if (data !== undefined) return data;
      const failure = toApiError(error, response);
      const report = (failure.problem as { report?: ImportReport }).report;
      if (failure.status === 422 && report !== undefined) return report;
      throw failure;
    },
    onSuccess: (report) => {
      if (report.committed) return queryClient.invalidateQueries({ queryKey: CLIENTS });
      return undefined;
    },
  });
}

/** The cabinet's users (admin only: the server refuses the others), to name an assignee. */
export function useCabinetUsers(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['users', 'all'],
    enabled,
    staleTime: 60_000,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/users', { params: { query: { limit: 200 } } })).items,
  });
}

/** The cabinet's companies, to name the company of each policy. */
export function useCompanyNames() {
  const api = useApi();
  return useQuery({
    queryKey: ['companies', 'names'],
    staleTime: 60_000,
    queryFn: async () => {
      const { items } = unwrap(
        await api.GET('/api/v1/companies', { params: { query: { limit: 200 } } }),
      );
      return new Map(items.map((company) => [company.id, company.name]));
    },
  });
}

export function useClientPolicies(clientId: string, cursor: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [...CLIENTS, clientId, 'policies', cursor ?? ''],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/policies', {
          params: { query: { clientId, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
        }),
      ),
  });
}

export function useClientDocuments(clientId: string, cursor: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [...CLIENTS, clientId, 'documents', cursor ?? ''],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/documents', {
          params: { query: { clientId, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
        }),
      ),
  });
}

/** The audit events about this client (admin, manager), newest first. */
export function useClientHistory(clientId: string, cursor: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [...CLIENTS, clientId, 'history', cursor ?? ''],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/audit-events', {
          params: {
            query: {
              targetType: 'client',
              targetId: clientId,
              limit: PAGE_SIZE,
              ...(cursor ? { cursor } : {}),
            },
          },
        }),
      ),
  });
}

/** Rows per page in the client's tabs. */
export const PAGE_SIZE = 20;

/** The name to show for a client being loaded: its name, « Client introuvable » after a 404. */
export function clientTitle(query: ReturnType<typeof useClient>): string {
  if (query.data !== undefined) return query.data.displayName;
  if (query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400))
    return 'Client introuvable';
  return 'Client';
}
