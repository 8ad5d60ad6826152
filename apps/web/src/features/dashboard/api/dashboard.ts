import type { ApiClient } from '@monassurance/api-client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { unwrap, useApi, useSessionClient } from '../../../shared/api/query.ts';
import { saveBlob } from '../../../shared/lib/save-blob.ts';
import { monthBounds, type Month, type MonthPremiums } from '../dashboard-figures.ts';

/** The figures are not read again on every visit of the page within this time. */
const FIGURES_STALE_MS = 5 * 60_000;
/** The renewals chart spans a year from this month. */
export const RENEWAL_HORIZON_DAYS = 365;

const KEY = ['dashboard'] as const;

/** How many active policies the user sees: the server counts them (a one-item page). */
export async function readActivePolicyCount(api: ApiClient): Promise<number> {
  const page = unwrap(
    await api.GET('/api/v1/policies', {
      params: { query: { status: 'active', limit: 1, withTotal: true } },
    }),
  );
  return page.total ?? page.items.length;
}

export function useActivePolicyCount() {
  const api = useApi();
  return useQuery({
    queryKey: [...KEY, 'active-policies'] as const,
    staleTime: FIGURES_STALE_MS,
    queryFn: () => readActivePolicyCount(api),
  });
}

/**
 * The premiums due in `month`, cancelled ones left out: counted and summed by the server over
 * every policy the user sees (three one-item pages: their totals are all that is read).
 */
export async function readMonthPremiums(api: ApiClient, month: Month): Promise<MonthPremiums> {
  const { first, last } = monthBounds(month);
  const totalsOf = async (status: ('issued' | 'paid' | 'unpaid')[]) =>
    unwrap(
      await api.GET('/api/v1/premiums', {
        params: { query: { dueFrom: first, dueTo: last, status, limit: 1 } },
      }),
    ).totals;
  const [due, paid, unpaid] = await Promise.all([
    totalsOf(['issued', 'paid', 'unpaid']),
    totalsOf(['paid']),
    totalsOf(['unpaid']),
  ]);
  return {
    totalCents: due.totalCents,
    count: due.count,
    paidCount: paid.count,
    unpaidCount: unpaid.count,
  };
}

export function useMonthPremiums(month: Month) {
  const api = useApi();
  return useQuery({
    queryKey: [...KEY, 'month-premiums', month] as const,
    staleTime: FIGURES_STALE_MS,
    queryFn: () => readMonthPremiums(api, month),
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
