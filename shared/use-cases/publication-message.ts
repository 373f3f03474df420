import { type ReviewDecided, reviewDecidedV1 } from '../../events/contracts.ts';
import { EVENT_SOURCE } from '../../events/envelope.ts';
import * as z from '../zod.ts';

/**
 * A publication-queue message: what EventBridge's SQS target delivers for the
 * `approvalsToPublication` rule (the bus event, whose `detail` is our
 * `review.decided` envelope). The publish worker parses it with this schema.
 */
export const publicationMessageSchema = z.object({
  'detail-type': z.literal('review.decided'),
  source: z.literal(EVENT_SOURCE),
  detail: reviewDecidedV1,
});

/**
 * The body to send straight to the publication queue for an approval, in
 * the shape the bus would deliver: for the reconciler re-driving a question
 * stuck in `approved` (send it with the question's `currentRevision` and
 * `outcome: 'approved'`). Publishing is idempotent, so re-sending is safe.
 */
export const publicationMessageBody = (event: ReviewDecided): string =>
  JSON.stringify({
    version: '0',
    id: event.id,
    'detail-type': event.type,
    source: EVENT_SOURCE,
    time: event.occurredAt,
    resources: [],
    detail: event,
  });
