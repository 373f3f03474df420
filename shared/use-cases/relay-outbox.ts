import type { AnyEvent } from '../../events/contracts.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { OutboxRecord } from '../ports/outbox-record.ts';

export interface RelayResult {
  delivered: number;
  /** The first record not delivered: the stream resumes there, so this and every later record come again. */
  failedAt?: string;
}

/**
 * Puts the outbox's new events on the bus, in stream order. On the first
 * failure it stops and names that record: a stream shard is ordered, so the
 * records after it wait for it (Lambda's partial batch response, and the
 * local reader's iterator, both resume at the named record). Delivery is
 * at-least-once; a redelivered envelope keeps its id and consumers deduplicate.
 */
export const relayOutbox = async (
  bus: EventPublisher,
  records: readonly OutboxRecord[],
  onFailure: (event: AnyEvent, error: unknown) => void = () => undefined,
): Promise<RelayResult> => {
  let delivered = 0;
  for (const record of records) {
    if (!record.event) continue;
    try {
      await bus.publish(record.event);
      delivered++;
    } catch (error) {
      onFailure(record.event, error);
      return { delivered, failedAt: record.sequenceNumber };
    }
  }
  return { delivered };
};
