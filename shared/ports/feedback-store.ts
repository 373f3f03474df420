import type { FeedbackReceived } from '../../events/contracts.ts';
import type { Feedback, FeedbackStatus } from '../domain/feedback.ts';
import type { AuditEntry } from '../domain/question.ts';

/** Reader feedback, with an audit entry on the question it is about for every change. */
export interface FeedbackStore {
  /** Stores new feedback and its audit entry in one write. */
  /** Stores a report with its audit entry and its `feedback.received` event, in one transaction (the outbox). */
  submit(feedback: Feedback, audit: AuditEntry, event: FeedbackReceived): Promise<void>;
  get(id: string): Promise<Feedback | undefined>;
  /** Oldest first, one Query per page. */
  list(
    status: FeedbackStatus,
    page: { limit: number; cursor?: string },
  ): Promise<{ items: Feedback[]; cursor?: string }>;
  /** The feedback on one question's article, newest first (at most `limit`). */
  listForQuestion(questionId: string, limit: number): Promise<Feedback[]>;
  /** Replaces open feedback with its resolution; false when it was no longer open. */
  resolve(resolved: Feedback, audit: AuditEntry): Promise<boolean>;
}
