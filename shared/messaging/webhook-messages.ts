import { busDeliveryOf } from '../../events/envelope.ts';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhook.ts';
import * as z from '../zod.ts';

/** Any envelope on the bus: the delivery worker forwards it as it is, so it does not re-validate its data. */
const anyEnvelope = z.object({
  id: z.string().check(z.minLength(1)),
  type: z.string().check(z.minLength(1)),
  version: z.int().check(z.positive()),
  occurredAt: z.iso.datetime(),
  subject: z.string().check(z.minLength(1)),
  data: z.record(z.string(), z.unknown()),
});

/** What the webhook-deliveries queue carries: a bus event from the rule, or a later attempt the worker queued. */
export const webhookDeliveryMessage = z.union([
  z.object({
    kind: z.literal('webhook.retry'),
    endpointId: z.string().check(z.minLength(1)),
    attempt: z.int().check(z.gte(2)),
    notBefore: z.iso.datetime(),
    event: z.extend(anyEnvelope, { type: z.enum(WEBHOOK_EVENT_TYPES) }),
  }),
  busDeliveryOf(z.string(), anyEnvelope),
]);
