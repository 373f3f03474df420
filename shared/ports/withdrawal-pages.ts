import { sourceWithdrawnV1 } from '../../events/contracts.ts';
import { busDeliveryOf } from '../../events/envelope.ts';
import * as z from '../zod.ts';

/**
 * A source-withdrawals message: the bus's `source.withdrawn` delivery (EventBridge's SQS target shape),
 * or the same body with `after`, the slug after which the next page of citing articles starts.
 */
export const withdrawalMessageSchema = z.extend(
  busDeliveryOf(z.literal('source.withdrawn'), sourceWithdrawnV1),
  { after: z.optional(z.string()) },
);
export type WithdrawalMessage = z.infer<typeof withdrawalMessageSchema>;

/** Sends the message for the next page (the worker's own queue). */
export interface WithdrawalPages {
  continueAfter(message: WithdrawalMessage): Promise<void>;
}
