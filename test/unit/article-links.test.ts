import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ArticleLinks,
  linkedSlugs,
  MAX_FOLLOW_UPS,
  noLinks,
  offerFollowUp,
  offerSimilar,
  RELATED_LINKS,
  relatedLinksOf,
  retitled,
  SIMILAR_TOP_K,
  withoutArticle,
} from '../../shared/domain/article-links.ts';

const ref = (slug: string) => ({ id: `id-${slug}`, slug, title: slug.toUpperCase() });
const similar = (slug: string, weight: number) => ({ ...ref(slug), weight });
const full = (): ArticleLinks => ({
  similar: Array.from({ length: SIMILAR_TOP_K }, (_, i) => similar(`n${i}`, 0.9 - i * 0.1)),
  followUps: [],
});

describe('offerSimilar', () => {
  it('adds while there is room, strongest first', () => {
    const { links, accepted } = offerSimilar(
      { similar: [similar('a', 0.3)], followUps: [] },
      similar('b', 0.5),
    );
    expect(accepted).toBe(true);
    expect(links.similar.map((l) => l.slug)).toEqual(['b', 'a']);
  });

  it('refreshes a listed neighbour (title, weight) instead of listing it twice', () => {
    const { links } = offerSimilar(
      { similar: [similar('a', 0.3)], followUps: [] },
      { ...similar('a', 0.4), title: 'New' },
    );
    expect(links.similar).toEqual([{ id: 'id-a', slug: 'a', title: 'New', weight: 0.4 }]);
  });

  it("takes a full list's weakest slot only when stronger, and says whom it evicted", () => {
    const weak = offerSimilar(full(), similar('x', 0.2));
    expect(weak.accepted).toBe(false);
    expect(weak.links).toEqual(full());
    const strong = offerSimilar(full(), similar('x', 0.75));
    expect(strong.accepted).toBe(true);
    expect(strong.evicted?.slug).toBe(`n${SIMILAR_TOP_K - 1}`);
    expect(strong.links.similar).toHaveLength(SIMILAR_TOP_K);
    expect(strong.links.similar.map((l) => l.slug)).toContain('x');
  });

  it('never holds more than k neighbours or one slug twice, whatever is offered', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
            fc.double({ min: 0, max: 1, noNaN: true }),
          ),
        ),
        (offers) => {
          let links = noLinks();
          for (const [slug, weight] of offers) links = offerSimilar(links, similar(slug, weight)).links;
          const slugs = links.similar.map((l) => l.slug);
          expect(slugs.length).toBeLessThanOrEqual(SIMILAR_TOP_K);
          expect(new Set(slugs).size).toBe(slugs.length);
          const weights = links.similar.map((l) => l.weight);
          expect(weights).toEqual([...weights].sort((x, y) => y - x));
        },
      ),
    );
  });
});

describe('follow-ups and removal', () => {
  it('lists follow-ups up to the cap', () => {
    let links = noLinks();
    for (let i = 0; i < MAX_FOLLOW_UPS; i++) links = offerFollowUp(links, ref(`f${i}`)).links;
    const over = offerFollowUp(links, ref('late'));
    expect(over.accepted).toBe(false);
    expect(over.links.followUps).toHaveLength(MAX_FOLLOW_UPS);
    expect(offerFollowUp(links, { ...ref('f0'), title: 'Renamed' }).links.followUps[0]?.title).toBe(
      'Renamed',
    );
  });

  it('drops an article wherever it is listed, and retitles it wherever it is listed', () => {
    const links: ArticleLinks = {
      similar: [similar('x', 0.5), similar('y', 0.4)],
      parent: ref('x'),
      followUps: [ref('x'), ref('z')],
    };
    const without = withoutArticle(links, 'x');
    expect(linkedSlugs(without)).toEqual(['y', 'z']);
    expect(without.parent).toBeUndefined();
    const renamed = retitled(links, { ...ref('x'), title: 'X2' });
    expect([renamed.parent?.title, renamed.similar[0]?.title, renamed.followUps[0]?.title]).toEqual([
      'X2',
      'X2',
      'X2',
    ]);
    expect(renamed.similar[1]?.title).toBe('Y');
  });

  it('puts the parent first among related links, at most RELATED_LINKS', () => {
    const links: ArticleLinks = { ...full(), parent: ref('p') };
    const related = relatedLinksOf(links);
    expect(related[0]).toEqual({ slug: 'p', title: 'P' });
    expect(related).toHaveLength(RELATED_LINKS);
  });
});
