import { AUDIENCES } from '../../../domain/question.ts';
import * as z from '../../../zod.ts';
import type { AreaQueries, AreaRequestBodies } from '../operation-contract.ts';
import { freeText } from './parts.ts';

/** Asking: the question body, and the audience of the asker's answer view. The requests half of ../questions.ts, so a handler bundles no response schemas. */

export const askQuestionBody = z.strictObject({
  question: freeText('paragraph').check(
    z.refine((text) => text.trim().length >= 10, 'must be at least 10 characters'),
    z.refine((text) => text.length <= 2000, 'must be at most 2000 characters'),
    z.meta({ description: 'The question, 10 to 2000 characters' }),
  ),
  audience: z._default(z.enum(AUDIENCES), 'patient'),
  followUpOf: z.optional(
    z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be an article slug'), z.maxLength(200)),
  ),
});

/** The asker's answer: in the audience the question was asked for unless `?audience=` says otherwise. */
export const answerQuery = z.object({ audience: z.optional(z.enum(AUDIENCES)) });

export const requestBodies = { 'POST /v1/questions': askQuestionBody } satisfies AreaRequestBodies;
export const queries = { 'GET /v1/questions/{id}/answer': answerQuery } satisfies AreaQueries;
