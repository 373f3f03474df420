import { WEBHOOK_EVENT_TYPES } from '../../../domain/webhook.ts';
import * as z from '../../../zod.ts';
import type { AreaQueries, AreaRequestBodies } from '../operation-contract.ts';
import { freeText, integerParam } from './parts.ts';

/** Outbound webhooks: an endpoint's registration, and a page of its deliveries. The requests half of ../webhooks.ts, so a handler bundles no response schemas. */

export const webhookBody = z.strictObject({
  url: z
    .string({ message: 'is required' })
    .check(
      z.maxLength(2000, 'must be at most 2000 characters'),
      z.meta({ description: 'Where deliveries are POSTed: https (http to 127.0.0.1 in the local runtime)' }),
    ),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES, `each must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`))
    .check(z.minLength(1, 'must name at least one event type'), z.maxLength(WEBHOOK_EVENT_TYPES.length * 2)),
  description: z.optional(
    freeText('line').check(z.trim(), z.maxLength(200, 'must be at most 200 characters')),
  ),
});

export const webhookDeliveriesQuery = z.strictObject({ limit: integerParam(1, 100, 20) });

export const requestBodies = { 'POST /v1/admin/webhooks': webhookBody } satisfies AreaRequestBodies;
export const queries = {
  'GET /v1/admin/webhooks/{id}/deliveries': webhookDeliveriesQuery,
} satisfies AreaQueries;
