import { WEBHOOK_EVENT_TYPES } from '../../domain/webhook.ts';
import * as z from '../../zod.ts';
import type { AreaOperations } from './operation-contract.ts';
import { isoTime, named } from './response-parts.ts';

/** Outbound webhooks (admins): endpoints, their deliveries, secret rotation. */

// Its routes' request schemas (what handlers parse) are in ./requests/webhooks.ts: apart, so no handler
// bundles response schemas.

const webhookEndpointFields = {
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  description: z.optional(z.string()),
  status: z.enum(['active', 'disabled']),
  createdAt: isoTime,
  failingSince: z.optional(isoTime),
  disabledAt: z.optional(isoTime),
};

export const webhookEndpointSchema = named(
  'WebhookEndpoint',
  'A webhook endpoint (its secret is never shown again after creation)',
  z.object(webhookEndpointFields),
);

export const createdWebhookSchema = named(
  'CreatedWebhook',
  'A new webhook endpoint and its signing secret, shown this once (Standard Webhooks `whsec_` form)',
  z.object({ ...webhookEndpointFields, secret: z.string() }),
);

export const webhookEndpointsSchema = named(
  'WebhookEndpoints',
  'Every webhook endpoint, oldest first',
  z.object({ items: z.array(webhookEndpointSchema) }),
);

export const webhookDeliveriesSchema = named(
  'WebhookDeliveries',
  'Recent delivery attempts, newest first (kept 7 days)',
  z.object({
    items: z.array(
      z.object({
        endpointId: z.string(),
        eventId: z.string(),
        eventType: z.enum(WEBHOOK_EVENT_TYPES),
        attempt: z.int().check(z.positive()),
        attemptedAt: isoTime,
        statusCode: z.optional(z.int()),
        error: z.optional(z.string()),
        durationMs: z.int().check(z.nonnegative()),
        nextAttemptAt: z.optional(isoTime),
      }),
    ),
  }),
);

export const webhookRotationSchema = named(
  'WebhookRotation',
  'The new signing secret, shown this once; the previous one also signs until `previousSecretExpiresAt`',
  z.object({ id: z.string(), secret: z.string(), previousSecretExpiresAt: isoTime }),
);

const webhookExample = {
  id: '9d3c1b8e-2f6a-4f1e-8a57-6c1d2e3f4a5b',
  url: 'https://hooks.example.org/vetted',
  events: ['article.published', 'article.revised', 'article.retracted'],
  description: 'Rebuild the static site',
  status: 'active',
  createdAt: '2026-12-01T09:00:00.000Z',
} satisfies z.output<typeof webhookEndpointsSchema>['items'][number];

export const operations = {
  'POST /v1/admin/webhooks': {
    operationId: 'registerWebhook',
    description:
      'Registers an endpoint for the event types it names. Deliveries are POSTed signed per Standard Webhooks ' +
      '(`webhook-id`, `webhook-timestamp`, `webhook-signature`) with the secret in this answer, which is never shown ' +
      'again. In AWS the URL must be https to a public host; a URL that is not is 400. 409 past 50 endpoints.',
    responses: { 201: { description: 'Registered', schema: createdWebhookSchema } },
    problems: [409],
    example: {
      ...webhookExample,
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    } satisfies z.output<typeof createdWebhookSchema>,
  },
  'GET /v1/admin/webhooks': {
    operationId: 'listWebhooks',
    description: 'Every webhook endpoint with its health; secrets are never listed.',
    responses: { 200: { description: 'The endpoints', schema: webhookEndpointsSchema } },
    example: { items: [webhookExample] } satisfies z.output<typeof webhookEndpointsSchema>,
  },
  'GET /v1/admin/webhooks/{id}/deliveries': {
    operationId: 'listWebhookDeliveries',
    description:
      'Recent delivery attempts to an endpoint, newest first: the event, the status code or error, the duration ' +
      'and when the next attempt is due. A retry carries the same `webhook-id` (the event id).',
    responses: { 200: { description: 'Recent attempts', schema: webhookDeliveriesSchema } },
    example: {
      items: [
        {
          endpointId: webhookExample.id,
          eventId: '0b7c9f7e-7d0c-4c55-9d0e-1f3f5d0f2a11',
          eventType: 'article.published',
          attempt: 2,
          attemptedAt: '2026-12-02T10:00:05.000Z',
          statusCode: 200,
          durationMs: 84,
        },
        {
          endpointId: webhookExample.id,
          eventId: '0b7c9f7e-7d0c-4c55-9d0e-1f3f5d0f2a11',
          eventType: 'article.published',
          attempt: 1,
          attemptedAt: '2026-12-02T10:00:00.000Z',
          statusCode: 503,
          durationMs: 112,
          nextAttemptAt: '2026-12-02T10:00:05.000Z',
        },
      ],
    } satisfies z.output<typeof webhookDeliveriesSchema>,
  },
  'POST /v1/admin/webhooks/{id}/rotation': {
    operationId: 'rotateWebhookSecret',
    description:
      'A new signing secret, shown this once. For a day both the new and the previous secret sign every ' +
      'delivery (two `v1,` signatures), so receivers can switch without missing one.',
    responses: { 200: { description: 'Rotated', schema: webhookRotationSchema } },
    example: {
      id: webhookExample.id,
      secret: 'whsec_Q2hhbmdlZCBzZWNyZXQgZm9yIHRoZSBkb2Nz',
      previousSecretExpiresAt: '2026-12-03T10:00:00.000Z',
    } satisfies z.output<typeof webhookRotationSchema>,
  },
  'DELETE /v1/admin/webhooks/{id}': {
    operationId: 'deleteWebhook',
    description: 'Deletes an endpoint: no further attempt is made, queued retries included.',
    responses: { 204: { description: 'Deleted' } },
    example: undefined,
  },
} satisfies AreaOperations;
