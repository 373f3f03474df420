import type { AnyEvent } from '../../events/contracts.ts';
import type { VersionRecord } from '../domain/article.ts';
import type { CandidatePosting } from '../domain/related-graph.ts';
import type { CorpusStats } from '../domain/search-terms.ts';
import type { LiveArticle, LiveArticles } from './live-articles.ts';

export interface ArticlePublication {
  article: LiveArticle;
  version: VersionRecord;
  /** The live item this one replaces (none for a first publication or after a retraction). */
  previous?: LiveArticle;
  /** Events announcing it, written in the same transaction (the outbox). */
  events?: AnyEvent[];
}

/**
 * Publication (publish-article): a slug per question, the corpus a new version's links are worked
 * out from, and the version's write. Every write is conditional, so redelivered and reordered
 * messages are harmless.
 */
export interface ArticlePublications extends LiveArticles {
  /** Claims a slug for a question; true when it is free or already the question's. */
  claimSlug(slug: string, questionId: string): Promise<boolean>;
  /** Other live articles having these similarity terms, with their weights, strongest first per term. */
  similarityPostings(terms: string[]): Promise<Map<string, CandidatePosting[]>>;
  /** Live articles, and how many of them have each of these terms in their similarity vector. */
  corpusStats(terms: string[]): Promise<CorpusStats>;
  /**
   * Writes a version in one transaction: the live item (only over an older
   * version and revision whose links have not changed meanwhile), the
   * version-history item (only if new), postings and corpus statistics.
   * `conflict` when a condition failed and nothing was written.
   */
  publish(publication: ArticlePublication): Promise<'written' | 'conflict'>;
}
