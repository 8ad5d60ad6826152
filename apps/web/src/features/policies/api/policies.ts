import type { components, paths } from '@monassurance/api-client';
import {
  keepPreviousData,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { unwrap, useApi } from '../../../shared/api/query.ts';

export type Policy = components['schemas']['Policy'];
export type Premium = components['schemas']['Premium'];
export type Client = components['schemas']['Client'];
export type Company = components['schemas']['Company'];
export type PolicyListQuery = NonNullable<paths['/api/v1/policies']['get']['parameters']['query']>;
export type PolicyBody = NonNullable<
  paths['/api/v1/policies']['post']['requestBody']
>['content']['application/json'];
export type PolicyPatch = NonNullable<
  paths['/api/v1/policies/{id}']['patch']['requestBody']
>['content']['application/json'];
export type TransitionBody = NonNullable<
  paths['/api/v1/policies/{id}/transitions']['post']['requestBody']
>['content']['application/json'];
export type HistoryEntry =
  paths['/api/v1/policies/{id}/history']['get']['responses']['200']['content']['application/json']['items'][number];

const POLICIES = ['policies'] as const;
const one = (id: string) => [...POLICIES, 'one', id] as const;

/** A page of policies, by number, with the API's filters. */
export function usePolicies(query: PolicyListQuery) {
  const api = useApi();
  return useQuery({
    queryKey: [...POLICIES, 'list', query],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/policies', { params: { query: { limit: 50, ...query } } })),
    placeholderData: keepPreviousData,
  });
}

export function usePolicy(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: one(id),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/policies/{id}', { params: { path: { id } } })),
  });
}

export function usePolicyHistory(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...one(id), 'history'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/policies/{id}/history', { params: { path: { id } } })).items,
  });
}

export function usePolicyPremiums(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...one(id), 'premiums'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/policies/{id}/premiums', { params: { path: { id } } })).items,
  });
}

export function useCreatePolicy() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: PolicyBody) => unwrap(await api.POST('/api/v1/policies', { body })),
    onSuccess: (policy) => {
      queryClient.setQueryData(one(policy.id), policy);
      return queryClient.invalidateQueries({ queryKey: [...POLICIES, 'list'] });
    },
  });
}

/** PATCH with the loaded `version` (409 when someone saved in between). */
export function useUpdatePolicy(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: PolicyPatch) =>
      unwrap(await api.PATCH('/api/v1/policies/{id}', { params: { path: { id } }, body })),
    onSuccess: (policy) => {
      queryClient.setQueryData(one(id), policy);
      return queryClient.invalidateQueries({ queryKey: POLICIES });
    },
  });
}

/** After a lifecycle change: the policy, its schedule, its history, lists and renewals change. */
function useAfterLifecycleChange(id: string) {
  const queryClient = useQueryClient();
  return async (policy?: Policy) => {
    if (policy !== undefined) queryClient.setQueryData(one(id), policy);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: POLICIES }),
      queryClient.invalidateQueries({ queryKey: ['renewals'] }),
    ]);
  };
}

export function useTransitionPolicy(id: string) {
  const api = useApi();
  const after = useAfterLifecycleChange(id);
  return useMutation({
    mutationFn: async (body: TransitionBody) =>
      unwrap(
        await api.POST('/api/v1/policies/{id}/transitions', { params: { path: { id } }, body }),
      ),
    onSuccess: after,
  });
}

export function useRenewPolicy(id: string) {
  const api = useApi();
  const after = useAfterLifecycleChange(id);
  return useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/v1/policies/{id}/renew', { params: { path: { id } } })),
    onSuccess: after,
  });
}

export type PremiumChange =
  | { kind: 'payment'; premiumId: string; paidOn: string; reference?: string }
  | { kind: 'non-payment'; premiumId: string; on: string };

/** « Enregistrer un paiement » / « Signaler un impayé » on one premium of a policy. */
export function useRecordPremium(policyId: string) {
  const api = useApi();
  const after = useAfterLifecycleChange(policyId);
  return useMutation({
    mutationFn: async (change: PremiumChange) => {
      const path = { id: change.premiumId };
      if (change.kind === 'payment') {
        return unwrap(
          await api.POST('/api/v1/premiums/{id}/payment', {
            params: { path },
            body: {
              paidOn: change.paidOn,
              ...(change.reference !== undefined ? { reference: change.reference } : {}),
            },
          }),
        );
      }
      return unwrap(
        await api.POST('/api/v1/premiums/{id}/non-payment', {
          params: { path },
          body: { on: change.on },
        }),
      );
    },
    onSuccess: () => after(),
  });
}

/** Every company of the cabinet (a cabinet works with a few dozen at most), by name. */
export function useCompanyOptions() {
  const api = useApi();
  return useQuery({
    queryKey: ['companies', 'options'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/companies', { params: { query: { limit: 200 } } })).items,
    staleTime: 60_000,
  });
}

export function useCompany(id: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['companies', 'one', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/companies/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: id !== undefined && id !== '',
  });
}

/** Clients matching typed words (names, e-mail, SIREN), for a client picker. */
export function useClientSearch(text: string) {
  const api = useApi();
  const q = text.trim();
  return useQuery({
    queryKey: [...POLICIES, 'client-search', q],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/clients', {
          params: { query: { limit: 20, ...(q !== '' ? { q } : {}) } },
        }),
      ).items,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useClient(id: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [...POLICIES, 'client', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/clients/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: id !== undefined && id !== '',
    staleTime: 5 * 60_000,
  });
}

/**
 * The display names of the clients of a page of policies (the policy list gives their ids only);
 * each is cached, so paging back and forth asks once per client.
 */
export function useClientNames(ids: readonly string[]): Map<string, string> {
  const api = useApi();
  const unique = [...new Set(ids)];
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: [...POLICIES, 'client', id],
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

/** The cabinet's users by id (admins only may list them: others get an empty map). */
export function useUserNames(enabled: boolean): Map<string, string> {
  const api = useApi();
  const users = useQuery({
    queryKey: ['users', 'names'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/users', { params: { query: { limit: 200 } } })).items,
    enabled,
    staleTime: 5 * 60_000,
  });
  return new Map((users.data ?? []).map((u) => [u.id, u.fullName]));
}
