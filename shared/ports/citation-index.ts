/**
 * The citation index: which live articles cite a library source, written
 * when an article is published, so a source's withdrawal finds them without
 * reading every article. An entry may outlive the citation (a later version
 * dropped the source, or the article was retracted); readers check the live
 * article before acting on it.
 */
import type { StoredWithdrawalNotice } from '../domain/source-withdrawal.ts';

export interface CitingArticle {
  slug: string;
  questionId: string;
}

export interface CitingPage {
  items: CitingArticle[];
  /** Where the next page starts (opaque); absent on the last page. */
  next?: string;
}

export interface CitationIndex {
  /** Records that the article cites each of `sourceIds`; writing it again is harmless. */
  record(article: CitingArticle, sourceIds: readonly string[]): Promise<void>;
  /** One page of the articles citing a source, by slug: one Query of at most `limit` items. */
  citing(sourceId: string, page: { limit: number; after?: string }): Promise<CitingPage>;
}

/** What adding a withdrawal notice to a live article found. */
export type NoticeOutcome = 'added' | 'present' | 'not-citing' | 'absent';

/** Stored notices on live articles (the article writer). */
export interface ArticleNotices {
  /**
   * Adds the notice about `notice.sourceId` to the live article when its live version cites that
   * source and has no notice about it yet: a conditional update (re-read and retried when the item
   * changed meanwhile) that takes the ETags again, so readers' caches see it.
   */
  addWithdrawalNotice(slug: string, notice: StoredWithdrawalNotice): Promise<NoticeOutcome>;
}
