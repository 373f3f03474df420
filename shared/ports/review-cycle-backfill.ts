/** What the review-cycle backfill reads of a live article, and the writes it makes (articles table). */
export interface BackfillArticle {
  slug: string;
  questionId: string;
  version: number;
  /** The question's revision the live version was published from. */
  revision: number;
  title: string;
  publishedAt: string;
  lastUpdated: string;
  approvals: { at: string }[];
  /** The live item stores `review.nextReviewDue` (published with the review cycle). */
  hasReviewDates: boolean;
  /** The live item stores `sourceIds` (published with the citation index). */
  hasSourceIds: boolean;
}

export interface ReviewCycleBackfillStore {
  /** A page of live articles, one Query. */
  liveArticles(page: {
    limit: number;
    cursor?: string;
  }): Promise<{ items: BackfillArticle[]; cursor?: string }>;
  /** Puts the live version on the byReviewDue index, unless it has dates or an entry; true when written. */
  addDueEntry(article: BackfillArticle, nextReviewDue: string): Promise<boolean>;
  /** Stores the live version's cited library sources, unless stored; true when written. */
  addSourceIds(article: BackfillArticle, sourceIds: readonly string[]): Promise<boolean>;
  /** Puts the live version's item in the updates feed, unless it is; true when written. */
  addFeedEntry(article: BackfillArticle): Promise<boolean>;
}
