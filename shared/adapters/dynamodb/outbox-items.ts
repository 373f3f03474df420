import type { AnyEvent } from '../../../events/contracts.ts';

/** How long an outbox item outlives its delivery: long past the stream's 24-hour retention. */
const OUTBOX_TTL_SECONDS = 7 * 24 * 60 * 60;

/** The outbox attribute holding the envelope, as JSON text (the relay puts exactly this on the bus). */
export const OUTBOX_ENVELOPE_ATTRIBUTE = 'envelope';

/**
 * One event of a state change, as a Put of the same TransactWriteItems: keyed by the envelope id, so
 * a state change written again (a redelivered message) writes the same item and its stream has no new
 * INSERT. Unconditional on purpose: a condition here could only cancel the state change it rides with.
 */
export const outboxPut = (tableName: string, event: AnyEvent) => ({
  Put: {
    TableName: tableName,
    Item: {
      pk: `EVENT#${event.id}`,
      sk: 'EVENT',
      type: event.type,
      subject: event.subject,
      [OUTBOX_ENVELOPE_ATTRIBUTE]: JSON.stringify(event),
      expiresAt: Math.floor(Date.parse(event.occurredAt) / 1000) + OUTBOX_TTL_SECONDS,
    },
  },
});

/** The Puts of a change's events; a change with events and no outbox table configured is a wiring bug. */
export const outboxPuts = (tableName: string | undefined, events: readonly AnyEvent[] = []) => {
  if (events.length === 0) return [];
  if (!tableName) throw new Error('Events were given, but this adapter has no outbox table');
  return events.map((event) => outboxPut(tableName, event));
};
