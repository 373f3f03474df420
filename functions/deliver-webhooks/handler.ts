import {
  createDocumentClient,
  createEventPublisher,
  createSqsClient,
} from '../../shared/adapters/aws-clients.ts';
import { compositionRoot } from '../../shared/composition/root.ts';
import { businessMetrics } from '../../shared/composition/services.ts';
import { webhooks } from '../../shared/composition/tables.ts';
import { webhookRetries, webhookSender } from '../../shared/composition/webhook-delivery.ts';
import { createLogger } from '../../shared/logging.ts';
import { createSqsBatchHandler } from '../../shared/messaging/sqs-batch-handler.ts';
import { webhookDeliveryMessage } from '../../shared/messaging/webhook-messages.ts';
import { webhookMetrics } from '../../shared/observability/business-metrics.ts';
import { type ClientFactories, lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { deliverBusEvent, deliverRetry } from '../../shared/use-cases/deliver-webhooks.ts';

/** The SDK clients this function uses: the webhooks table, its own queue (retries), the bus (admin events). */
export const platformClients: ClientFactories<'dynamo' | 'sqs' | 'events'> = {
  dynamo: createDocumentClient,
  sqs: createSqsClient,
  events: createEventPublisher,
};

export const createHandler = (platform: Platform<'dynamo' | 'sqs' | 'events'>) => {
  const logger = createLogger('deliver-webhooks');
  const root = compositionRoot(platform);
  const metrics = businessMetrics(root, 'deliver-webhooks');
  const { config } = platform;
  const deps = {
    webhooks: webhooks(root),
    sender: webhookSender(root),
    retries: webhookRetries(root),
    events: platform.events,
    schedule: config.webhooks.retrySchedule,
    now: platform.now,
  };

  return createSqsBatchHandler({
    logger,
    metrics: metrics.metrics,
    schema: webhookDeliveryMessage,
    handle: async (message, _record, log) => {
      if ('kind' in message) {
        const outcome = await deliverRetry(deps, message);
        metrics.record(...webhookMetrics(outcome));
        log.info('Webhook retry handled', {
          endpointId: message.endpointId,
          eventId: message.event.id,
          attempt: message.attempt,
          outcome,
        });
        return;
      }
      const outcome = await deliverBusEvent(deps, message.detail);
      for (const attempt of outcome.attempts) metrics.record(...webhookMetrics(attempt));
      if (outcome.attempts.length > 0)
        log.info('Webhook event offered', { eventId: message.detail.id, ...outcome });
    },
  });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform(platformClients)));
