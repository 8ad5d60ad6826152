import type { TrustProxy } from '../config.ts';

/** Fastify's `trustProxy` option: tells which hops of `X-Forwarded-For` to believe. */
export type TrustProxyOption = false | string[] | ((address: string, hop: number) => boolean);

/**
 * Fastify 5 refuses a bare hop count (it trusts no hop then, since a client reaching the server
 * directly could prepend hops of its own). A hop count is the operator's statement that every
 * request comes through that many proxies, so it becomes "the nearest n addresses are proxies":
 * hop 0 is the socket's peer, hop 1 the address the nearest proxy appended, and so on.
 */
export function trustProxyOption(trust: TrustProxy): TrustProxyOption {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
}
