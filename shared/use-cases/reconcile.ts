import { draftRequested } from '../../events/factory.ts';
import type { QuestionStatus } from '../domain/question.ts';
import type { DraftQueue } from '../ports/draft-queue.ts';
import type { QuestionStore } from '../ports/question-store.ts';

export interface ReconcileDeps {
  store: QuestionStore;
  draftQueue: DraftQueue;
  now: () => Date;
  /** A write whose follow-up message may be lost is re-driven once it is this old. */
  graceSeconds: number;
  /** A question drafting longer than this is re-driven (its worker died or its message was lost). */
  draftingDeadlineSeconds: number;
  /** Questions handled per status per run, so a run fits in the function's timeout. */
  batchLimit?: number;
}

export type ReconcileReport = Record<'submitted' | 'changes_requested' | 'drafting', number>;

const secondsAgo = (now: Date, seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

/**
 * Re-drives what no stream can see: a draft whose worker died mid-draft
 * (`drafting` past its deadline), and draft requests, which still go
 * straight to the draft-requests queue after their write (a question left in
 * `submitted` or `changes_requested`, also after the local SQS emulator
 * restarted). Events written with their state change (review.decided,
 * article.published, article.retracted) are the outbox's: they cannot be
 * lost, so approvals are not re-sent here. Every consumer is idempotent, so
 * re-sending work that was merely slow costs a duplicate message and nothing else.
 */
export const reconcile = async (deps: ReconcileDeps): Promise<ReconcileReport> => {
  const now = deps.now();
  const at = now.toISOString();
  const limit = deps.batchLimit ?? 100;
  const stale = async (status: QuestionStatus, ageSeconds: number) =>
    (await deps.store.listByStatus(status, { limit, before: secondsAgo(now, ageSeconds) })).items;

  const report: ReconcileReport = { submitted: 0, changes_requested: 0, drafting: 0 };
  const redriveDrafts = async (
    status: 'submitted' | 'changes_requested' | 'drafting',
    ageSeconds: number,
  ) => {
    for (const question of await stale(status, ageSeconds)) {
      await deps.draftQueue.requestDraft(
        draftRequested(question.id, question.currentRevision + 1, 'reconciler', at),
      );
      report[status]++;
    }
  };
  await redriveDrafts('submitted', deps.graceSeconds);
  await redriveDrafts('changes_requested', deps.graceSeconds);
  await redriveDrafts('drafting', deps.draftingDeadlineSeconds);
  return report;
};
