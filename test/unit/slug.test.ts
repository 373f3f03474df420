import { describe, expect, it } from 'vitest';
import { FALLBACK_SLUG, isSlug, MAX_SLUG_LENGTH, slugCandidate, slugify } from '../../shared/domain/slug.ts';

describe('slugify', () => {
  it.each([
    ['Is 5 mg of Ramipril safe?', 'is-5-mg-of-ramipril-safe'],
    ['  What is   HbA1c?! ', 'what-is-hba1c'],
    ['Café au lait spots — when to worry', 'cafe-au-lait-spots-when-to-worry'],
    ["Children's fever: what's normal", 'childrens-fever-whats-normal'],
    ['Straße & Ærø', 'strasse-aero'],
    ['"#pk = :v" OR attribute_exists(pk)', 'pk-v-or-attribute-exists-pk'],
  ])('%s → %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
    expect(isSlug(slugify(title))).toBe(true);
  });

  it('falls back to a fixed slug when nothing readable is left', () => {
    expect(slugify('血压 ???')).toBe(FALLBACK_SLUG);
    expect(slugify('')).toBe(FALLBACK_SLUG);
  });

  it('keeps slugs within 80 characters, cut at a word boundary', () => {
    const title =
      'How should adults with type two diabetes and chronic kidney disease adjust metformin doses safely';
    const slug = slugify(title);
    expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(slug).toBe('how-should-adults-with-type-two-diabetes-and-chronic-kidney-disease-adjust');
    expect(isSlug(slug)).toBe(true);
  });

  it('cuts a single overlong word hard rather than returning nothing', () => {
    const slug = slugify('a'.repeat(200));
    expect(slug).toBe('a'.repeat(80));
  });
});

describe('slugCandidate', () => {
  it('tries the base first, then numbered variants', () => {
    expect(slugCandidate('flu-vaccine', 1)).toBe('flu-vaccine');
    expect(slugCandidate('flu-vaccine', 2)).toBe('flu-vaccine-2');
    expect(slugCandidate('flu-vaccine', 13)).toBe('flu-vaccine-13');
  });

  it('makes room for the suffix within 80 characters', () => {
    const base = slugify(`${'word-'.repeat(30)}end`);
    for (const attempt of [1, 2, 10, 100]) {
      const candidate = slugCandidate(base, attempt);
      expect(candidate.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
      expect(isSlug(candidate)).toBe(true);
    }
    expect(slugCandidate(base, 100).endsWith('-100')).toBe(true);
  });

  it('rejects attempts below 1', () => {
    expect(() => slugCandidate('x', 0)).toThrow(RangeError);
  });
});

describe('isSlug', () => {
  it.each(['Upper', 'double--hyphen', '-leading', 'trailing-', 'spa ce', 'a'.repeat(81), ''])(
    'rejects %j',
    (value) => {
      expect(isSlug(value)).toBe(false);
    },
  );
});
