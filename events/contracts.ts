import { AUDIENCES } from '../shared/domain/question.ts';
import * as z from '../shared/zod.ts';
import { envelopeOf } from './envelope.ts';

/** Event contracts, one schema per type and version. Add a new version beside an old one; never edit in place. */

const audience = z.enum(AUDIENCES);

export const questionSubmittedV1 = envelopeOf(
  'question.submitted',
  1,
  z.object({
    questionId: z.string(),
    question: z.string(),
    audience,
    followUpOf: z.optional(z.string()),
  }),
);

/** The draft-requests queue message: produce revision `revision` of a question's draft. */
export const draftRequestedV1 = envelopeOf(
  'draft.requested',
  1,
  z.object({
    questionId: z.string(),
    revision: z.int().check(z.positive()),
    cause: z.enum([
      'submitted',
      'changes_requested',
      'retry',
      'reconciler',
      'scheduled_re_review',
      'reader_feedback',
      'source_withdrawn',
    ]),
  }),
);

export const draftGeneratedV1 = envelopeOf(
  'draft.generated',
  1,
  z.object({
    questionId: z.string(),
    revision: z.int().check(z.positive()),
    adapter: z.string(),
    flags: z.array(z.string()),
  }),
);

/** Drafting gave up on a question (unusable output, or every attempt failed): an admin may retry it. */
export const questionFailedV1 = envelopeOf(
  'question.failed',
  1,
  z.object({
    questionId: z.string(),
    revision: z.int().check(z.positive()),
    /** The public reason, as the status view shows it. */
    reason: z.string(),
  }),
);

export const reviewDecidedV1 = envelopeOf(
  'review.decided',
  1,
  z.object({
    questionId: z.string(),
    revision: z.int().check(z.positive()),
    reviewer: z.string(),
    decision: z.enum(['approve', 'reject', 'request_changes']),
    /** `approved` once the revision has its required approvals; the publication rule matches on it. */
    outcome: z.enum(['pending', 'approved', 'rejected', 'changes_requested']),
  }),
);

export const articlePublishedV1 = envelopeOf(
  'article.published',
  1,
  z.object({
    questionId: z.string(),
    slug: z.string(),
    version: z.int().check(z.positive()),
    revision: z.int().check(z.positive()),
  }),
);

/**
 * An admin retracted a live article: the question is `retracted`, nothing in flight republishes it, and the
 * propagation worker drops it from the articles that list it.
 */
export const articleRetractedV1 = envelopeOf(
  'article.retracted',
  1,
  z.object({
    questionId: z.string(),
    slug: z.string(),
    version: z.int().check(z.positive()),
    revision: z.int().check(z.positive()),
    reason: z.string().check(z.minLength(1)),
  }),
);

/** An outbound webhook endpoint failed for a day and no longer receives deliveries: an admin should look. */
export const webhookDisabledV1 = envelopeOf(
  'webhook.disabled',
  1,
  z.object({
    endpointId: z.string(),
    url: z.string(),
    failingSince: z.iso.datetime(),
  }),
);

/** A reader reported a problem with a published article; reviewers triage it (GET /v1/review/feedback). */
export const feedbackReceivedV1 = envelopeOf(
  'feedback.received',
  1,
  z.object({
    feedbackId: z.string(),
    slug: z.string(),
    questionId: z.string(),
    version: z.int().check(z.positive()),
    kind: z.enum(['error', 'outdated', 'unclear', 'other']),
    /** The reader's words; their contact details never leave the review API. */
    message: z.string(),
  }),
);

/**
 * An admin withdrew a library source (optionally superseded by another): every live article citing it
 * gets a notice and a re-review (the source-withdrawals queue). Announced again, with the same id, when
 * the withdrawal is repeated or a publication raced it; its consumer is idempotent.
 */
export const sourceWithdrawnV1 = envelopeOf(
  'source.withdrawn',
  1,
  z.object({
    sourceId: z.string(),
    reason: z.string(),
    supersededBy: z.optional(z.string()),
    withdrawnAt: z.iso.datetime(),
    /** Who withdrew it (the admin's token subject). */
    withdrawnBy: z.string(),
  }),
);

export const eventContracts = {
  'question.submitted': questionSubmittedV1,
  'draft.requested': draftRequestedV1,
  'draft.generated': draftGeneratedV1,
  'question.failed': questionFailedV1,
  'review.decided': reviewDecidedV1,
  'article.published': articlePublishedV1,
  'article.retracted': articleRetractedV1,
  'webhook.disabled': webhookDisabledV1,
  'feedback.received': feedbackReceivedV1,
  'source.withdrawn': sourceWithdrawnV1,
} as const;

export type EventType = keyof typeof eventContracts;
export type QuestionSubmitted = z.infer<typeof questionSubmittedV1>;
export type DraftRequested = z.infer<typeof draftRequestedV1>;
export type DraftGenerated = z.infer<typeof draftGeneratedV1>;
export type QuestionFailed = z.infer<typeof questionFailedV1>;
export type ReviewDecided = z.infer<typeof reviewDecidedV1>;
export type ArticlePublished = z.infer<typeof articlePublishedV1>;
export type ArticleRetracted = z.infer<typeof articleRetractedV1>;
export type WebhookDisabled = z.infer<typeof webhookDisabledV1>;
export type FeedbackReceived = z.infer<typeof feedbackReceivedV1>;
export type SourceWithdrawn = z.infer<typeof sourceWithdrawnV1>;
export type AnyEvent =
  | QuestionSubmitted
  | DraftRequested
  | DraftGenerated
  | QuestionFailed
  | ReviewDecided
  | ArticlePublished
  | ArticleRetracted
  | WebhookDisabled
  | FeedbackReceived
  | SourceWithdrawn;

/** JSON Schema of every contract, for consumers outside this codebase. */
export const eventJsonSchemas = (): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(eventContracts).map(([type, schema]) => [`${type}.v1`, z.toJSONSchema(schema)]),
  );
