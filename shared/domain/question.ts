/** The question aggregate: pure types and rules, no AWS imports. */
import type { ReviewReason } from './review-cycle.ts';

export const QUESTION_STATUSES = [
  'submitted',
  'drafting',
  'in_review',
  'changes_requested',
  'approved',
  'published',
  'rejected',
  'failed',
  'retracted',
] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

export const AUDIENCES = ['clinician', 'patient'] as const;
export type Audience = (typeof AUDIENCES)[number];

export interface TimelineEntry {
  status: QuestionStatus;
  at: string;
}

/** One line of a question's audit trail: every state change, by API or worker. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  from?: QuestionStatus;
  to?: QuestionStatus;
  revision?: number;
  reason?: string;
}

export interface Question {
  id: string;
  /** Verbatim as asked. */
  question: string;
  audience: Audience;
  status: QuestionStatus;
  followUpOf?: string;
  timeline: TimelineEntry[];
  /** The newest draft revision, 0 before the first draft. */
  currentRevision: number;
  articleSlug?: string;
  failureReason?: string;
  /**
   * Drafting waits for the daily generation budget: the public reason and when it may resume. Only a
   * `submitted` question carries it; any status change clears it.
   */
  waiting?: { reason: string; until: string };
  /** While drafting: which delivery of the draft request is generating, since when. */
  draftClaim?: { by: string; at: string };
  /**
   * Why the review under way was opened, when not by the question itself: `scheduled_re_review`
   * from the review sweep. Cleared when the question settles again (published or retracted).
   */
  reviewReason?: Extract<ReviewReason, 'scheduled_re_review' | 'reader_feedback' | 'source_withdrawn'>;
  /**
   * Library sources the review under way offers its drafts as evidence whatever retrieval ranks:
   * the successor of the withdrawn source that opened it. Cleared with `reviewReason`.
   */
  reviewEvidence?: string[];
  /** The `nextReviewDue` of the live version whose scheduled re-review was opened last: one per due date. */
  scheduledReviewFor?: string;
  createdAt: string;
  updatedAt: string;
}

/** The actor recorded for changes made by workers rather than people. */
export const SYSTEM_ACTOR = 'system';
