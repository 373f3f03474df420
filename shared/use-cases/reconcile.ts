import type { QuestionStatus } from '../domain/question.ts';
import { SYSTEM_ACTOR } from '../domain/question.ts';
import type { DraftQueue } from '../ports/draft-queue.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { QuestionStore } from '../ports/question-store.ts';
import { requestDraft, reviewDecidedEvent } from './review.ts';

export interface ReconcileDeps {
  store: QuestionStore;
  draftQueue: DraftQueue;
  events: EventPublisher;
  now: () => Date;
  /** A write whose follow-up message may be lost is re-driven once it is this old. */
  graceSeconds: number;
  /** A question drafting longer than this is re-driven (its worker died or its message was lost). */
  draftingDeadlineSeconds: number;
  /** Questions handled per status per run, so a run fits in the function's timeout. */
  batchLimit?: number;
}

export type ReconcileReport = Record<'submitted' | 'changes_requested' | 'drafting' | 'approved', number>;

const secondsAgo = (now: Date, seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

/**
 * Finds work whose follow-up message was lost — the queue or the bus failed
 * after the DynamoDB write, or the local SQS emulator restarted — and sends
 * it again. Every consumer is idempotent, so re-sending work that was merely
 * slow costs a duplicate message and nothing else.
 */
export const reconcile = async (deps: ReconcileDeps): Promise<ReconcileReport> => {
  const now = deps.now();
  const at = now.toISOString();
  const limit = deps.batchLimit ?? 100;
  const stale = async (status: QuestionStatus, ageSeconds: number) =>
    (await deps.store.listByStatus(status, { limit, before: secondsAgo(now, ageSeconds) })).items;

  const report: ReconcileReport = { submitted: 0, changes_requested: 0, drafting: 0, approved: 0 };
  const redriveDrafts = async (
    status: 'submitted' | 'changes_requested' | 'drafting',
    ageSeconds: number,
  ) => {
    for (const question of await stale(status, ageSeconds)) {
      await deps.draftQueue.requestDraft(
        requestDraft(question.id, question.currentRevision + 1, 'reconciler', at),
      );
      report[status]++;
    }
  };
  await redriveDrafts('submitted', deps.graceSeconds);
  await redriveDrafts('changes_requested', deps.graceSeconds);
  await redriveDrafts('drafting', deps.draftingDeadlineSeconds);
  for (const question of await stale('approved', deps.graceSeconds)) {
    await deps.events.publish(reviewDecidedEvent(question, SYSTEM_ACTOR, 'approve', 'approved', at));
    report.approved++;
  }
  return report;
};
