import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { unwrap, useApi, useSessionClient } from '../../../shared/api/query.ts';
import { saveBlob } from '../../../shared/lib/save-blob.ts';
import type { AuditApiFilters } from '../audit-filters.ts';

export const AUDIT_PAGE_SIZE = 50;

/** One page of the audit log, newest first; the previous page stays on screen while the next loads. */
export function useAuditEvents(filters: AuditApiFilters, cursor: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['audit', 'events', filters, cursor ?? null] as const,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/audit-events', {
          params: {
            query: {
              ...filters,
              limit: AUDIT_PAGE_SIZE,
              ...(cursor === undefined ? {} : { cursor }),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export type AuditEvent = NonNullable<ReturnType<typeof useAuditEvents>['data']>['items'][number];

/**
 * The cabinet's users by id, to name the authors of events. Only an administrator may list users;
 * for the others the log shows identifiers.
 */
export function useActorNames(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['audit', 'actors'] as const,
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const users = unwrap(await api.GET('/api/v1/users', { params: { query: { limit: 200 } } }));
      return users.items.map((user) => ({ id: user.id, fullName: user.fullName }));
    },
  });
}

/** Checks the whole hash chain on demand (it reads every event: a button runs it, not the page). */
export function useVerifyAudit() {
  const api = useApi();
  return useMutation({
    mutationFn: async () => unwrap(await api.GET('/api/v1/audit-events/verify')),
  });
}

export interface AuditExportOptions {
  filters: AuditApiFilters;
  delimiter: ';' | ',';
  bom: boolean;
}

/** Downloads the log as CSV, with the filters on screen, and hands the file to the browser. */
export function useExportAudit() {
  const client = useSessionClient();
  return useMutation({
    mutationFn: async ({ filters, delimiter, bom }: AuditExportOptions) => {
      const query = new URLSearchParams({ ...filters, format: 'csv', delimiter, bom: String(bom) });
      const blob = await client.blob(`/api/v1/audit-events/export?${query.toString()}`);
      const stamp = new Date().toISOString().slice(0, 10);
      saveBlob(blob, `journal-audit-${stamp}.csv`);
      return { size: blob.size };
    },
  });
}
