import { relinked } from '../../shared/domain/article.ts';
import { type ArticleLinks, sameLinks } from '../../shared/domain/article-links.ts';
import type { CandidatePosting } from '../../shared/domain/related-graph.ts';
import type { CorpusStats } from '../../shared/domain/search-terms.ts';
import type {
  ArticleLinkUpdates,
  RelinkOptions,
  RelinkOutcome,
} from '../../shared/ports/article-link-updates.ts';
import type { ArticlePublications } from '../../shared/ports/article-publications.ts';
import type { LiveArticle } from '../../shared/ports/live-articles.ts';

/**
 * The part of the article ports the graph needs (live items, similarity
 * postings, corpus counts, link updates), in memory: for unit tests that
 * grow a corpus of hundreds of articles without DynamoDB.
 */
export class InMemoryArticleWriter
  implements ArticleLinkUpdates, Pick<ArticlePublications, 'similarityPostings' | 'corpusStats'>
{
  readonly live = new Map<string, LiveArticle>();
  /** Who listed each retracted article. */
  readonly retracted = new Map<string, string[]>();

  async retractedLinks(slug: string): Promise<string[]> {
    return this.retracted.get(slug) ?? [];
  }

  add(article: LiveArticle): void {
    this.live.set(article.slug, structuredClone(article));
  }

  async getLive(slug: string): Promise<LiveArticle | undefined> {
    const article = this.live.get(slug);
    return article ? structuredClone(article) : undefined;
  }

  async similarityPostings(terms: string[]): Promise<Map<string, CandidatePosting[]>> {
    const postings = new Map<string, CandidatePosting[]>();
    for (const term of terms) {
      const list: CandidatePosting[] = [];
      for (const article of this.live.values()) {
        const weight = article.similarity.find((entry) => entry.term === term)?.weight;
        if (weight !== undefined)
          list.push({ id: article.id, slug: article.slug, title: article.title, weight });
      }
      postings.set(
        term,
        list.sort((a, b) => b.weight - a.weight),
      );
    }
    return postings;
  }

  async corpusStats(terms: string[]): Promise<CorpusStats> {
    const documentFrequency = new Map<string, number>();
    for (const term of terms) {
      let count = 0;
      for (const article of this.live.values())
        if (article.similarity.some((entry) => entry.term === term)) count++;
      documentFrequency.set(term, count);
    }
    return { articles: this.live.size, documentFrequency };
  }

  async relink(
    slug: string,
    change: (article: LiveArticle) => ArticleLinks | undefined,
    options: RelinkOptions = {},
  ): Promise<RelinkOutcome> {
    const article = this.live.get(slug);
    if (!article) return 'absent';
    const links = change(structuredClone(article));
    if (!links || sameLinks(links, article.links)) return 'unchanged';
    const guard = options.whileLive;
    const guarded = guard && this.live.get(guard.slug);
    if (
      guard &&
      (guarded?.version !== guard.version ||
        (guard.linksRev !== undefined && guarded?.linksRev !== guard.linksRev))
    ) {
      return 'not-live';
    }
    this.live.set(slug, { ...article, ...relinked(article, links), linksRev: article.linksRev + 1 });
    return 'updated';
  }
}
