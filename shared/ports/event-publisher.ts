import type { AnyEvent } from '../../events/contracts.ts';

/** The event bus. Publishing is at-least-once; consumers deduplicate on the envelope id. */
export interface EventPublisher {
  publish(event: AnyEvent): Promise<void>;
}
