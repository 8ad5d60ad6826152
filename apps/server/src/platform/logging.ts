import type { FastifyRequest } from 'fastify';

/** Fields that may carry credentials; pino replaces them wherever they appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
];

/** Removes the secret part of URLs: download-link tokens and token-like query parameters. */
export function redactUrl(url: string): string {
  return url
    .replace(/^\/d\/[^/?#]+/, '/d/[redacted]')
    .replace(/([?&](?:token|access_token|refresh_token)=)[^&#]*/gi, '$1[redacted]');
}

export const logSerializers = {
  req(request: FastifyRequest) {
    return {
      method: request.method,
      url: redactUrl(request.url),
      remoteAddress: request.ip,
    };
  },
  res(reply: { statusCode: number }) {
    return { statusCode: reply.statusCode };
  },
};
