import type { components } from '@monassurance/api-client';
import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { toApiError } from '../api/errors.ts';
import { unwrap, useSessionClient } from '../api/query.ts';
import { COOKIE_TRANSPORT, type AccessGrant } from '../api/session-client.ts';

export type Role = components['schemas']['User']['role'];

export interface Me {
  user: components['schemas']['User'];
  organization: { id: string; name: string };
}

export type SessionState =
  | { status: 'loading' }
  /** A fresh install: no cabinet yet, `/` shows the first-run screen. */
  | { status: 'setup' }
  | { status: 'anonymous'; reason?: 'expired' | 'signed-out' }
  | { status: 'authenticated'; me: Me };

export interface Session {
  state: SessionState;
  /** Signs in (throws an ApiError: 401 wrong credentials, 429 throttled, 400 invalid input). */
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** After the first-run setup: there is a cabinet now, sign in. */
  setupDone: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession needs a SessionProvider.');
  return session;
}

/** The signed-in user (inside the authenticated part of the app only). */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'authenticated') throw new Error('useMe outside an authenticated screen.');
  return state.me;
}

/** Whether the signed-in user has one of these roles (to show an action the server would allow). */
export function useHasRole(...roles: Role[]): boolean {
  return roles.includes(useMe().user.role);
}

/**
 * Restores the session on load (the refresh cookie, if any), else tells a fresh install (first
 * run) from a signed-out user; signs in and out; ends the session when a silent refresh fails.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useSessionClient();
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const loadMe = useCallback(async (): Promise<Me> => {
    return unwrap(await client.api.GET('/api/v1/me'));
  }, [client]);

  const anonymousOrSetup = useCallback(async (): Promise<SessionState> => {
    const { data } = await client.api.GET('/api/v1/setup');
    return data?.required === true ? { status: 'setup' } : { status: 'anonymous' };
  }, [client]);

  useEffect(() => {
    let live = true;
    void (async () => {
      const next: SessionState = (await client.refresh().catch(() => false))
        ? { status: 'authenticated', me: await loadMe() }
        : await anonymousOrSetup();
      if (live) setState(next);
    })().catch(() => {
      if (live) setState({ status: 'anonymous' });
    });
    return () => {
      live = false;
    };
  }, [client, loadMe, anonymousOrSetup]);

  useEffect(
    () =>
      client.onSessionEnded(() => {
        queryClient.clear();
        setState({ status: 'anonymous', reason: 'expired' });
      }),
    [client, queryClient],
  );

  const signIn = useCallback(
    async (email: string, password: string) => {
      const { data, error, response } = await client.api.POST('/api/v1/auth/login', {
        body: { email, password },
        headers: COOKIE_TRANSPORT,
        credentials: 'same-origin',
      });
      if (data === undefined) throw toApiError(error, response);
      client.grant(data as AccessGrant);
      setState({ status: 'authenticated', me: await loadMe() });
    },
    [client, loadMe],
  );

  const signOut = useCallback(async () => {
    await client.api
      .POST('/api/v1/auth/logout', {
        body: {},
        headers: COOKIE_TRANSPORT,
        credentials: 'same-origin',
      })
      .catch(() => undefined);
    client.clear();
    queryClient.clear();
    setState({ status: 'anonymous', reason: 'signed-out' });
  }, [client, queryClient]);

  const setupDone = useCallback(() => setState({ status: 'anonymous' }), []);

  const session = useMemo(
    () => ({ state, signIn, signOut, setupDone }),
    [state, signIn, signOut, setupDone],
  );
  return <SessionContext value={session}>{children}</SessionContext>;
}
