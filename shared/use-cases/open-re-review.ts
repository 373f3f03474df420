import { draftRequested } from '../../events/factory.ts';
import { applyTransition } from '../domain/lifecycle.ts';
import type { Question } from '../domain/question.ts';
import type { QuestionStore } from '../ports/question-store.ts';

export interface OpenReReviewDeps {
  store: QuestionStore;
}

export interface ReReview {
  reason: NonNullable<Question['reviewReason']>;
  actor: string;
  /** The audit entry's action and reason: why this live article is reviewed again. */
  action: string;
  why: string;
  at: string;
  /** Other fields the re-review records on the question (the sweep's due date). */
  marks?: Partial<Question>;
}

/**
 * Opens a re-review of a live article: the question moves `published →
 * drafting` marked with its reason, in one conditional write from exactly
 * the state that was read (false when another writer moved it first), and a
 * draft of the next revision is requested from the current library, its
 * `draft.requested` written in that same write (the outbox). The live version
 * keeps serving until that revision is approved.
 */
export const openReReview = async (
  deps: OpenReReviewDeps,
  question: Question,
  reReview: ReReview,
): Promise<boolean> => {
  const marked: Question = { ...question, ...reReview.marks, reviewReason: reReview.reason };
  const { question: drafting, audit } = applyTransition(marked, 'drafting', {
    at: reReview.at,
    actor: reReview.actor,
    action: reReview.action,
    reason: reReview.why,
  });
  const events = [draftRequested(question.id, question.currentRevision + 1, reReview.reason, reReview.at)];
  return deps.store.commit({ before: question, after: drafting, audit: [audit], events });
};
