import type { AnyEvent } from '../../events/contracts.ts';
import type { StoredArticle, VersionRecord } from '../domain/article.ts';
import type { ArticleLinks } from '../domain/article-links.ts';
import type { CandidatePosting } from '../domain/related-graph.ts';
import type { CorpusStats, TermWeight } from '../domain/search-terms.ts';

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

export interface ArticlePublication {
  article: LiveArticle;
  version: VersionRecord;
  /** The live item this one replaces (none for a first publication or after a retraction). */
  previous?: LiveArticle;
  /** Events announcing it, written in the same transaction (the outbox). */
  events?: AnyEvent[];
}

export interface Retraction {
  slug: string;
  reason: string;
  actor: string;
  at: string;
  /** Events announcing the retraction of this live item, written in the same transaction (the outbox). */
  events?: (retracted: LiveArticle) => AnyEvent[];
}

/** Why a link change was not written. */
export type RelinkOutcome = 'updated' | 'unchanged' | 'absent' | 'not-live';

export interface RelinkOptions {
  /**
   * Write only while this article is live at this version, and, with `linksRev`, its links have not
   * changed since read (checked in the same transaction).
   */
  whileLive?: { slug: string; version: number; linksRev?: number };
}

/**
 * The write side of the read model (publish-article, review-api's
 * retraction, the propagation worker). Every write is conditional, so
 * redelivered and reordered messages are harmless.
 */
export interface ArticleWriter {
  /** Claims a slug for a question; true when it is free or already the question's. */
  claimSlug(slug: string, questionId: string): Promise<boolean>;
  /** The live item, strongly consistent. */
  getLive(slug: string): Promise<LiveArticle | undefined>;
  listVersions(slug: string): Promise<VersionRecord[]>;
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
  /**
   * Removes the live item and its postings in one transaction and marks its
   * version retracted, noting the articles that listed it; undefined when
   * there is no live article.
   */
  retract(retraction: Retraction): Promise<VersionRecord | undefined>;
  /** The articles that listed a retracted article when it was retracted (its latest retracted version). */
  retractedLinks(slug: string): Promise<string[]>;
  /**
   * Changes a live article's links (and so its ETags) with optimistic
   * concurrency, re-reading and retrying when another change got there first.
   * `change` returns the new links, or undefined to leave them.
   */
  relink(
    slug: string,
    change: (article: LiveArticle) => ArticleLinks | undefined,
    options?: RelinkOptions,
  ): Promise<RelinkOutcome>;
}
