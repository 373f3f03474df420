import type { AnyEvent } from '../../../events/contracts.ts';
import type { OutboxRecord } from '../../ports/outbox-record.ts';
import { OUTBOX_ENVELOPE_ATTRIBUTE } from './outbox-items.ts';

/**
 * A DynamoDB Streams record as both Lambda's event and the Streams API's
 * GetRecords deliver it (only the fields the relay reads).
 */
export interface StreamRecordLike {
  eventName?: string;
  dynamodb?: {
    SequenceNumber?: string;
    NewImage?: Record<string, { S?: string } | undefined>;
  };
}

/** The relay's view of a stream record: only INSERTs carry an event (TTL expiry REMOVEs do not). */
export const toOutboxRecord = (record: StreamRecordLike): OutboxRecord => {
  const sequenceNumber = record.dynamodb?.SequenceNumber ?? '';
  const envelope = record.dynamodb?.NewImage?.[OUTBOX_ENVELOPE_ATTRIBUTE]?.S;
  if (record.eventName !== 'INSERT' || envelope === undefined) return { sequenceNumber };
  return { sequenceNumber, event: JSON.parse(envelope) as AnyEvent };
};
