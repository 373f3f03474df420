import type { StoredArticle, VersionRecord } from '../domain/article.ts';
import type { TermWeight } from '../domain/search-terms.ts';

/** The live version with what the read model indexes it by. */
export interface LiveArticle extends StoredArticle {
  /** Search posting terms and their weights. */
  terms: TermWeight[];
  /** The TF-IDF similarity vector (its terms have postings too). */
  similarity: TermWeight[];
  /** Terms the list's `topic` filter matches. */
  topicTerms: string[];
  /** Bumped by every change of `links`: link updates are conditional on it. */
  linksRev: number;
  /** Articles the previous version listed and this one does not: they must drop their link back. */
  unlinks: string[];
}

/**
 * The write side's reads of the articles table (publish-article, review-api's retraction, the
 * propagation worker), strongly consistent: what their conditional writes are worked out from.
 */
export interface LiveArticles {
  /** The live item, strongly consistent. */
  getLive(slug: string): Promise<LiveArticle | undefined>;
  listVersions(slug: string): Promise<VersionRecord[]>;
  /** The articles that listed a retracted article when it was retracted (its latest retracted version). */
  retractedLinks(slug: string): Promise<string[]>;
}
