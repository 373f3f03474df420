/**
 * The review cycle, pure: when a published version was reviewed, when it is
 * due again, when readers are told its review is overdue, and what the
 * scheduled sweep does with an article that is due.
 *
 * A version is reviewed when its revision reached its approvals (the latest
 * approval's time); it is due `intervalDays` later and overdue `graceDays`
 * after that. All times are ISO 8601 UTC strings, so they compare as text.
 */
import type { Question } from './question.ts';

/**
 * Why a question is in review: asked, revised by hand (or regenerated), opened by the sweep, by a
 * reviewer acting on reader feedback, or because a source its live article cites was withdrawn.
 */
export const REVIEW_REASONS = [
  'new_question',
  'revision',
  'scheduled_re_review',
  'reader_feedback',
  'source_withdrawn',
] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

export interface ReviewCycleSettings {
  intervalDays: number;
  graceDays: number;
}

export interface ReviewDates {
  lastReviewedAt: string;
  nextReviewDue: string;
}

export interface ReviewNotice {
  kind: 'review_overdue';
  text: string;
  since: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const addDays = (at: string, days: number): string =>
  new Date(Date.parse(at) + days * DAY_MS).toISOString();

/** The dates a version publishes with: reviewed at its approval, due `intervalDays` later. */
export const reviewDatesOf = (approvedAt: string, intervalDays: number): ReviewDates => ({
  lastReviewedAt: approvedAt,
  nextReviewDue: addDays(approvedAt, intervalDays),
});

/** When a revision was approved: its latest approval (the one that reached the required count). */
export const approvedAtOf = (approvals: readonly { at: string }[], fallback: string): string =>
  approvals
    .map(({ at }) => at)
    .sort()
    .at(-1) ?? fallback;

/** From when a review due at `nextReviewDue` is overdue. */
export const overdueSince = (nextReviewDue: string, graceDays: number): string =>
  addDays(nextReviewDue, graceDays);

export const OVERDUE_TEXT =
  'The scheduled clinical review of this article is overdue. It reflects the evidence as of its last review; check the latest guidance or ask a clinician.';

/** The notices readers see about the review cycle at `now`: the overdue notice, once past the grace period. */
export const reviewNotices = (nextReviewDue: string, graceDays: number, now: Date): ReviewNotice[] => {
  const since = overdueSince(nextReviewDue, graceDays);
  return now.toISOString() >= since ? [{ kind: 'review_overdue', text: OVERDUE_TEXT, since }] : [];
};

/** An article whose review is due, as the sweep's index lists it. */
export interface DueArticle {
  slug: string;
  questionId: string;
  version: number;
  nextReviewDue: string;
}

/**
 * What the sweep does with a due article:
 * - `open`: the question is settled on its live version; open its re-review;
 * - `opened`: a re-review for this due date was opened already (an earlier or concurrent run,
 *   or one whose index update was lost): only take it off the due list;
 * - `gone`: the question no longer owns a live article (retracted, or another slug): take it off;
 * - `busy`: another revision is in review or drafting; its approval resets the dates, its
 *   rejection brings the question back to `published` and the next run opens the re-review.
 */
export type SweepDecision = 'open' | 'opened' | 'gone' | 'busy';

export const sweepDecision = (question: Question | undefined, due: DueArticle): SweepDecision => {
  if (!question || question.articleSlug !== due.slug || question.status === 'retracted') return 'gone';
  if (question.scheduledReviewFor === due.nextReviewDue) return 'opened';
  return question.status === 'published' ? 'open' : 'busy';
};

/** Why the question is in review now, for the review queue. */
export const reviewReasonOf = (question: Pick<Question, 'reviewReason' | 'articleSlug'>): ReviewReason =>
  question.reviewReason ?? (question.articleSlug ? 'revision' : 'new_question');
