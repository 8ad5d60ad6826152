import type { components } from '@monassurance/api-client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, useApi } from '../../../shared/api/query.ts';

export type User = components['schemas']['User'];
export type Role = User['role'];
export type Organization = components['schemas']['Organization'];

const USERS = ['admin', 'users'] as const;
const ORGANIZATION = ['admin', 'organization'] as const;
export const USERS_PAGE_SIZE = 50;

/** One page of the cabinet's users, by e-mail. */
export function useUsers(cursor: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [...USERS, cursor ?? null] as const,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/users', {
          params: {
            query: { limit: USERS_PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export interface NewUser {
  fullName: string;
  email: string;
  role: Role;
  password: string;
}

/** Creates a user (409 when the e-mail is taken; 400 names a weak password). */
export function useCreateUser() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewUser) => unwrap(await api.POST('/api/v1/users', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS }),
  });
}

export interface UserChange {
  id: string;
  version: number;
  fullName?: string;
  role?: Role;
  active?: boolean;
}

/**
 * Changes a user's name, role or activation with the version it was read at (409 when stale).
 * The server refuses 422 for one's own role and for the last active administrator.
 */
export function useUpdateUser() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, ...body }: UserChange) =>
      unwrap(await api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: USERS }),
  });
}

/** The cabinet's profile: name and the legal mentions printed on its documents. */
export function useOrganization() {
  const api = useApi();
  return useQuery({
    queryKey: ORGANIZATION,
    queryFn: async () => unwrap(await api.GET('/api/v1/organization')),
  });
}

export interface OrganizationChange {
  name: string;
  oriasNumber: string | null;
  siren: string | null;
  address: Organization['address'];
  legalMentions: string | null;
  version: number;
}

/** Saves the profile with the version it was read at (409 when someone saved in between). */
export function useUpdateOrganization() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: OrganizationChange) =>
      unwrap(await api.PATCH('/api/v1/organization', { body })),
    onSuccess: (organization) => queryClient.setQueryData(ORGANIZATION, organization),
  });
}

/** Activates a new token-signing key; tokens signed by the old one stay valid until they expire. */
export function useRotateKeys() {
  const api = useApi();
  return useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/admin/keys/rotate')),
  });
}
