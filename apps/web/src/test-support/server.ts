// The real server for the web app's tests: the same process `npm start` runs, on a fresh DATA_DIR.
import type { ServerUnderTest } from '../../../../e2e/support/server.ts';
import { unwrap } from '../shared/api/query.ts';
import {
  COOKIE_TRANSPORT,
  type AccessGrant,
  type SessionClient,
} from '../shared/api/session-client.ts';

export { startServer, type ServerUnderTest } from '../../../../e2e/support/server.ts';

/**
 * A `fetch` that keeps cookies like a browser tab on one origin does (the HttpOnly refresh
 * cookie), so the session client can be tested against the real server from Node.
 */
export function cookieJarFetch(): {
  fetch: typeof fetch;
  requests: string[];
  cookies: Map<string, string>;
} {
  const cookies = new Map<string, string>();
  const requests: string[] = [];
  const jarFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push(`${request.method} ${new URL(request.url).pathname}`);
    const headers = new Headers(request.headers);
    if (cookies.size > 0) {
      headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(new Request(request, { headers }));
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  };
  return { fetch: jarFetch as typeof fetch, requests, cookies };
}

export interface CabinetAdmin {
  organizationName: string;
  fullName: string;
  email: string;
  password: string;
}

/** Creates the first cabinet and its admin on a fresh server (the first-run screen's call). */
export async function setUpCabinet(server: ServerUnderTest, admin: CabinetAdmin): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  if (response.status !== 201) {
    throw new Error(`setup answered ${response.status}: ${await response.text()}`);
  }
}

/** Signs a session client in, as the sign-in screen does (refresh token in the cookie). */
export async function signIn(
  client: SessionClient,
  admin: Pick<CabinetAdmin, 'email' | 'password'>,
): Promise<void> {
  const result = await client.api.POST('/api/v1/auth/login', {
    body: { email: admin.email, password: admin.password },
    headers: COOKIE_TRANSPORT,
  });
  client.grant(unwrap(result) as AccessGrant);
}
