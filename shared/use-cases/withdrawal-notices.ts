import type { SourceWithdrawn } from '../../events/contracts.ts';
import { type Question, SYSTEM_ACTOR } from '../domain/question.ts';
import {
  type SourceWithdrawal,
  withdrawalNotice,
  withdrawalReviewReason,
} from '../domain/source-withdrawal.ts';
import type { ArticleNotices, CitationIndex, CitingArticle, NoticeOutcome } from '../ports/citation-index.ts';
import type { QuestionStore } from '../ports/question-store.ts';
import type { WithdrawalMessage, WithdrawalPages } from '../ports/withdrawal-pages.ts';
import { openReReview } from './open-re-review.ts';

/** Citing articles handled per message: a bounded amount of work per invocation, whatever the fan-out. */
export const WITHDRAWAL_PAGE_SIZE = 25;

export interface WithdrawalNoticesDeps {
  citations: CitationIndex;
  notices: ArticleNotices;
  questions: QuestionStore;
  pages: WithdrawalPages;
  now: () => Date;
}

export type WithdrawalPageReport = Partial<Record<NoticeOutcome | 'reReviews', number>>;

const withdrawalOf = (event: SourceWithdrawn): SourceWithdrawal => ({
  reason: event.data.reason,
  ...(event.data.supersededBy ? { supersededBy: event.data.supersededBy } : {}),
  at: event.data.withdrawnAt,
  by: event.data.withdrawnBy,
});

/**
 * One page of a withdrawal's fan-out: up to 25 articles citing the source
 * (one Query of the citation index). The message for the next page is sent
 * first, so pages run concurrently, as many at once as the queue's consumer
 * concurrency allows (`maxConcurrency` in infra/resources.ts: the bound);
 * then each article of this page gets its notice and re-review concurrently.
 * A page that fails is redelivered whole and every step is idempotent; its
 * redelivery sends its successor again, so the rest of that chain runs a
 * second time, changing nothing (work repeated, bounded by the pages left,
 * only after a failure).
 */
export const handleWithdrawalPage = async (
  deps: WithdrawalNoticesDeps,
  message: WithdrawalMessage,
): Promise<WithdrawalPageReport> => {
  const event = message.detail;
  const withdrawal = withdrawalOf(event);
  const page = await deps.citations.citing(event.data.sourceId, {
    limit: WITHDRAWAL_PAGE_SIZE,
    ...(message.after ? { after: message.after } : {}),
  });
  if (page.next) await deps.pages.continueAfter({ ...message, after: page.next });
  const outcomes = await Promise.all(
    page.items.map((article) => noticeAndReReview(deps, article, event.data.sourceId, withdrawal)),
  );
  const report: WithdrawalPageReport = {};
  for (const { notice, reReview } of outcomes) {
    report[notice] = (report[notice] ?? 0) + 1;
    if (reReview) report.reReviews = (report.reReviews ?? 0) + 1;
  }
  return report;
};

/**
 * One citing article: the public notice first (readers are told at once),
 * then its question. A question settled on its live version gets a
 * re-review marked `source_withdrawn`, drafted from the library without the
 * withdrawn source (it no longer resolves, so retrieval skips it); a
 * question with a revision already under way gets an audit entry only: that
 * revision cannot be approved while it cites the source (the publish gate),
 * and a reviewer's change request drafts it again without it.
 */
export const noticeAndReReview = async (
  deps: Omit<WithdrawalNoticesDeps, 'citations' | 'pages'>,
  article: CitingArticle,
  sourceId: string,
  withdrawal: SourceWithdrawal,
): Promise<{ notice: NoticeOutcome; reReview: boolean }> => {
  const notice = await deps.notices.addWithdrawalNotice(article.slug, withdrawalNotice(sourceId, withdrawal));
  if (notice === 'absent' || notice === 'not-citing') return { notice, reReview: false };
  const question = await deps.questions.get(article.questionId);
  if (!question || question.articleSlug !== article.slug || question.status === 'retracted') {
    return { notice, reReview: false };
  }
  const at = deps.now().toISOString();
  const why = withdrawalReviewReason(sourceId, withdrawal);
  if (question.status === 'published') {
    const opened = await openReReview({ ...deps, store: deps.questions }, question, {
      reason: 'source_withdrawn',
      actor: SYSTEM_ACTOR,
      action: 'source.withdrawn',
      why,
      at,
      // The successor is offered to the re-review's draft whether or not retrieval ranks it.
      ...(withdrawal.supersededBy ? { marks: { reviewEvidence: [withdrawal.supersededBy] } } : {}),
    });
    // Another writer moved the question first: the page is delivered again and looks again.
    if (!opened) throw new Error(`The question of ${article.slug} changed while its re-review was opened`);
    return { notice, reReview: true };
  }
  // A redelivery finds the notice present and the question no longer `published`: recorded once already.
  if (notice === 'added') await recordOnBusyQuestion(deps.questions, question, why, at);
  return { notice, reReview: false };
};

const recordOnBusyQuestion = async (store: QuestionStore, question: Question, why: string, at: string) => {
  await store.commit({
    before: question,
    after: question,
    audit: [
      {
        at,
        actor: SYSTEM_ACTOR,
        action: 'source.withdrawn',
        revision: question.currentRevision,
        reason: `${why}. The revision under way cannot be approved while it cites it.`,
      },
    ],
  });
};
