import createFetchClient, { type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.d.ts';

export type { components, operations, paths };

/** RFC 9457 problem details returned by every failing call. */
export type Problem = components['schemas']['Problem'];

/**
 * A typed client for the MONASSURANCE API: paths, parameters and bodies are checked against the
 * server's OpenAPI document at compile time.
 */
export function createApiClient(options: ClientOptions = {}) {
  return createFetchClient<paths>(options);
}

export type ApiClient = ReturnType<typeof createApiClient>;
