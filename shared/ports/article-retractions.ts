import type { AnyEvent } from '../../events/contracts.ts';
import type { VersionRecord } from '../domain/article.ts';
import type { LiveArticle, LiveArticles } from './live-articles.ts';

export interface Retraction {
  slug: string;
  reason: string;
  actor: string;
  at: string;
  /** Events announcing the retraction of this live item, written in the same transaction (the outbox). */
  events?: (retracted: LiveArticle) => AnyEvent[];
}

/** Retraction (review-api's admin route). */
export interface ArticleRetractions extends Pick<LiveArticles, 'getLive'> {
  /**
   * Removes the live item and its postings in one transaction and marks its
   * version retracted, noting the articles that listed it; undefined when
   * there is no live article.
   */
  retract(retraction: Retraction): Promise<VersionRecord | undefined>;
}
