import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ReviewerNamesQueue } from '../../ports/reviewer-directory.ts';

export class SqsReviewerNamesQueue implements ReviewerNamesQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async requestRefresh(request: { reviewer: string; afterSlug?: string }): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(request) }),
    );
  }
}
