import { buildStoredArticle } from '../../shared/domain/article.ts';
import { type ArticleLinks, noLinks } from '../../shared/domain/article-links.ts';
import type { Draft } from '../../shared/domain/draft.ts';
import type { Question } from '../../shared/domain/question.ts';
import type { LiveArticle } from '../../shared/ports/live-articles.ts';

const draft = (title: string): Draft => ({
  title,
  bottomLine: `${title} [1]`,
  sections: [],
  citations: [{ n: 1, title: 'Source', url: 'https://example.org/source' }],
  patient: { bottomLine: `${title} [1]`, sections: [] },
  suggestedQuestions: [],
  generator: { adapter: 'test', model: 'none', promptVersion: 'none' },
});

/** A live article item as publish-article writes it (title: the slug in capitals unless given). */
export const liveArticle = (
  slug: string,
  links: Partial<ArticleLinks> = {},
  version = 1,
  title = slug.toUpperCase(),
  at = '2026-01-01T00:00:00.000Z',
): LiveArticle => ({
  ...buildStoredArticle({
    slug,
    question: { id: `id-${slug}`, question: slug, audience: 'clinician' } as Question,
    revision: { revision: version, author: 'a', decisions: [], draft: draft(title) },
    version,
    firstPublishedAt: '2026-01-01T00:00:00.000Z',
    at,
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
