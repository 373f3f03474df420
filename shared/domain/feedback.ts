/** Reader feedback on a published article: kept for reviewers, never published. Pure. */

export const FEEDBACK_KINDS = ['error', 'outdated', 'unclear', 'other'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export const FEEDBACK_STATUSES = ['open', 'resolved'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** `fixed`: the article was corrected; `no_change`: nothing to change; `re_review`: a new revision goes to review. */
export const FEEDBACK_RESOLUTIONS = ['fixed', 'no_change', 're_review'] as const;
export type FeedbackResolution = (typeof FEEDBACK_RESOLUTIONS)[number];

export const FEEDBACK_LIMITS = { messageMin: 10, messageMax: 2000, contact: 200, note: 2000 } as const;

export interface Feedback {
  id: string;
  /** The article and the version the reader was reading. */
  slug: string;
  questionId: string;
  version: number;
  kind: FeedbackKind;
  message: string;
  /** How to reach the reader, if they gave one: reviewers only. */
  contact?: string;
  status: FeedbackStatus;
  receivedAt: string;
  resolution?: FeedbackResolution;
  note?: string;
  resolvedBy?: string;
  resolvedAt?: string;
}
