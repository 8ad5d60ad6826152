// Renders one screen of the app in jsdom against the real server, signed in as a browser tab
// would be: the session client with its cookie jar, the query cache, the session, the router.
import '@testing-library/jest-dom/vitest';
import type { Problem } from '@monassurance/api-client';
import { NavigationProvider, Spinner, ToastProvider } from '@monassurance/ui';
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, configure, render, waitFor, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import {
  createMemoryRouter,
  Outlet,
  RouterProvider,
  useNavigate,
  type RouteObject,
} from 'react-router';
import { afterEach } from 'vitest';
import { createQueryClient, SessionClientContext } from '../shared/api/query.ts';
import { SessionClient } from '../shared/api/session-client.ts';
import { SessionProvider, useSession } from '../shared/session/session.tsx';
import { cookieJarFetch, signIn, type CabinetAdmin, type ServerUnderTest } from './server.ts';

afterEach(() => cleanup());

// Every answer comes from the real server (and the first visit of a screen compiles its module).
configure({ asyncUtilTimeout: 10_000 });

// jsdom has no CSS.escape, which react-aria reads when a modal opens from the keyboard.
const css = ((globalThis as { CSS?: Partial<typeof CSS> }).CSS ??= {});
css.escape ??= (value: string) => value.replace(/[^\w-]/g, (char) => `\\${char}`);

/**
 * Answers a request instead of the server (a recorded answer, for an error the screen cannot be
 * led to otherwise); undefined lets it through.
 */
export type Intercept = (request: Request) => Response | undefined | Promise<Response | undefined>;

/** The frame of the app around a screen: design-system links, notifications, signed-in gate. */
function Frame({ children }: { children?: ReactNode }) {
  const navigate = useNavigate();
  const { state } = useSession();
  return (
    <NavigationProvider navigate={(href) => void navigate(href)}>
      <ToastProvider>
        <main>
          {state.status === 'authenticated' ? (
            (children ?? <Outlet />)
          ) : (
            <Spinner label="Connexion" showLabel />
          )}
        </main>
      </ToastProvider>
    </NavigationProvider>
  );
}

export interface RenderedScreen extends RenderResult {
  client: SessionClient;
  /** The paths of the API requests made so far (`POST /api/v1/jobs/…/cancel`). */
  requests: string[];
}

/** Signs in as `user` and renders `routes` at `path`. */
export async function renderScreen(
  server: ServerUnderTest,
  user: Pick<CabinetAdmin, 'email' | 'password'>,
  routes: RouteObject[],
  path: string,
  intercept?: Intercept,
): Promise<RenderedScreen> {
  const jar = cookieJarFetch();
  const requests: string[] = [];
  const fetchThrough = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(`${request.method} ${new URL(request.url).pathname}`);
    const recorded = await intercept?.(request.clone());
    return recorded ?? jar.fetch(request);
  }) as typeof fetch;
  const client = new SessionClient({ baseUrl: server.url, fetch: fetchThrough });
  // Signing in leaves the refresh cookie in the jar; the session provider restores from it.
  await signIn(client, user);
  const queryClient = createQueryClient();
  const router = createMemoryRouter(
    [{ element: <Frame />, children: [...routes, { path: '*', element: <p>Autre écran</p> }] }],
    { initialEntries: [path] },
  );
  const result = render(
    <SessionClientContext value={client}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </QueryClientProvider>
    </SessionClientContext>,
  );
  // The screen's module loads on first visit (a lazy route), as in the app.
  await waitFor(() => {
    if (!router.state.initialized) throw new Error('the route is still loading');
  });
  return { ...result, client, requests };
}

/** A problem+json answer, as the server sends it. */
export function problemResponse(problem: Problem): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json' },
  });
}
