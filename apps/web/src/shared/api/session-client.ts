import { createApiClient, type ApiClient } from '@monassurance/api-client';
import { toApiError } from './errors.ts';

/** What the server returns on login and refresh when the refresh token travels in a cookie. */
export interface AccessGrant {
  accessToken: string;
  expiresIn: number;
}

/** Refresh the access token this long before it expires, so no request is sent with a stale one. */
const EARLY_REFRESH_MS = 30_000;

/** The web app asks for its refresh token in an HttpOnly, SameSite=Strict cookie. */
export const COOKIE_TRANSPORT = { 'x-token-transport': 'cookie' } as const;

/**
 * The API client of the web app. The access token lives in memory only (never in storage a script
 * could read); the refresh token is an HttpOnly cookie the server rotates. Before a request with a
 * token about to expire, and once after a 401, it refreshes silently (one refresh at a time, shared
 * by concurrent requests); when that fails the session has ended and `onSessionEnded` is called.
 */
export class SessionClient {
  readonly api: ApiClient;
  private accessToken: string | null = null;
  private expiresAt = 0;
  private refreshing: Promise<boolean> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly options: {
      baseUrl?: string;
      fetch?: typeof fetch;
      now?: () => number;
    } = {},
  ) {
    this.api = createApiClient({
      baseUrl: options.baseUrl ?? '',
      fetch: (request: Request) => this.send(request),
    });
  }

  /** Called when a refresh fails: the session expired, was revoked or the user logged out elsewhere. */
  onSessionEnded(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get authenticated(): boolean {
    return this.accessToken !== null;
  }

  /** Keeps the access token of a login or a refresh. */
  grant({ accessToken, expiresIn }: AccessGrant): void {
    this.accessToken = accessToken;
    this.expiresAt = this.now() + expiresIn * 1000;
  }

  /** Forgets the access token (after logout). */
  clear(): void {
    this.accessToken = null;
    this.expiresAt = 0;
  }

  /** Exchanges the refresh cookie for a new access token; false when there is no valid session. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * A download the browser cannot make itself (it needs the bearer token): the response body as a
   * Blob, through the same silent refresh. Throws an ApiError on failure.
   */
  async blob(path: string, init: RequestInit = {}): Promise<Blob> {
    const response = await this.send(new Request(this.url(path), init));
    if (!response.ok) throw toApiError(await response.json().catch(() => undefined), response);
    return response.blob();
  }

  private url(path: string): string {
    return new URL(`${this.options.baseUrl ?? ''}${path}`, globalThis.location?.href).href;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private fetchImpl(request: Request): Promise<Response> {
    return (this.options.fetch ?? globalThis.fetch)(request);
  }

  private async doRefresh(): Promise<boolean> {
    const response = await this.fetchImpl(
      new Request(this.url('/api/v1/auth/refresh'), {
        method: 'POST',
        // An empty JSON body: the refresh token travels in the HttpOnly cookie.
        headers: { ...COOKIE_TRANSPORT, 'content-type': 'application/json' },
        body: '{}',
        credentials: 'same-origin',
      }),
    ).catch(() => undefined);
    if (response?.ok !== true) {
      const hadSession = this.accessToken !== null;
      this.clear();
      // A network failure is not the end of a session; a refused refresh is.
      if (response !== undefined && hadSession) for (const listener of this.listeners) listener();
      return false;
    }
    this.grant((await response.json()) as AccessGrant);
    return true;
  }

  private async send(request: Request): Promise<Response> {
    const isAuthCall = new URL(request.url).pathname.startsWith('/api/v1/auth/');
    if (
      this.accessToken !== null &&
      !isAuthCall &&
      this.expiresAt - this.now() < EARLY_REFRESH_MS
    ) {
      await this.refresh();
    }
    const retry = this.accessToken !== null && !isAuthCall ? request.clone() : null;
    const response = await this.fetchImpl(this.authorize(request));
    if (response.status !== 401 || retry === null) return response;
    // The token was revoked or the clock drifted: one silent refresh, then the request once more.
    if (!(await this.refresh())) return response;
    return this.fetchImpl(this.authorize(retry));
  }

  private authorize(request: Request): Request {
    if (this.accessToken === null) return request;
    const authorized = new Request(request);
    authorized.headers.set('authorization', `Bearer ${this.accessToken}`);
    return authorized;
  }
}
