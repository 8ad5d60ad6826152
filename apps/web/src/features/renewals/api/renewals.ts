import type { components, paths } from '@monassurance/api-client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { unwrap, useApi } from '../../../shared/api/query.ts';

export type Renewal =
  paths['/api/v1/renewals']['get']['responses']['200']['content']['application/json']['items'][number];

/** Active policies whose main renewal date falls within `withinDays` from today, soonest first. */
export function useRenewals(withinDays: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['renewals', withinDays],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/renewals', { params: { query: { withinDays } } })).items,
    placeholderData: keepPreviousData,
  });
}

/** The cabinet's companies by id, to name them in the list (the renewals give ids only). */
export function useCompanyNames(): Map<string, string> {
  const api = useApi();
  const companies = useQuery({
    queryKey: ['companies', 'options'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/companies', { params: { query: { limit: 200 } } })).items,
    staleTime: 60_000,
  });
  return new Map((companies.data ?? []).map((c) => [c.id, c.name]));
}

export type Template = components['schemas']['Template'];

/** The starter template of the avis d'échéance (its `code` survives a rename). */
export const NOTICE_TEMPLATE_CODE = 'avis_echeance';

/** The active HTML templates, to print the avis d'échéance of a batch with. */
export function useNoticeTemplates() {
  const api = useApi();
  return useQuery({
    queryKey: ['templates', 'list', { active: true, kind: 'html' }] as const,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/templates', {
          params: { query: { limit: 200, active: true, kind: 'html' } },
        }),
      ).items,
    staleTime: 60_000,
  });
}
