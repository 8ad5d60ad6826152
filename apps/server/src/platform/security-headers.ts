import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

type Directives = Record<string, readonly string[]>;

/**
 * The policy of everything the server answers, the web app first: only our own origin, no inline
 * script or style, no eval, no plugins, never framed. Vite's production build needs nothing more
 * (external module scripts and stylesheets; React sets styles through the CSSOM, which CSP allows).
 */
export const APP_CSP_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  // The app previews PDFs it fetched with the user's token in a frame of a blob: URL.
  'frame-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The `<style>` element of the Swagger logo, which Swagger UI 5's StandaloneLayout renders inline
 * in its top bar (`swagger-ui-standalone-preset.js`):
 * `.logo_small_svg__cls-2{fill:#fff}.logo_small_svg__cls-3{fill:#85ea2d}`.
 * The test recomputes it from the installed file, so an upgrade that changes it fails there.
 */
export const SWAGGER_UI_LOGO_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

/**
 * The policy of the API docs (@fastify/swagger-ui 5, Swagger UI 5): the app's, plus that one
 * `<style>` element by hash. Checked in Chromium on the committed OpenAPI document (every
 * operation expanded, "Try it out" executed, schemas and the Authorize dialog opened): the HTML
 * loads external scripts and stylesheets only (`/docs/static/…`: no inline script, no eval), the
 * CSS images are `data:` URIs, React sets `style` through the CSSOM (which CSP does not govern),
 * and the app's policy refuses only that logo style. The refusal is invisible (@fastify/swagger-ui
 * swaps the Swagger logo for its own image at once) but logs a CSP error on every visit; the hash
 * admits that exact text and nothing else, unlike `'unsafe-inline'`.
 */
export const DOCS_CSP_DIRECTIVES: Directives = {
  ...APP_CSP_DIRECTIVES,
  'style-src': ["'self'", SWAGGER_UI_LOGO_STYLE_HASH],
};

/** `default-src 'self';script-src 'self';…`, as helmet writes it. */
export function serializeCsp(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join(';');
}

/** One year; subdomains included; no preload (that is the operator's decision, hard to undo). */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export interface SecurityHeadersOptions {
  /** Strict-Transport-Security; pass true only when the app is served over HTTPS. */
  hsts: boolean;
  /** Where @fastify/swagger-ui is registered (its `routePrefix`); `/docs` by default. */
  docsPrefix?: string;
}

/** Whether a route pattern belongs to the docs UI: the prefix itself or below it, not `/docsx`. */
export function isDocsRoute(routeUrl: string | undefined, docsPrefix: string): boolean {
  return (
    routeUrl !== undefined && (routeUrl === docsPrefix || routeUrl.startsWith(`${docsPrefix}/`))
  );
}

/**
 * Security headers on every response (helmet): a strict Content-Security-Policy, nosniff,
 * X-Frame-Options DENY, Referrer-Policy no-referrer, Cross-Origin-Opener-Policy same-origin, HSTS
 * when asked. The docs UI routes get DOCS_CSP_DIRECTIVES instead. Register it before the routes.
 */
export const securityHeadersPlugin = fp<SecurityHeadersOptions>(
  async (app: FastifyInstance, { hsts, docsPrefix = '/docs' }) => {
    await app.register(fastifyHelmet, {
      contentSecurityPolicy: { useDefaults: false, directives: toMutable(APP_CSP_DIRECTIVES) },
      crossOriginOpenerPolicy: { policy: 'same-origin' },
      // Nothing of ours is meant to be embedded by another site (the helmet default).
      crossOriginResourcePolicy: { policy: 'same-origin' },
      // No Referer at all: the web app's URLs carry client and policy ids and search terms, and
      // the API needs no Referer from its own pages (same-origin fetches send Origin regardless).
      referrerPolicy: { policy: 'no-referrer' },
      xFrameOptions: { action: 'deny' },
      strictTransportSecurity: hsts
        ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true, preload: false }
        : false,
    });

    // Route patterns, not URLs: a 404 under /docs keeps the strict policy.
    const docsPolicy = serializeCsp(DOCS_CSP_DIRECTIVES);
    app.addHook('onSend', async (request, reply, payload) => {
      if (isDocsRoute(request.routeOptions.url, docsPrefix)) {
        reply.header('content-security-policy', docsPolicy);
      }
      return payload;
    });
  },
  { name: 'monassurance-security-headers', fastify: '5.x' },
);

function toMutable(directives: Directives): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(directives).map(([name, values]) => [name, [...values]]),
  );
}
