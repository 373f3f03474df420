import type { DueArticle } from '../domain/review-cycle.ts';

/**
 * The live articles whose scheduled re-review is still to be opened, by due date (the articles
 * table's sparse byReviewDue index). Every read is one bounded Query, whatever the table holds.
 */
export interface ReviewDueIndex {
  /** Articles due at or before `at` (ISO time), earliest due first, at most `limit`. */
  listDue(at: string, limit: number): Promise<DueArticle[]>;
  /**
   * Takes an article off the due list: only while it is live at that version and due date, so a
   * version published meanwhile (due again later) stays on it. Idempotent.
   */
  takeOff(article: DueArticle): Promise<void>;
}
