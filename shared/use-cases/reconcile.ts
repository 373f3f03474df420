import { draftRequested } from '../../events/factory.ts';
import type { Question } from '../domain/question.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { QuestionStore } from '../ports/question-store.ts';

export interface ReconcileDeps {
  store: QuestionStore;
  /** Where a re-drive's draft request is announced: the outbox, whose relay routes it to the drafter. */
  events: EventPublisher;
  now: () => Date;
  /** A question drafting longer than this is re-driven: its worker died mid-draft. */
  draftingDeadlineSeconds: number;
  /** Questions handled per run, so a run fits in the function's timeout. */
  batchLimit?: number;
}

/** Questions re-driven: `submitted` ones whose wait for the generation budget is over, and dead drafts. */
export type ReconcileReport = Record<'submitted' | 'drafting', number>;

const secondsAgo = (now: Date, seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

/**
 * Re-drives what no stream can see: a draft whose worker died mid-draft
 * (`drafting` past its deadline, its claim long expired), and a question
 * that waited for the daily generation budget, once the budget resets (a
 * time passing, not a write). Every other follow-up is an event written with
 * its state change (the outbox): the draft requests of a submission, a change
 * request, an admin's retry and a re-review, approvals, publications and
 * retractions cannot be lost, so nothing else is re-sent here. The draft
 * worker is idempotent, so re-driving a draft that was merely slow costs a
 * duplicate message and nothing else.
 */
export const reconcile = async (deps: ReconcileDeps): Promise<ReconcileReport> => {
  const now = deps.now();
  const at = now.toISOString();
  const limit = deps.batchLimit ?? 100;
  const redrive = (question: Question) =>
    deps.events.publish(draftRequested(question.id, question.currentRevision + 1, 'reconciler', at));
  // A waiting question sorts by when its wait ends (the byStatus index), so this reads only those due;
  // a question merely queued for its first draft is the outbox's, not the reconciler's.
  const submitted = await deps.store.listByStatus('submitted', { limit, before: at });
  const due = submitted.items.filter((question) => question.waiting !== undefined);
  for (const question of due) await redrive(question);
  const dead = await deps.store.listByStatus('drafting', {
    limit,
    before: secondsAgo(now, deps.draftingDeadlineSeconds),
  });
  for (const question of dead.items) await redrive(question);
  return { submitted: due.length, drafting: dead.items.length };
};
