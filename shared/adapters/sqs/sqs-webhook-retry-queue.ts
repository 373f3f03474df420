import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WebhookRetry, WebhookRetryQueue } from '../../ports/webhooks.ts';

/** Later attempts go back on the deliveries queue, delayed (SQS allows up to 900 s). */
export class SqsWebhookRetryQueue implements WebhookRetryQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async schedule(retry: WebhookRetry, delaySeconds: number): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(retry),
        DelaySeconds: delaySeconds,
      }),
    );
  }
}
