import type { Article, ArticleSummary, VersionRecord } from '../domain/article.ts';
import type { Audience } from '../domain/question.ts';
import type { GraphSource } from '../domain/related-graph.ts';
import type { SearchPosting } from '../domain/search-terms.ts';
import type { UpdatesPage } from '../domain/updates.ts';

export interface ListQuery {
  limit: number;
  cursor?: string;
  /** ISO time; only articles updated at or after it. */
  updatedSince?: string;
  /** Every one of these terms must be among the article's topic terms. */
  topicTerms: string[];
}

/** An article as served: the public JSON of one audience and its stored ETag. */
export interface ServedArticle {
  article: Article;
  etag: string;
}

/**
 * The public side of the read model (public-read λ). Eventually consistent
 * reads only, each a bounded number of requests: an article is one GetItem,
 * a frontier of the graph one BatchGetItem, a search term one Query.
 */
export interface ArticleReader {
  readArticle(slug: string, audience: Audience): Promise<ServedArticle | undefined>;
  /** The version history, oldest first (retracted versions included). */
  listVersions(slug: string): Promise<VersionRecord[]>;
  listLive(query: ListQuery): Promise<{ items: ArticleSummary[]; cursor?: string }>;
  /** A live article's node and links, for the related walk. */
  graphSource(slug: string): Promise<GraphSource | undefined>;
  /** Live articles' nodes and links, by slug, in one batch read; retracted ones are absent. */
  graphSources(slugs: string[]): Promise<Map<string, GraphSource>>;
  /** A page of the updates feed, newest first, one Query; `since` (ISO time) keeps entries at or after it. */
  listUpdates(query: { limit: number; cursor?: string; since?: string }): Promise<UpdatesPage>;
  /** Search postings of each term (live articles only), strongest first. */
  searchPostings(terms: string[]): Promise<Map<string, SearchPosting[]>>;
}
