import type { FastifyInstance } from 'fastify';

/** The server's own answers: data, tokens, probes — never for a cache to keep. */
const PRIVATE_PREFIXES = ['/api/', '/d/', '/health'];

/**
 * `Cache-Control: no-store` on every API answer, token answers (RFC 6749 §5.1) and errors
 * included, and on every problem+json wherever it comes from: a shared or browser cache must not
 * keep one cabinet's data or a bearer token. An answer that states its own policy keeps it (the
 * web app's fingerprinted assets, the JWKS, document downloads).
 */
export function registerNoStore(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.hasHeader('cache-control')) return payload;
    const pathname = request.url.split('?')[0] ?? '';
    const type = String(reply.getHeader('content-type') ?? '');
    if (
      PRIVATE_PREFIXES.some((prefix) => pathname.startsWith(prefix)) ||
      type.startsWith('application/problem+json')
    ) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}
