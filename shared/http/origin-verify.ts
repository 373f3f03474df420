/**
 * Origin verify: in AWS the anonymous write routes sit behind CloudFront and its WAF rate rules, and
 * CloudFront adds a secret header to every request it forwards. A request that reaches the API
 * without it went around the CDN (and around the per-client limit) and is refused with 403. Unset
 * (the local runtime, a deployment without `cdn`), nothing is checked.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ForbiddenError } from '../domain/errors.ts';
import { isAnonymousWrite, type Route } from './routes.ts';

/** The header CloudFront sets on the way to the origin (infra/aws/constructs/cdn.ts). */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

// Hashing first makes the comparison constant-time whatever the lengths.
const digest = (value: string) => createHash('sha256').update(value).digest();

export const sameSecret = (presented: string | undefined, secret: string): boolean =>
  presented !== undefined && timingSafeEqual(digest(presented), digest(secret));

/** Throws 403 for an anonymous write without the CDN's secret header, when a secret is configured. */
export const assertThroughCdn = (
  route: Pick<Route, 'method'> & { role?: Route['role'] },
  headers: Record<string, string>,
  secret: string | undefined,
): void => {
  if (!secret || !isAnonymousWrite(route)) return;
  if (!sameSecret(headers[ORIGIN_VERIFY_HEADER], secret))
    throw new ForbiddenError('Anonymous writes are accepted only through the CDN');
};
