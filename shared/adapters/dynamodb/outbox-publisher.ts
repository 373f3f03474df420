import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AnyEvent } from '../../../events/contracts.ts';
import type { EventPublisher } from '../../ports/event-publisher.ts';
import { outboxPut } from './outbox-items.ts';

/**
 * An event on its own, written to the outbox table (the relay puts it on the bus from the stream): for
 * the few announcements that follow a state change a retry repeats, such as `source.withdrawn`, which
 * a repeated withdrawal or a redelivered publication announces again under the same id.
 */
export class DynamoOutboxPublisher implements EventPublisher {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly outboxTable: string,
  ) {}

  async publish(event: AnyEvent): Promise<void> {
    await this.client.send(new PutCommand(outboxPut(this.outboxTable, event).Put));
  }
}
