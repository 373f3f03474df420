/**
 * Webhook delivery's ports (deliver-webhooks), built once per composition root (root.ts). In a file
 * of their own: the signing library is CommonJS, which esbuild cannot drop when unused, so only the
 * function that delivers carries it.
 */
import { SqsWebhookRetryQueue } from '../adapters/sqs/sqs-webhook-retry-queue.ts';
import { HttpWebhookSender } from '../adapters/webhooks/http-sender.ts';
import { type CompositionRoot, once } from './root.ts';

/** Posts events to registered endpoints, within the configured target policy. */
export function webhookSender(root: CompositionRoot<never>) {
  return once(root, 'webhookSender', () => new HttpWebhookSender(root.platform.config.webhooks.targets));
}

/** Webhook deliveries to retry later. */
export function webhookRetries(root: CompositionRoot<'sqs'>) {
  const { sqs, config } = root.platform;
  return once(root, 'webhookRetries', () => new SqsWebhookRetryQueue(sqs, config.queues.webhookDeliveries));
}
