import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WithdrawalMessage, WithdrawalPages } from '../../ports/withdrawal-pages.ts';

/** The next page of a withdrawal's fan-out, on the source-withdrawals queue. */
export class SqsWithdrawalPages implements WithdrawalPages {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async continueAfter(message: WithdrawalMessage): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) }),
    );
  }
}
