import { describe, expect, it } from 'vitest';
import { buildStoredArticle } from '../../shared/domain/article.ts';
import { type ArticleLinks, linkedSlugs, noLinks, SIMILAR_TOP_K } from '../../shared/domain/article-links.ts';
import type { Draft } from '../../shared/domain/draft.ts';
import type { Question } from '../../shared/domain/question.ts';
import type { LiveArticle } from '../../shared/ports/article-writer.ts';
import type { CdnInvalidator } from '../../shared/ports/cdn.ts';
import { propagatePublication, propagateRetraction } from '../../shared/use-cases/propagate-article.ts';
import { InMemoryArticleWriter } from '../support/in-memory-article-writer.ts';

const draft = (title: string): Draft => ({
  title,
  bottomLine: `${title} [1]`,
  sections: [],
  citations: [{ n: 1, title: 'Source', url: 'https://example.org/source' }],
  patient: { bottomLine: `${title} [1]`, sections: [] },
  suggestedQuestions: [],
  generator: { adapter: 'test', model: 'none', promptVersion: 'none' },
});

const live = (slug: string, links: Partial<ArticleLinks> = {}, version = 1): LiveArticle => ({
  ...buildStoredArticle({
    slug,
    question: { id: `id-${slug}`, question: slug, audience: 'clinician' } as Question,
    revision: { revision: version, author: 'a', decisions: [], draft: draft(slug.toUpperCase()) },
    version,
    firstPublishedAt: '2026-01-01T00:00:00.000Z',
    at: '2026-01-01T00:00:00.000Z',
    settings: { editorialPolicyUrl: 'https://example.org/p', disclaimer: 'd', reviewIntervalDays: 365 },
    approvals: { approvals: [], approverKeys: [] },
    links: { ...noLinks(), ...links },
  }),
  terms: [],
  similarity: [],
  topicTerms: [],
  linksRev: 1,
  unlinks: [],
});

const ref = (slug: string, title = slug.toUpperCase()) => ({ slug, id: `id-${slug}`, title });
const similar = (slug: string, weight: number) => ({ ...ref(slug), weight });
const linksOf = (store: InMemoryArticleWriter, slug: string) => store.live.get(slug)?.links as ArticleLinks;

describe('propagatePublication', () => {
  it('makes neighbours and the parent link back, and is idempotent', async () => {
    const store = new InMemoryArticleWriter();
    store.add(live('b'));
    store.add(live('p'));
    store.add(live('a', { similar: [similar('b', 0.6)], parent: ref('p') }));
    await propagatePublication({ articles: store }, { slug: 'a' });
    expect(linksOf(store, 'b').similar).toEqual([similar('a', 0.6)]);
    expect(linksOf(store, 'p').followUps).toEqual([ref('a')]);
    const etag = store.live.get('b')?.etags.clinician;
    await propagatePublication({ articles: store }, { slug: 'a' });
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
    await propagatePublication({ articles: store }, { slug: 'strong' });
    const weakest = full.at(-1)?.slug as string;
    expect(linkedSlugs(linksOf(store, 'hub'))).toContain('strong');
    expect(linkedSlugs(linksOf(store, 'hub'))).not.toContain(weakest);
    expect(linkedSlugs(linksOf(store, weakest))).not.toContain('hub');

    store.add(live('weak', { similar: [similar('hub', 0.1)] }));
    await propagatePublication({ articles: store }, { slug: 'weak' });
    expect(linkedSlugs(linksOf(store, 'hub'))).not.toContain('weak');
    expect(linksOf(store, 'weak').similar).toEqual([]);
  });

  it('retitles the article wherever its follow-ups list it, and unlinks what its new version dropped', async () => {
    const store = new InMemoryArticleWriter();
    store.add(live('child', { parent: ref('a', 'Old title') }));
    store.add(live('gone-neighbour', { similar: [similar('a', 0.5)] }));
    store.add({ ...live('a', { followUps: [ref('child')] }, 2), unlinks: ['gone-neighbour'] });
    await propagatePublication({ articles: store }, { slug: 'a' });
    expect(linksOf(store, 'child').parent).toEqual(ref('a'));
    expect(linksOf(store, 'gone-neighbour').similar).toEqual([]);
  });

  it('adds nothing for an article retracted meanwhile, and drops links to articles that are gone', async () => {
    const store = new InMemoryArticleWriter();
    store.add(live('b'));
    expect(await propagatePublication({ articles: store }, { slug: 'missing' })).toEqual({
      kind: 'skipped',
      reason: 'not live',
    });
    store.add(live('a', { similar: [similar('ghost', 0.7), similar('b', 0.5)] }));
    await propagatePublication({ articles: store }, { slug: 'a' });
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
    await propagateRetraction({ articles: store, cdn }, { slug: 'x', eventId: 'article.retracted:q:1' });
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

  it('leaves a republished article alone', async () => {
    const store = new InMemoryArticleWriter();
    store.add(live('x'));
    store.add(live('b', { similar: [similar('x', 0.5)] }));
    store.retracted.set('x', ['b']);
    expect((await propagateRetraction({ articles: store }, { slug: 'x', eventId: 'e' })).kind).toBe(
      'skipped',
    );
    expect(linksOf(store, 'b').similar).toHaveLength(1);
  });
});
