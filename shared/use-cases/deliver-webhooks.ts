/**
 * Delivery of bus events to webhook endpoints, at least once. A bus event is
 * offered to every active endpoint subscribed to its type (first attempts in
 * parallel); a failed attempt is scheduled again on the retry schedule with
 * the same `webhook-id`; after the last one the delivery is dead-lettered,
 * and an endpoint that has failed for a day is disabled (`webhook.disabled`).
 */

import type { WebhookDisabled } from '../../events/contracts.ts';
import type { Envelope } from '../../events/envelope.ts';
import { newEvent } from '../../events/factory.ts';
import {
  type DeliveryAttempt,
  failingTooLong,
  retryDelaySeconds,
  type StoredWebhookEndpoint,
  signingSecrets,
  type WebhookEvent,
  webhookTypeOf,
} from '../domain/webhook.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type {
  EndpointHealth,
  WebhookRetry,
  WebhookRetryQueue,
  WebhookSender,
  WebhookStore,
} from '../ports/webhooks.ts';

/** SQS delays a message at most this long; a later attempt is re-queued until it is due. */
const MAX_QUEUE_DELAY_S = 900;

export interface DeliveryDeps {
  webhooks: WebhookStore;
  sender: WebhookSender;
  retries: WebhookRetryQueue;
  events: EventPublisher;
  /** Seconds between attempts (WEBHOOK_RETRY_SCHEDULE_S). */
  schedule: readonly number[];
  now: () => Date;
  random?: () => number;
}

/** What became of one attempt. */
export type AttemptOutcome = 'delivered' | 'retrying' | 'dead-lettered' | 'disabled';

export interface FanOutOutcome {
  type?: string;
  attempts: AttemptOutcome[];
}

/** A bus event, offered to each subscribed endpoint. */
export async function deliverBusEvent(deps: DeliveryDeps, event: Envelope): Promise<FanOutOutcome> {
  const type = webhookTypeOf(event);
  if (!type) return { attempts: [] };
  const webhookEvent: WebhookEvent = { ...event, type };
  const endpoints = (await deps.webhooks.list()).filter(
    (endpoint) => endpoint.status === 'active' && endpoint.events.includes(type),
  );
  const attempts = await Promise.all(endpoints.map((endpoint) => attempt(deps, endpoint, webhookEvent, 1)));
  return { type, attempts };
}

/** A later attempt; one that is not due yet waits again (the queue's delay is capped). */
export async function deliverRetry(
  deps: DeliveryDeps,
  retry: WebhookRetry,
): Promise<AttemptOutcome | 'waiting' | 'endpoint-gone'> {
  const wait = Math.ceil((Date.parse(retry.notBefore) - deps.now().getTime()) / 1000);
  if (wait > 0) {
    await deps.retries.schedule(retry, Math.min(wait, MAX_QUEUE_DELAY_S));
    return 'waiting';
  }
  const endpoint = await deps.webhooks.get(retry.endpointId);
  // Deleted or disabled since: the delivery ends here.
  if (endpoint?.status !== 'active') return 'endpoint-gone';
  return attempt(deps, endpoint, retry.event, retry.attempt);
}

async function attempt(
  deps: DeliveryDeps,
  endpoint: StoredWebhookEndpoint,
  event: WebhookEvent,
  number: number,
): Promise<AttemptOutcome> {
  const at = deps.now();
  const result = await deps.sender.send({
    url: endpoint.url,
    event,
    secrets: signingSecrets(endpoint.secrets, at),
    at,
  });
  const delivered = 'statusCode' in result && result.statusCode >= 200 && result.statusCode < 300;
  const record: DeliveryAttempt = {
    endpointId: endpoint.id,
    eventId: event.id,
    eventType: event.type,
    attempt: number,
    attemptedAt: at.toISOString(),
    durationMs: result.durationMs,
    ...('statusCode' in result ? { statusCode: result.statusCode } : { error: result.error }),
  };
  if (delivered) {
    await deps.webhooks.recordAttempt(record, { kind: 'healthy' });
    return 'delivered';
  }
  const failingSince = endpoint.failingSince ?? record.attemptedAt;
  const disable = failingTooLong(failingSince, at);
  const delay = disable ? undefined : retryDelaySeconds(deps.schedule, number, deps.random);
  const next = delay === undefined ? undefined : new Date(at.getTime() + delay * 1000).toISOString();
  const health: EndpointHealth = disable
    ? { kind: 'disabled', since: failingSince, at: record.attemptedAt }
    : { kind: 'failing', since: failingSince };
  await deps.webhooks.recordAttempt({ ...record, ...(next ? { nextAttemptAt: next } : {}) }, health);
  if (next && delay !== undefined) {
    await deps.retries.schedule(
      { kind: 'webhook.retry', endpointId: endpoint.id, attempt: number + 1, notBefore: next, event },
      Math.min(delay, MAX_QUEUE_DELAY_S),
    );
  } else {
    await deps.webhooks.deadLetter(record, event);
  }
  if (disable && endpoint.status === 'active') {
    await deps.events.publish(
      newEvent<WebhookDisabled>(
        'webhook.disabled',
        endpoint.id,
        { endpointId: endpoint.id, url: endpoint.url, failingSince },
        // One logical event per disabling, however often this attempt is redelivered.
        { at: record.attemptedAt, id: `webhook-disabled-${endpoint.id}-${failingSince}` },
      ),
    );
  }
  return disable ? 'disabled' : next ? 'retrying' : 'dead-lettered';
}
