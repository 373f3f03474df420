import { createHash } from 'node:crypto';

/** A strong entity tag of a JSON body: the same bytes, the same tag. */
export const entityTag = (body: unknown): string =>
  `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 32)}"`;

/**
 * Whether an `If-None-Match` header matches the current tag (RFC 9110: weak
 * comparison, a list of tags, or `*`).
 */
export function ifNoneMatchMatches(header: string | undefined, tag: string): boolean {
  if (header === undefined) return false;
  const trimmed = header.trim();
  if (trimmed === '*') return true;
  const opaque = (value: string) => value.trim().replace(/^W\//, '');
  return trimmed.split(',').some((candidate) => opaque(candidate) === opaque(tag));
}
