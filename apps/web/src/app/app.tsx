import './app.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { createQueryClient, SessionClientContext } from '../shared/api/query.ts';
import { SessionClient } from '../shared/api/session-client.ts';
import { SessionProvider } from '../shared/session/session.tsx';
import { createRouter } from './router.tsx';

/** The providers around the router: API client, server-state cache, session. */
export function App() {
  const [client] = useState(() => new SessionClient());
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createRouter);
  return (
    <SessionClientContext value={client}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </QueryClientProvider>
    </SessionClientContext>
  );
}
