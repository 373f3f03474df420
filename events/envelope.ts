import type { Envelope } from '../shared/domain/event-envelope.ts';
import * as z from '../shared/zod.ts';

/** Every event on the bus carries this source. */
export const EVENT_SOURCE = 'vetted';

/** The EventBridge bus integrators subscribe to (infra/resources.ts creates it under this name). */
export const EVENT_BUS_NAME = 'vetted-events';

/**
 * The one envelope every event and queue message uses:
 * `{ id, type, version, occurredAt, subject, data }`. `id` is unique per
 * event and stable across redeliveries, so consumers can deduplicate on it.
 */
export const envelopeOf = <Type extends string, Data extends z.ZodMiniType>(
  type: Type,
  version: number,
  data: Data,
) =>
  z.object({
    id: z.string().check(z.minLength(1)),
    type: z.literal(type),
    version: z.literal(version),
    occurredAt: z.iso.datetime(),
    /** The entity the event is about: a question id or an article slug. */
    subject: z.string().check(z.minLength(1)),
    data,
  });

/**
 * What EventBridge's SQS target delivers for a rule: the bus event, whose `detail` is our envelope.
 * Every queue fed by a bus rule parses its messages with one of these.
 */
export const busDeliveryOf = <DetailType extends z.ZodMiniType<string>, Detail extends z.ZodMiniType>(
  detailType: DetailType,
  detail: Detail,
) => z.object({ 'detail-type': detailType, source: z.literal(EVENT_SOURCE), detail });

/**
 * The bus event EventBridge makes of an envelope (what a rule's SQS target delivers): the local bus
 * sends it, and tests put it straight on a queue. `id` is the bus event's own id (EventBridge makes a
 * new one per put); by default the envelope's.
 */
export const busEventOf = (event: Envelope, options: { id?: string; region?: string } = {}) => ({
  version: '0',
  id: options.id ?? event.id,
  'detail-type': event.type,
  source: EVENT_SOURCE,
  account: '000000000000',
  time: event.occurredAt,
  region: options.region ?? 'us-east-1',
  resources: [],
  detail: event,
});

export type { Envelope };
