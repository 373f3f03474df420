import { reviewDecidedV1 } from '../../events/contracts.ts';
import { busDeliveryOf } from '../../events/envelope.ts';
import * as z from '../zod.ts';

/**
 * A publication-queue message: what EventBridge's SQS target delivers for the
 * `approvalsToPublication` rule (the bus event, whose `detail` is our
 * `review.decided` envelope). The publish worker parses it with this schema.
 */
export const publicationMessageSchema = busDeliveryOf(z.literal('review.decided'), reviewDecidedV1);
