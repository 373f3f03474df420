import { AUDIENCES } from '../../domain/question.ts';
import * as z from '../../zod.ts';
import { publicCitationSchema, sectionSchema } from './articles.ts';
import { questionExample } from './examples.ts';
import type { AreaOperations } from './operation-contract.ts';
import { isoTime, named, questionStatus, slug } from './response-parts.ts';

/** The questions area: asking, a question's status, and the asker's private answer view. */

// Its routes' request schemas (what handlers parse) are in ./requests/questions.ts: apart, so no handler
// bundles response schemas.

export const questionStatusSchema = named(
  'QuestionStatus',
  'A question and where it is in its lifecycle',
  z.object({
    id: z.string().check(z.meta({ format: 'uuid' })),
    question: z.string(),
    audience: z.enum(AUDIENCES),
    status: questionStatus,
    followUpOf: z.optional(slug),
    timeline: z.array(z.object({ status: questionStatus, at: isoTime })),
    articleSlug: z.optional(slug).check(z.meta({ description: 'Set once the answer is published' })),
    failureReason: z.optional(z.string()),
    waiting: z.optional(
      z.object({ reason: z.string(), until: isoTime }).check(
        z.meta({
          description:
            "Drafting waits for the daily generation budget: why, and when it resumes (status stays 'submitted')",
        }),
      ),
    ),
    createdAt: isoTime,
    updatedAt: isoTime,
    answerUrl: z.optional(z.string()).check(
      z.meta({
        description: "The asker's private answer view; on the asker's routes (not the admin retry)",
      }),
    ),
  }),
);

const answerBase = { audience: z.enum(AUDIENCES) };
export const askerAnswerSchema = named(
  'AskerAnswer',
  "The asker's private view of their answer: a supported draft pending review, a reason there is none yet, " +
    'the approved article, or why it was not answered',
  z.discriminatedUnion('status', [
    z.object({
      ...answerBase,
      status: z.literal('pending_review'),
      notice: z.string(),
      revision: z.int().check(z.positive()),
      generatedAt: isoTime,
      title: z.string(),
      bottomLine: z.string(),
      sections: z.array(sectionSchema),
      citations: z.array(publicCitationSchema),
      suggestedQuestions: z.array(z.string()),
    }),
    z.object({
      ...answerBase,
      status: z.literal('no_answer_yet'),
      reason: z.enum(['drafting', 'awaiting_clinician', 'failed']),
      message: z.string(),
      failureReason: z.optional(z.string()),
    }),
    z.object({
      ...answerBase,
      status: z.literal('approved'),
      articleSlug: slug,
      articleUrl: z.string(),
      message: z.string(),
    }),
    z.object({
      ...answerBase,
      status: z.literal('not_answered'),
      reason: z.enum(['declined', 'retracted']),
      message: z.string(),
    }),
  ]),
);

export const operations = {
  'POST /v1/questions': {
    operationId: 'askQuestion',
    description:
      'Ask a question. It is drafted asynchronously; poll its `Location` for the status. Every ask gets ' +
      'its own private id and `answerUrl`, also a question asked before (case, spacing and punctuation ' +
      'aside), whose drafting it then shares.',
    responses: {
      202: { description: 'Accepted for drafting', schema: questionStatusSchema, headers: ['Location'] },
    },
    example: questionExample,
    problems: [422],
    requestHeaders: ['Idempotency-Key'],
  },
  'GET /v1/questions/{id}': {
    operationId: 'getQuestion',
    description: "A question's status and timeline; `articleSlug` once its answer is published.",
    responses: { 200: { description: 'The question', schema: questionStatusSchema } },
    example: {
      ...questionExample,
      status: 'published',
      timeline: [
        { status: 'submitted', at: '2026-11-28T09:14:03.120Z' },
        { status: 'drafting', at: '2026-11-28T09:14:03.410Z' },
        { status: 'in_review', at: '2026-11-28T09:14:04.020Z' },
        { status: 'approved', at: '2026-11-28T10:02:41.500Z' },
        { status: 'published', at: '2026-11-28T10:02:42.310Z' },
      ],
      articleSlug: 'measuring-blood-pressure-at-home',
      updatedAt: '2026-11-28T10:02:42.310Z',
    },
  },
  'GET /v1/questions/{id}/answer': {
    operationId: 'getAskerAnswer',
    description:
      "The asker's private view: a supported draft while it awaits review (with a notice), why there is no " +
      'answer yet, the approved article, or why it was not answered. Never cached, never indexed.',
    responses: {
      200: {
        description: 'The answer as it stands',
        schema: askerAnswerSchema,
        headers: ['ETag', 'Cache-Control', 'X-Robots-Tag'],
      },
      304: { description: 'Not modified since the ETag you sent', headers: ['ETag', 'Cache-Control'] },
    },
    requestHeaders: ['If-None-Match'],
    example: {
      status: 'approved',
      audience: 'patient',
      articleSlug: 'measuring-blood-pressure-at-home',
      articleUrl: '/v1/articles/measuring-blood-pressure-at-home?audience=patient',
      message: 'Your answer was reviewed and approved by our clinicians.',
    } satisfies z.output<typeof askerAnswerSchema>,
  },
} satisfies AreaOperations;
