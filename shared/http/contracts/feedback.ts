import { FEEDBACK_KINDS, FEEDBACK_RESOLUTIONS, FEEDBACK_STATUSES } from '../../domain/feedback.ts';
import * as z from '../../zod.ts';
import type { AreaOperations } from './operation-contract.ts';
import { cursorPage, isoTime, named, slug } from './response-parts.ts';

/** Reader feedback: a reader's report on an article, and the reviewers' list and resolution of it. */

// Its routes' request schemas (what handlers parse) are in ./requests/feedback.ts: apart, so no handler
// bundles response schemas.

export const feedbackReceiptSchema = named(
  'FeedbackReceipt',
  'Your feedback was received; reviewers read it (it is never published)',
  z.object({ id: z.string(), status: z.literal('received'), receivedAt: isoTime }),
);

export const feedbackSchema = named(
  'Feedback',
  'Reader feedback on an article version (reviewers only)',
  z.object({
    id: z.string(),
    slug,
    questionId: z.string(),
    version: z.int().check(z.positive()),
    kind: z.enum(FEEDBACK_KINDS),
    message: z.string(),
    contact: z.optional(z.string()),
    status: z.enum(FEEDBACK_STATUSES),
    receivedAt: isoTime,
    resolution: z.optional(z.enum(FEEDBACK_RESOLUTIONS)),
    note: z.optional(z.string()),
    resolvedBy: z.optional(z.string()),
    resolvedAt: z.optional(isoTime),
  }),
);

export const feedbackListSchema = named(
  'FeedbackList',
  'Reader feedback, oldest first',
  cursorPage(feedbackSchema),
);

const feedbackExample = {
  id: '3e9f5b2a-6c1d-4e8f-9a0b-7c2d1e4f5a6b',
  slug: 'measuring-blood-pressure-at-home',
  questionId: '5b0e8a52-8f43-4f0e-9a53-3f4c1c7d2a10',
  version: 2,
  kind: 'outdated',
  message: 'The 2026 guideline changed the home reading threshold to 135/85.',
  status: 'open',
  receivedAt: '2026-12-02T09:30:00.000Z',
} satisfies z.output<typeof feedbackSchema>;

export const operations = {
  'POST /v1/articles/{slug}/feedback': {
    operationId: 'submitFeedback',
    description:
      'Tells the reviewers something is wrong with a live article (an error, outdated advice, something unclear). ' +
      'The message is stored for them and never published; the contact, if given, is shown to reviewers only. ' +
      'Anonymous, under the per-client limit on anonymous writes.',
    responses: { 202: { description: 'Received', schema: feedbackReceiptSchema } },
    example: {
      id: feedbackExample.id,
      status: 'received',
      receivedAt: feedbackExample.receivedAt,
    } satisfies z.output<typeof feedbackReceiptSchema>,
  },
  'GET /v1/review/feedback': {
    operationId: 'listFeedback',
    description:
      'Reader feedback by status (`open` by default), oldest first, with the article version it was about.',
    responses: { 200: { description: 'A page of feedback', schema: feedbackListSchema } },
    example: { items: [feedbackExample], nextCursor: null } satisfies z.output<typeof feedbackListSchema>,
  },
  'POST /v1/review/feedback/{id}/resolution': {
    operationId: 'resolveFeedback',
    description:
      'Resolves open feedback with a note, audited on the question: `fixed` (the article was corrected), ' +
      '`no_change`, or `re_review`: a new revision of the article, drafted from the current library, goes to the ' +
      'review queue marked `reader_feedback` while the live version keeps serving. Feedback already resolved, or a ' +
      '`re_review` of an article with a revision already under way, is 409.',
    responses: { 200: { description: 'Resolved', schema: feedbackSchema } },
    problems: [409],
    example: {
      ...feedbackExample,
      status: 'resolved',
      resolution: 'fixed',
      note: 'Dose corrected in version 3',
      resolvedBy: 'alice',
      resolvedAt: '2026-12-02T15:00:00.000Z',
    } satisfies z.output<typeof feedbackSchema>,
  },
} satisfies AreaOperations;
