import { randomUUID } from 'node:crypto';
import type { AnyEvent } from './contracts.ts';

/** Builds an envelope; `id` may be given to make redeliveries of one logical event share it. */
export const newEvent = <E extends AnyEvent>(
  type: E['type'],
  subject: string,
  data: E['data'],
  options: { at: string; id?: string },
): E =>
  ({
    id: options.id ?? randomUUID(),
    type,
    version: 1,
    occurredAt: options.at,
    subject,
    data,
  }) as E;
