import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AnyEvent } from '../../events/contracts.ts';
import { busEventOf } from '../../events/envelope.ts';
import type { EventPublisher } from '../../shared/ports/event-publisher.ts';
import { bus, type QueueName } from '../resources.ts';
import { matchesPattern } from './event-pattern.ts';

/**
 * Stands in for EventBridge: evaluates the description's rules and sends
 * each matching event to the rule's queue in the shape EventBridge's SQS
 * target delivers (the envelope is the event's `detail`).
 */
export class LocalEventBus implements EventPublisher {
  /** The most recent events published, newest last; for inspection in tests. */
  readonly published: AnyEvent[] = [];
  private static readonly KEEP = 1000;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrls: Record<QueueName, string>,
    private readonly region: string,
  ) {}

  async publish(event: AnyEvent): Promise<void> {
    const busEvent = busEventOf(event, { id: randomUUID(), region: this.region });
    this.published.push(event);
    if (this.published.length > LocalEventBus.KEEP) this.published.shift();
    for (const rule of Object.values(bus.rules)) {
      if (!matchesPattern(rule.pattern, busEvent)) continue;
      await this.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrls[rule.target],
          MessageBody: JSON.stringify(busEvent),
        }),
      );
    }
  }
}
