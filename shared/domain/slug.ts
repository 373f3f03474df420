/**
 * Article slugs: readable, URL-safe, at most 80 characters, derived from the
 * draft title. Uniqueness is the store's job (a slug is claimed for one
 * question); on a collision the publisher tries `slugCandidate(base, 2)`,
 * `…3`, and so on. Pure.
 */

export const MAX_SLUG_LENGTH = 80;
/** Lowercase ASCII words joined by single hyphens; the same rule `followUpOf` is checked against. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** What a title with no usable letters or digits becomes. */
export const FALLBACK_SLUG = 'article';

export const isSlug = (value: string): boolean => value.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(value);

/** Cuts to `max` characters, preferring a word boundary, never leaving a trailing hyphen. */
const truncate = (slug: string, max: number): string => {
  if (slug.length <= max) return slug;
  let cut = slug.slice(0, max);
  // Cut mid-word: step back to the previous hyphen unless that throws most of the slug away.
  if (slug[max] !== '-') {
    const boundary = cut.lastIndexOf('-');
    if (boundary >= max / 2) cut = cut.slice(0, boundary);
  }
  return cut.replace(/-+$/, '');
};

/** "Is 5 mg of Ramipril safe?" → "is-5-mg-of-ramipril-safe". */
export function slugify(title: string, maxLength = MAX_SLUG_LENGTH): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/æ/gi, 'ae')
    .replace(/ø/gi, 'o')
    .toLowerCase();
  const slug = truncate(
    ascii
      .replace(/['’]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, ''),
    maxLength,
  );
  return slug === '' ? FALLBACK_SLUG : slug;
}

/** The `attempt`th slug to try for a base slug: the base itself, then `base-2`, `base-3`… within 80 characters. */
export function slugCandidate(base: string, attempt: number): string {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be >= 1, got ${attempt}`);
  if (attempt === 1) return truncate(base, MAX_SLUG_LENGTH);
  const suffix = `-${attempt}`;
  return `${truncate(base, MAX_SLUG_LENGTH - suffix.length)}${suffix}`;
}
