import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemoLibrary } from '../../shared/adapters/generators/demo-library.ts';
import { LocalDraftGenerator } from '../../shared/adapters/generators/local.ts';
import { buildStoredArticle } from '../../shared/domain/article.ts';
import { noLinks } from '../../shared/domain/article-links.ts';
import type { Question } from '../../shared/domain/question.ts';
import type { LiveArticle } from '../../shared/ports/live-articles.ts';
import { propagatePublication } from '../../shared/use-cases/propagate-article.ts';
import { linksAtPublication } from '../../shared/use-cases/publication-links.ts';
import { libraryRetriever } from '../support/demo-retriever.ts';
import { InMemoryArticleWriter } from '../support/in-memory-article-writer.ts';
import { interleavedQuestions, LABELLED_QUESTIONS } from '../support/labelled-questions.ts';

/**
 * Precision@3 of `similar` neighbours on a labelled set: every question is
 * drafted by the local generator from the demo library and published in
 * turn (links at publication, then the propagation worker's use case), as
 * the pipeline does; then each article's three strongest neighbours are
 * checked against its topic.
 */
const store = new InMemoryArticleWriter();
const topicOf = new Map<string, string>();

beforeAll(async () => {
  const generator = new LocalDraftGenerator(libraryRetriever(await loadDemoLibrary()));
  let n = 0;
  for (const { topic, question: text } of interleavedQuestions()) {
    n++;
    const slug = `article-${n}`;
    topicOf.set(slug, topic);
    const draft = await generator.generate({
      questionId: `q-${n}`,
      question: text,
      audience: 'clinician',
      revision: 1,
      reviewerComments: [],
    });
    const content = {
      title: draft.title,
      question: text,
      bottomLine: draft.bottomLine,
      sections: draft.sections,
    };
    const { similarity, links } = await linksAtPublication(store, { slug, content });
    const question = { id: `q-${n}`, question: text, audience: 'clinician' } as Question;
    const stored = buildStoredArticle({
      slug,
      question,
      revision: { revision: 1, author: 'generator', decisions: [], draft },
      version: 1,
      firstPublishedAt: '2026-01-01T00:00:00.000Z',
      at: '2026-01-01T00:00:00.000Z',
      settings: {
        editorialPolicyUrl: 'https://example.org/policy',
        disclaimer: 'Demo.',
        reviewIntervalDays: 365,
      },
      approvals: { approvals: [], approverKeys: [] },
      links,
    });
    const live: LiveArticle = { ...stored, terms: [], similarity, topicTerms: [], linksRev: 1, unlinks: [] };
    store.add(live);
    await propagatePublication({ links: store }, { slug });
  }
}, 60_000);

describe('the related-question graph on a labelled set', () => {
  it('covers at least 36 questions in at least 6 topics, several phrasings each', () => {
    const topics = Object.values(LABELLED_QUESTIONS);
    expect(topics.length).toBeGreaterThanOrEqual(6);
    expect(topics.flat().length).toBeGreaterThanOrEqual(36);
    for (const questions of topics) expect(questions.length).toBeGreaterThanOrEqual(4);
  });

  it('holds precision@3 of similar neighbours at 0.9 or more, with nearly three neighbours per article', () => {
    let listed = 0;
    let relevant = 0;
    for (const [slug, article] of store.live) {
      const top3 = article.links.similar.slice(0, 3);
      listed += top3.length;
      relevant += top3.filter((link) => topicOf.get(link.slug) === topicOf.get(slug)).length;
    }
    const precision = relevant / listed;
    console.info(
      `precision@3 = ${precision.toFixed(3)} (${relevant} of ${listed} neighbours, ${store.live.size} articles)`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.9);
    // Not bought by listing almost nothing: on average at least 2.5 of 3 slots are filled.
    expect(listed / store.live.size).toBeGreaterThanOrEqual(2.5);
  });

  it('keeps similar links symmetric and capped', () => {
    for (const [slug, article] of store.live) {
      expect(article.links.similar.length).toBeLessThanOrEqual(5);
      for (const link of article.links.similar) {
        const other = store.live.get(link.slug);
        expect(
          other?.links.similar.map((back) => back.slug),
          `${link.slug} lists ${slug}`,
        ).toContain(slug);
      }
    }
  });

  it('pads nothing in: an article on a topic nobody else covers has no similar neighbours', async () => {
    const lonely = await linksAtPublication(store, {
      slug: 'lonely',
      content: {
        title: 'How do I care for a tattoo in its first week?',
        question: 'How do I care for a tattoo in its first week?',
        bottomLine: 'Keep a new tattoo clean and moisturised.',
        sections: [{ heading: 'Tattoo aftercare', claims: [] }],
      },
    });
    expect(lonely.links.similar).toEqual([]);
    expect(noLinks().similar).toEqual([]);
  });
});
