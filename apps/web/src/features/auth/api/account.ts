import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, useApi } from '../../../shared/api/query.ts';

const SESSIONS = ['auth', 'sessions'] as const;

/** The open sessions of the signed-in user (« Mes sessions »). */
export function useSessions() {
  const api = useApi();
  return useQuery({
    queryKey: SESSIONS,
    queryFn: async () => unwrap(await api.GET('/api/v1/auth/sessions')).items,
  });
}

/** Ends one session (another device); the list reloads. */
export function useRevokeSession() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SESSIONS }),
  });
}

/** Changes the password; the server ends the user's other sessions. */
export function useChangePassword() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { currentPassword: string; newPassword: string }) =>
      unwrap(await api.POST('/api/v1/me/password', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SESSIONS }),
  });
}
