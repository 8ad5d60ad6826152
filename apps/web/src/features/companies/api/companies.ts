import type { components, paths } from '@monassurance/api-client';
import {
  keepPreviousData,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { unwrap, useApi } from '../../../shared/api/query.ts';

export type Company = components['schemas']['Company'];
export type CompanyBody = NonNullable<
  paths['/api/v1/companies']['post']['requestBody']
>['content']['application/json'];
export type CompanyPatch = NonNullable<
  paths['/api/v1/companies/{id}']['patch']['requestBody']
>['content']['application/json'];
type PolicyListQuery = NonNullable<paths['/api/v1/policies']['get']['parameters']['query']>;

const COMPANIES = ['companies'] as const;

/** A page of the cabinet's companies, by name; `q` matches the name or the code. */
export function useCompanies(query: { q?: string; cursor?: string }) {
  const api = useApi();
  return useQuery({
    queryKey: [...COMPANIES, 'list', query],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/companies', { params: { query: { ...query, limit: 50 } } })),
    placeholderData: keepPreviousData,
  });
}

export function useCompany(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...COMPANIES, 'one', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/companies/{id}', { params: { path: { id } } })),
  });
}

export function useCreateCompany() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CompanyBody) => unwrap(await api.POST('/api/v1/companies', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: COMPANIES }),
  });
}

/** PATCH with the loaded `version`: a stale one is a 409 (someone saved in between). */
export function useUpdateCompany(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CompanyPatch) =>
      unwrap(await api.PATCH('/api/v1/companies/{id}', { params: { path: { id } }, body })),
    onSuccess: (company) => {
      queryClient.setQueryData([...COMPANIES, 'one', id], company);
      return queryClient.invalidateQueries({ queryKey: [...COMPANIES, 'list'] });
    },
  });
}

/** The policies placed with one company (a page of them, by number). */
export function useCompanyPolicies(query: PolicyListQuery) {
  const api = useApi();
  return useQuery({
    queryKey: ['policies', 'list', query],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/policies', { params: { query: { limit: 50, ...query } } })),
    placeholderData: keepPreviousData,
  });
}

/**
 * The display names of the clients of a page of policies (the policy list gives only their ids);
 * each is cached, so paging back and forth asks the server once per client.
 */
export function useClientNames(ids: readonly string[]): Map<string, string> {
  const api = useApi();
  const unique = [...new Set(ids)];
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: [...COMPANIES, 'client', id],
      queryFn: async () =>
        unwrap(await api.GET('/api/v1/clients/{id}', { params: { path: { id } } })),
      staleTime: 5 * 60_000,
    })),
  });
  const names = new Map<string, string>();
  results.forEach((result, index) => {
    const id = unique[index];
    if (id !== undefined && result.data !== undefined) names.set(id, result.data.displayName);
  });
  return names;
}
