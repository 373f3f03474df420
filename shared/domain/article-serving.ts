/**
 * What of an article is worked out when it is served, not when it is stored: review dates for a
 * version stored without them, the overdue notice, and the version history as readers see it.
 */
import type { Article, VersionRecord } from './article.ts';
import { approvedAtOf, type ReviewCycleSettings, reviewDatesOf, reviewNotices } from './review-cycle.ts';

/**
 * The article as served at `now`: review dates derived for a version stored without them (its
 * latest approval, else its last update, plus the configured interval), and the overdue notice once
 * past due and grace. `stale` says the body differs from the one the stored ETag was taken of.
 */
export function withReviewCycle(
  article: Article,
  cycle: ReviewCycleSettings,
  now: Date,
): { article: Article; stale: boolean } {
  const stored = article.review;
  const dates =
    stored.lastReviewedAt && stored.nextReviewDue
      ? { lastReviewedAt: stored.lastReviewedAt, nextReviewDue: stored.nextReviewDue }
      : reviewDatesOf(approvedAtOf(stored.approvals, article.lastUpdated), cycle.intervalDays);
  const overdue = reviewNotices(dates.nextReviewDue, cycle.graceDays, now);
  const derived =
    dates.lastReviewedAt !== stored.lastReviewedAt || dates.nextReviewDue !== stored.nextReviewDue;
  return {
    article: { ...article, review: { ...stored, ...dates }, notices: [...article.notices, ...overdue] },
    stale: derived || overdue.length > 0,
  };
}

/** A version history entry as readers see it (who retracted it stays internal). */
export const toPublicVersion = (record: VersionRecord) => ({
  version: record.version,
  publishedAt: record.publishedAt,
  approvedBy: record.approvedBy,
  ...(record.lastReviewedAt !== undefined && record.nextReviewDue !== undefined
    ? { lastReviewedAt: record.lastReviewedAt, nextReviewDue: record.nextReviewDue }
    : {}),
  ...(record.changeSummary !== undefined ? { changeSummary: record.changeSummary } : {}),
  ...(record.retractedAt !== undefined
    ? { retractedAt: record.retractedAt, retractionReason: record.retractionReason ?? '' }
    : {}),
});
