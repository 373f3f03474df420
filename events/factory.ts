import { randomUUID } from 'node:crypto';
import type { AnyEvent, DraftRequested } from './contracts.ts';

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

/**
 * Asks for a draft of a question's revision: the first draft, a regeneration, a re-review, or a
 * reconciler's re-send (`cause` says which). `id`: a stable id for a request a retried write repeats.
 */
export const draftRequested = (
  questionId: string,
  revision: number,
  cause: DraftRequested['data']['cause'],
  at: string,
  id?: string,
): DraftRequested =>
  newEvent<DraftRequested>(
    'draft.requested',
    questionId,
    { questionId, revision, cause },
    { at, ...(id ? { id } : {}) },
  );
