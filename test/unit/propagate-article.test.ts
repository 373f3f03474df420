import { describe, expect, it } from 'vitest';
import { type ArticleLinks, linkedSlugs, SIMILAR_TOP_K } from '../../shared/domain/article-links.ts';
import type { CdnInvalidator } from '../../shared/ports/cdn.ts';
import { propagatePublication, propagateRetraction } from '../../shared/use-cases/propagate-article.ts';
import { unlinksAfter } from '../../shared/use-cases/publication-links.ts';
import { InMemoryArticleWriter } from '../support/in-memory-article-writer.ts';
import { liveArticle } from '../support/live-article.ts';

const live = liveArticle;

const ref = (slug: string, title = slug.toUpperCase()) => ({ slug, id: `id-${slug}`, title });
const similar = (slug: string, weight: number) => ({ ...ref(slug), weight });
const linksOf = (store: InMemoryArticleWriter, slug: string) => store.live.get(slug)?.links as ArticleLinks;

describe('propagatePublication', () => {
  it('makes neighbours and the parent link back, and is idempotent', async () => {
    const store = new InMemoryArticleWriter();
    store.add(live('b'));
    store.add(live('p'));
    store.add(live('a', { similar: [similar('b', 0.6)], parent: ref('p') }));
    await propagatePublication({ links: store }, { slug: 'a' });
    expect(linksOf(store, 'b').similar).toEqual([similar('a', 0.6)]);
    expect(linksOf(store, 'p').followUps).toEqual([ref('a')]);
    const etag = store.live.get('b')?.etags.clinician;
    await propagatePublication({ links: store }, { slug: 'a' });
    expect(store.live.get('b')?.linksRev).toBe(2);
    expect(store.live.get('b')?.etags.clinician).toBe(etag);
  });

  it("evicts a full neighbour's weakest link on both ends, and drops links a full neighbour refuses", async () => {
    const store = new InMemoryArticleWriter();
    const full = Array.from({ length: SIMILAR_TOP_K }, (_, i) => similar(`n${i}`, 0.9 - i * 0.1));
    store.add(live('hub', { similar: full }));
    for (const link of full)
      store.add(live(link.slug, { similar: [{ ...ref('hub'), weight: link.weight }] }));
    store.add(live('strong', { similar: [similar('hub', 0.85)] }));
    await propagatePublication({ links: store }, { slug: 'strong' });
    const weakest = full.at(-1)?.slug as string;
    expect(linkedSlugs(linksOf(store, 'hub'))).toContain('strong');
    expect(linkedSlugs(linksOf(store, 'hub'))).not.toContain(weakest);
    expect(linkedSlugs(linksOf(store, weakest))).not.toContain('hub');

    store.add(live('weak', { similar: [similar('hub', 0.1)] }));
    await propagatePublication({ links: store }, { slug: 'weak' });
    expect(linkedSlugs(linksOf(store, 'hub'))).not.toContain('weak');
    expect(linksOf(store, 'weak').similar).toEqual([]);
  });

  it('retitles the article wherever its follow-ups list it, and unlinks what its new version dropped', async () => {
    const store = new InMemoryArticleWriter();
    store.add(live('child', { parent: ref('a', 'Old title') }));
    store.add(live('gone-neighbour', { similar: [similar('a', 0.5)] }));
    store.add({ ...live('a', { followUps: [ref('child')] }, 2), unlinks: ['gone-neighbour'] });
    await propagatePublication({ links: store }, { slug: 'a' });
    expect(linksOf(store, 'child').parent).toEqual(ref('a'));
    expect(linksOf(store, 'gone-neighbour').similar).toEqual([]);
  });

  it('adds nothing for an article retracted meanwhile, and drops links to articles that are gone', async () => {
    const store = new InMemoryArticleWriter();
    store.add(live('b'));
    expect(await propagatePublication({ links: store }, { slug: 'missing' })).toEqual({
      kind: 'skipped',
      reason: 'not live',
    });
    store.add(live('a', { similar: [similar('ghost', 0.7), similar('b', 0.5)] }));
    await propagatePublication({ links: store }, { slug: 'a' });
    expect(linksOf(store, 'a').similar).toEqual([similar('b', 0.5)]);
  });
});

describe('propagateRetraction', () => {
  it('drops the article from every article that listed it and invalidates the CDN paths once per event', async () => {
    const store = new InMemoryArticleWriter();
    store.add(live('b', { similar: [similar('x', 0.5)] }));
    store.add(live('child', { parent: ref('x') }));
    store.retracted.set('x', ['b', 'child']);
    const invalidations: { paths: string[]; reference: string }[] = [];
    const cdn: CdnInvalidator = {
      invalidate: async (paths, reference) => void invalidations.push({ paths, reference }),
    };
    await propagateRetraction({ links: store, cdn }, { slug: 'x', eventId: 'article.retracted:q:1' });
    expect(linksOf(store, 'b').similar).toEqual([]);
    expect(linksOf(store, 'child').parent).toBeUndefined();
    expect(invalidations).toEqual([
      {
        paths: [
          '/v1/articles/x',
          '/v1/articles/x/*',
          '/v1/articles/b',
          '/v1/articles/b/*',
          '/v1/articles/child',
          '/v1/articles/child/*',
        ],
        reference: 'article.retracted:q:1',
      },
    ]);
  });

  it('republished before its retraction was handled: drops only the links the new version does not mirror', async () => {
    // Skipping it as "live again" (the old behaviour) left b with a one-way link when the new
    // version no longer lists b; c, which the new version lists, keeps its link.
    const store = new InMemoryArticleWriter();
    store.add(live('x', { similar: [similar('c', 0.4)] }, 2));
    store.add(live('b', { similar: [similar('x', 0.5)] }));
    store.add(live('c', { similar: [similar('x', 0.4)] }));
    store.retracted.set('x', ['b', 'c']);
    expect((await propagateRetraction({ links: store }, { slug: 'x', eventId: 'e' })).kind).toBe(
      'propagated',
    );
    expect(linksOf(store, 'b').similar).toEqual([]);
    expect(linksOf(store, 'c').similar).toEqual([similar('x', 0.4)]);
  });
});

describe('unlinksAfter', () => {
  it('names what a new version dropped or lists in fewer ways, pending ones, and after a retraction who listed it', () => {
    const before = live('a', { similar: [similar('b', 0.5), similar('c', 0.5)], parent: ref('b') });
    const next = { similar: [], parent: ref('b'), followUps: [] };
    expect(unlinksAfter({ ...before, unlinks: ['d'] }, next)).toEqual(['b', 'c', 'd']);
    expect(unlinksAfter(undefined, next, ['e'])).toEqual(['e']);
    expect(unlinksAfter(undefined, next)).toEqual([]);
  });
});

describe('propagatePublication against a neighbour published since', () => {
  it("keeps the neighbour's own choice: no link forced on it, and the article drops its one-way link", async () => {
    const store = new InMemoryArticleWriter();
    store.add(live('n', {}, 1, 'N', '2026-01-02T00:00:00.000Z'));
    store.add(live('a', { similar: [similar('n', 0.5)] }));
    await propagatePublication({ links: store }, { slug: 'a' });
    expect(linksOf(store, 'n').similar).toEqual([]);
    expect(linksOf(store, 'a').similar).toEqual([]);
  });
});
