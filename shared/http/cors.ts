import { routes } from './routes.ts';

/**
 * CORS, one source for both runtimes: the CDK's HttpApi `corsPreflight`
 * (infra/aws/constructs/api.ts) and the local HTTP server
 * (infra/local/http-server.ts) take their methods, headers and origins from here.
 */
export const CORS_RULES = {
  allowMethods: [...new Set(routes.map((route) => route.method)), 'OPTIONS'] as const,
  /** Request headers a browser may send beyond the CORS-safelisted ones. */
  allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-none-match'],
  /** Response headers a browser script may read beyond the CORS-safelisted ones (Cache-Control is one). */
  exposeHeaders: ['etag', 'location', 'retry-after', 'ratelimit', 'ratelimit-policy'],
  maxAgeSeconds: 3600,
} as const;

/** The local runtime's origins when `CORS_ORIGINS` is not set: any port on the loopback host names. */
export const LOCAL_DEFAULT_CORS_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*'] as const;

/** `CORS_ORIGINS` (comma-separated origins; `*` for any, `http://localhost:*` for any port). Unset or blank → undefined. */
export const parseCorsOrigins = (value: string | undefined): string[] | undefined => {
  const origins = value
    ?.split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin.length > 0);
  return origins && origins.length > 0 ? origins : undefined;
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `http://localhost:*` → any port; `https://*.example.org` → any one subdomain label. */
const wildcard = (pattern: string) =>
  new RegExp(`^${escapeRegExp(pattern).replace(/:\\\*/g, ':\\d{1,5}').replace(/\\\*/g, '[a-z0-9-]+')}$`, 'i');

/** Whether a request's `Origin` is allowed: exact match, `*`, or a `*` standing for a port or subdomain. */
export const isAllowedOrigin = (origin: string | undefined, allowed: readonly string[]): origin is string => {
  if (!origin) return false;
  return allowed.some(
    (pattern) =>
      pattern === '*' ||
      pattern.toLowerCase() === origin.toLowerCase() ||
      (pattern.includes('*') && wildcard(pattern).test(origin)),
  );
};

/** Headers of a preflight answer for an allowed origin, as API Gateway sends them. */
export const preflightHeaders = (origin: string): Record<string, string> => ({
  'access-control-allow-origin': origin,
  'access-control-allow-methods': CORS_RULES.allowMethods.join(','),
  'access-control-allow-headers': CORS_RULES.allowHeaders.join(','),
  'access-control-max-age': String(CORS_RULES.maxAgeSeconds),
  vary: 'origin',
});

/** Headers added to an actual response for an allowed origin. */
export const corsResponseHeaders = (origin: string): Record<string, string> => ({
  'access-control-allow-origin': origin,
  'access-control-expose-headers': CORS_RULES.exposeHeaders.join(','),
  vary: 'origin',
});
