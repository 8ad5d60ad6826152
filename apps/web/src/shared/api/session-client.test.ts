import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cookieJarFetch,
  setUpCabinet,
  signIn as signInAs,
  startServer,
  type ServerUnderTest,
} from '../../test-support/server.ts';
import { ApiError } from './errors.ts';
import { unwrap } from './query.ts';
import { COOKIE_TRANSPORT, SessionClient, type AccessGrant } from './session-client.ts';

const ADMIN = {
  organizationName: 'Cabinet Lefèvre',
  fullName: 'Anne Lefèvre',
  email: 'anne@cabinet-lefevre.fr',
  password: 'une phrase de passe solide 2026',
};

let server: ServerUnderTest;

beforeAll(async () => {
  server = await startServer();
  await setUpCabinet(server, ADMIN);
});

afterAll(async () => {
  await server.stop();
});

/** A session client as in a browser tab: its own cookies, a clock the test can move. */
function tab() {
  const jar = cookieJarFetch();
  const clock = { now: Date.now() };
  const client = new SessionClient({ baseUrl: server.url, fetch: jar.fetch, now: () => clock.now });
  const ended: number[] = [];
  client.onSessionEnded(() => ended.push(clock.now));
  return { client, jar, clock, ended };
}

const signIn = (client: SessionClient) => signInAs(client, ADMIN);

const countOf = (requests: string[], call: string) => requests.filter((r) => r === call).length;

describe('SessionClient against the real server', () => {
  it('has no session without a refresh cookie, and says so without ending anything', async () => {
    const { client, ended } = tab();
    expect(await client.refresh()).toBe(false);
    expect(client.authenticated).toBe(false);
    expect(ended).toEqual([]);
  });

  it('signs in with the refresh token in a cookie, never in the body, and calls with the bearer token', async () => {
    const { client, jar } = tab();
    const login = await client.api.POST('/api/v1/auth/login', {
      body: { email: ADMIN.email, password: ADMIN.password },
      headers: COOKIE_TRANSPORT,
    });
    const grant = unwrap(login);
    expect(grant).not.toHaveProperty('refreshToken');
    expect(jar.cookies.get('ma_refresh')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    client.grant(grant as AccessGrant);
    const me = unwrap(await client.api.GET('/api/v1/me'));
    expect(me.user.email).toBe(ADMIN.email);
  });

  it('restores a session from the cookie alone (a reloaded tab) and rotates the cookie', async () => {
    const { client, jar } = tab();
    await signIn(client);
    const before = jar.cookies.get('ma_refresh');
    const reloaded = new SessionClient({ baseUrl: server.url, fetch: jar.fetch });
    expect(await reloaded.refresh()).toBe(true);
    expect(jar.cookies.get('ma_refresh')).not.toBe(before);
    expect(unwrap(await reloaded.api.GET('/api/v1/me')).user.fullName).toBe(ADMIN.fullName);
  });

  it('refreshes silently before a token about to expire is sent, once for concurrent requests', async () => {
    const { client, jar, clock } = tab();
    await signIn(client);
    clock.now += 10 * 60_000 - 10_000; // 10 s before the 10-minute token expires
    const [a, b, c] = await Promise.all([
      client.api.GET('/api/v1/me'),
      client.api.GET('/api/v1/companies'),
      client.api.GET('/api/v1/auth/sessions'),
    ]);
    expect([a.response.status, b.response.status, c.response.status]).toEqual([200, 200, 200]);
    expect(countOf(jar.requests, 'POST /api/v1/auth/refresh')).toBe(1);
  });

  it('after a 401 (token refused), refreshes once and replays the request with its body', async () => {
    const { client, jar } = tab();
    await signIn(client);
    client.grant({ accessToken: 'not-a-token', expiresIn: 600 });
    const created = await client.api.POST('/api/v1/companies', {
      body: { name: 'Mutuelle du Centre', code: 'MDC' },
    });
    expect(jar.requests.filter((r) => r === 'POST /api/v1/companies')).toHaveLength(2);
    expect(countOf(jar.requests, 'POST /api/v1/auth/refresh')).toBe(1);
    expect(created.response.status).toBe(201);
    expect(unwrap(created).name).toBe('Mutuelle du Centre');
  });

  it('ends the session (listeners told, token dropped) when the refresh is refused', async () => {
    const { client, jar, ended } = tab();
    await signIn(client);
    unwrap(await client.api.POST('/api/v1/auth/logout-all'));
    client.grant({ accessToken: 'not-a-token', expiresIn: 600 });
    const me = await client.api.GET('/api/v1/me');
    expect(me.response.status).toBe(401);
    expect(ended).toHaveLength(1);
    expect(client.authenticated).toBe(false);
    expect(countOf(jar.requests, 'GET /api/v1/me')).toBe(1);
  });

  it('downloads with the token as a Blob, and turns a refusal into an ApiError with the problem', async () => {
    const { client } = tab();
    await signIn(client);
    const csv = await client.blob('/api/v1/audit-events/export?format=csv');
    expect(await csv.text()).toMatch(/auth\.login/);
    const failure = await client.blob('/api/v1/audit-events/export?format=pdf').catch((e) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(400);
    expect((failure as ApiError).fieldErrors.map((e) => e.path)).toEqual(['/format']);
  });
});
