import type { ArticleSummary, StoredArticle, VersionRecord } from '../domain/article.ts';
import type {
  ArticleRef,
  CandidatePosting,
  EdgeKind,
  GraphNode,
  OutgoingEdge,
} from '../domain/related-graph.ts';
import type { TermWeight } from '../domain/search-terms.ts';

/** The live version with what the read model indexes it by. */
export interface LiveArticle extends StoredArticle {
  /** The posting terms (search and similarity) and their weights. */
  terms: TermWeight[];
  /** Terms the list's `topic` filter matches. */
  topicTerms: string[];
}

/** An edge as stored under its source article. */
export interface StoredEdge {
  kind: EdgeKind;
  weight: number;
  to: GraphNode;
  /** The slug whose publication wrote the edge; a `similar` pair's two halves share it. */
  origin: string;
}

export interface ArticlePublication {
  article: LiveArticle;
  version: VersionRecord;
  /** Edges out of the article; the store adds the reverse half of every `similar` edge. */
  edges: OutgoingEdge[];
  /** Posting terms of the version this one replaces (none after a retraction): the stale ones are deleted. */
  previousTerms: string[];
}

export interface ListQuery {
  limit: number;
  cursor?: string;
  /** ISO time; only articles updated at or after it. */
  updatedSince?: string;
  /** Every one of these terms must be among the article's topic terms. */
  topicTerms: string[];
}

export interface SearchHit extends ArticleSummary {
  score: number;
}

export interface Retraction {
  slug: string;
  reason: string;
  actor: string;
  at: string;
}

/**
 * The public read model. Reads are Query and GetItem only. Every write is
 * conditional, so redelivered and reordered publications are harmless.
 */
export interface ArticleStore {
  /** Claims a slug for a question; true when it is free or already the question's. */
  claimSlug(slug: string, questionId: string): Promise<boolean>;
  getLive(slug: string): Promise<LiveArticle | undefined>;
  /** The version history, oldest first (retracted versions included). */
  listVersions(slug: string): Promise<VersionRecord[]>;
  /** Postings of other articles for these terms, strongest first per term. */
  postingsFor(terms: string[]): Promise<Map<string, CandidatePosting[]>>;
  /**
   * Writes a version in one transaction: the live item (only over an older
   * version and revision), the version-history item (only if new), postings
   * and edges. `conflict` when a condition failed and nothing was written.
   */
  publish(publication: ArticlePublication): Promise<'written' | 'conflict'>;
  /**
   * Removes the live item, its postings and its edges in one transaction and
   * marks its version retracted; undefined when there is no live article.
   */
  retract(retraction: Retraction): Promise<VersionRecord | undefined>;
  listLive(query: ListQuery): Promise<{ items: ArticleSummary[]; cursor?: string }>;
  /** Edges stored under an article, whatever their far end's state. */
  listEdges(slug: string): Promise<StoredEdge[]>;
  /** Which of these slugs are live now, with their current id and title. */
  liveRefs(slugs: string[]): Promise<Map<string, ArticleRef>>;
  search(terms: string[], limit: number): Promise<SearchHit[]>;
}
