import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { AnyEvent } from '../../../events/contracts.ts';
import { EVENT_SOURCE } from '../../../events/envelope.ts';
import type { EventPublisher } from '../../ports/event-publisher.ts';

/** Puts envelopes on the bus: detail-type is the event type, detail the whole envelope. */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(event: AnyEvent): Promise<void> {
    const result = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: EVENT_SOURCE,
            DetailType: event.type,
            Detail: JSON.stringify(event),
            Time: new Date(event.occurredAt),
          },
        ],
      }),
    );
    // PutEvents reports per-entry failures in a 200 response; treat them as errors.
    if (result.FailedEntryCount) {
      throw new Error(`EventBridge rejected ${event.type}: ${result.Entries?.[0]?.ErrorCode ?? 'unknown'}`);
    }
  }
}
