import {
  FEEDBACK_KINDS,
  FEEDBACK_LIMITS,
  FEEDBACK_RESOLUTIONS,
  FEEDBACK_STATUSES,
} from '../../../domain/feedback.ts';
import * as z from '../../../zod.ts';
import type { AreaQueries, AreaRequestBodies } from '../operation-contract.ts';
import { freeText, integerParam } from './parts.ts';

/** Reader feedback: a reader's report, the reviewers' list filters and their resolution. The requests half of ../feedback.ts, so a handler bundles no response schemas. */

export const feedbackBody = z.strictObject({
  kind: z.enum(FEEDBACK_KINDS, `must be one of ${FEEDBACK_KINDS.join(', ')}`),
  message: freeText('multiline').check(
    z.trim(),
    z.minLength(FEEDBACK_LIMITS.messageMin, `must be at least ${FEEDBACK_LIMITS.messageMin} characters`),
    z.maxLength(FEEDBACK_LIMITS.messageMax, `must be at most ${FEEDBACK_LIMITS.messageMax} characters`),
    z.meta({ description: 'What is wrong, in the reader’s words; never published' }),
  ),
  contact: z.optional(
    freeText('line').check(
      z.trim(),
      z.maxLength(FEEDBACK_LIMITS.contact, `must be at most ${FEEDBACK_LIMITS.contact} characters`),
      z.meta({ description: 'How a reviewer may reach you (optional); reviewers only' }),
    ),
  ),
});

export const feedbackQuery = z.strictObject({
  status: z._default(z.enum(FEEDBACK_STATUSES), 'open'),
  questionId: z.optional(
    z.uuid().check(
      z.meta({
        description:
          "Only the feedback on this question's article, newest first: its `limit` latest reports, filtered by status",
      }),
    ),
  ),
  limit: integerParam(1, 100, 20),
  cursor: z.optional(z.string()),
});

export const feedbackResolutionBody = z.strictObject({
  resolution: z.enum(FEEDBACK_RESOLUTIONS, `must be one of ${FEEDBACK_RESOLUTIONS.join(', ')}`),
  note: freeText('multiline').check(
    z.trim(),
    z.minLength(1, 'must not be blank'),
    z.maxLength(FEEDBACK_LIMITS.note, `must be at most ${FEEDBACK_LIMITS.note} characters`),
  ),
});

export const requestBodies = {
  'POST /v1/articles/{slug}/feedback': feedbackBody,
  'POST /v1/review/feedback/{id}/resolution': feedbackResolutionBody,
} satisfies AreaRequestBodies;
export const queries = { 'GET /v1/review/feedback': feedbackQuery } satisfies AreaQueries;
