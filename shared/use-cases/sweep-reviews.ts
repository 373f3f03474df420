import { type Question, SYSTEM_ACTOR } from '../domain/question.ts';
import { type DueArticle, type SweepDecision, sweepDecision } from '../domain/review-cycle.ts';
import type { QuestionStore } from '../ports/question-store.ts';
import type { ReviewDueIndex } from '../ports/review-due-index.ts';
import { openReReview } from './open-re-review.ts';

export interface SweepReviewsDeps {
  due: ReviewDueIndex;
  store: QuestionStore;
  now: () => Date;
  /** Due articles handled per run, so a run's reads are bounded and fit in the function's timeout. */
  batchLimit?: number;
}

export type SweepReport = Record<SweepDecision | 'lost', number>;

/**
 * The scheduled review sweep (on the reconciler's schedule): for each live
 * article whose review is due, a re-review. The question moves `published →
 * drafting` marked `scheduled_re_review` for that due date, and a draft of
 * its next revision is requested from the current library; the live version
 * keeps serving until that revision is approved and published (with new
 * review dates, due again a full interval later).
 *
 * Safe under at-least-once and concurrent runs: the question moves only by a
 * conditional write from exactly the state that was read, so of two runs one
 * opens the re-review and the other loses (`lost`); a run that finds the due
 * date already recorded on the question only takes the article off the due
 * list. The draft request is written with the re-review (the outbox), and
 * duplicate requests draft one revision.
 */
export const sweepDueReviews = async (deps: SweepReviewsDeps): Promise<SweepReport> => {
  const at = deps.now().toISOString();
  const report: SweepReport = { open: 0, opened: 0, gone: 0, busy: 0, lost: 0 };
  for (const article of await deps.due.listDue(at, deps.batchLimit ?? 25)) {
    const question = await deps.store.get(article.questionId);
    const decision = sweepDecision(question, article);
    if (decision === 'open' && !(await openScheduledReReview(deps, question as Question, article, at))) {
      report.lost++;
      continue;
    }
    if (decision !== 'busy') await deps.due.takeOff(article);
    report[decision]++;
  }
  return report;
};

const openScheduledReReview = (
  deps: SweepReviewsDeps,
  question: Question,
  article: DueArticle,
  at: string,
): Promise<boolean> =>
  openReReview(deps, question, {
    reason: 'scheduled_re_review',
    actor: SYSTEM_ACTOR,
    action: 'review.scheduled',
    why: `Version ${article.version} of /v1/articles/${article.slug} was due for review on ${article.nextReviewDue}`,
    at,
    marks: { scheduledReviewFor: article.nextReviewDue },
  });
