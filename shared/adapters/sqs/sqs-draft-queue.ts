import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DraftRequested } from '../../../events/contracts.ts';
import type { DraftQueue } from '../../ports/draft-queue.ts';

export class SqsDraftQueue implements DraftQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async requestDraft(message: DraftRequested): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        MessageAttributes: { type: { DataType: 'String', StringValue: message.type } },
      }),
    );
  }
}
