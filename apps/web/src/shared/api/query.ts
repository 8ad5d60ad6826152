import { QueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { ApiError, toApiError } from './errors.ts';
import type { SessionClient } from './session-client.ts';

export const SessionClientContext = createContext<SessionClient | null>(null);

/** The app's API client (typed paths over the OpenAPI document), for feature api hooks only. */
export function useSessionClient(): SessionClient {
  const client = useContext(SessionClientContext);
  if (client === null) throw new Error('useSessionClient needs a SessionClientContext provider.');
  return client;
}

export function useApi() {
  return useSessionClient().api;
}

/**
 * The data of an openapi-fetch result, or its error thrown as an ApiError, so TanStack Query
 * sees failures: `unwrap(await api.GET('/api/v1/clients'))`.
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    if (result.response.ok && result.error === undefined) return undefined as T;
    throw toApiError(result.error, result.response);
  }
  return result.data;
}

/** One QueryClient per app: no retry on 4xx (the answer will not change), a short stale time. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) =>
          failures < 2 && !(error instanceof ApiError && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}
