import type { AnyEvent } from '../../events/contracts.ts';

/** One record of the outbox table's stream, as the relay sees it. */
export interface OutboxRecord {
  /** The stream's sequence number: what a partial batch failure names. */
  sequenceNumber: string;
  /** The envelope of an inserted outbox item; undefined for anything else (TTL removals, modifications). */
  event?: AnyEvent;
}
