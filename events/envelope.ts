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

export type { Envelope } from '../shared/domain/event-envelope.ts';
