import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, useApi, useSessionClient } from '../../../shared/api/query.ts';
import { saveBlob } from '../../../shared/lib/save-blob.ts';
import { mapWithConcurrency, premiumsDueIn, type Month } from '../dashboard-figures.ts';

/**
 * The API has no count and no cross-policy premium list, so the dashboard reads one page of the
 * active policies (the largest the API gives: « 200+ » beyond) and the premium schedules of the
 * first SCHEDULE_LIMIT of them, one request each. The limit keeps a visit well inside the user's
 * request budget (USER_RATE_LIMIT_PER_MINUTE, 600 by default); beyond it the sum is a lower bound.
 */
export const ACTIVE_POLICIES_PAGE = 200;
export const SCHEDULE_LIMIT = 50;
/** Parallel schedule requests: enough to be quick, few enough not to crowd the server. */
const SCHEDULE_CONCURRENCY = 4;
/** The fan-out is not repeated on every visit of the page within this time. */
const FIGURES_STALE_MS = 5 * 60_000;
/** The renewals chart spans a year from this month. */
export const RENEWAL_HORIZON_DAYS = 365;

const KEY = ['dashboard'] as const;

function useActivePoliciesQueryOptions() {
  const api = useApi();
  return {
    queryKey: [...KEY, 'active-policies'] as const,
    staleTime: FIGURES_STALE_MS,
    queryFn: async () => {
      const page = unwrap(
        await api.GET('/api/v1/policies', {
          params: { query: { status: 'active', limit: ACTIVE_POLICIES_PAGE } },
        }),
      );
      return { ids: page.items.map((policy) => policy.id), more: page.nextCursor !== null };
    },
  };
}

/** The active policies the user can see: up to one page of ids, and whether there are more. */
export function useActivePolicies() {
  return useQuery(useActivePoliciesQueryOptions());
}

/** The premiums due in `month` over the first SCHEDULE_LIMIT active policies. */
export function useMonthPremiums(month: Month) {
  const api = useApi();
  const queryClient = useQueryClient();
  const activePolicies = useActivePoliciesQueryOptions();
  return useQuery({
    queryKey: [...KEY, 'month-premiums', month] as const,
    staleTime: FIGURES_STALE_MS,
    queryFn: async () => {
      const policies = await queryClient.ensureQueryData(activePolicies);
      const ids = policies.ids.slice(0, SCHEDULE_LIMIT);
      const schedules = await mapWithConcurrency(
        ids,
        SCHEDULE_CONCURRENCY,
        async (id) =>
          unwrap(await api.GET('/api/v1/policies/{id}/premiums', { params: { path: { id } } }))
            .items,
      );
      return {
        ...premiumsDueIn(schedules.flat(), month),
        partial: policies.more || policies.ids.length > ids.length,
      };
    },
  });
}

/** Active policies renewing within a year, soonest first. */
export function useUpcomingRenewals() {
  const api = useApi();
  return useQuery({
    queryKey: [...KEY, 'renewals', RENEWAL_HORIZON_DAYS] as const,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/renewals', {
          params: { query: { withinDays: RENEWAL_HORIZON_DAYS } },
        }),
      ).items,
  });
}

/** The newest documents the user can see. */
export function useRecentDocuments(limit: number) {
  const api = useApi();
  return useQuery({
    queryKey: [...KEY, 'recent-documents', limit] as const,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/documents', { params: { query: { limit } } })).items,
  });
}

/** Downloads a document's file (audited by the server) and hands it to the browser. */
export function useDownloadDocument() {
  const client = useSessionClient();
  return useMutation({
    mutationFn: async (document: { id: string; fileName: string }) => {
      const blob = await client.blob(
        `/api/v1/documents/${encodeURIComponent(document.id)}/content`,
      );
      saveBlob(blob, document.fileName);
    },
  });
}
