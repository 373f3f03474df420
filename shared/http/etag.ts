/** Articles store their tags (shared/domain/article.ts); other bodies are tagged the same way. */
export { entityTag } from '../domain/article.ts';

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
