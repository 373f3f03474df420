import { z } from 'zod';
import { draftContentSchema, generatorInfoSchema } from '../domain/draft.ts';
import { AUDIENCES, QUESTION_STATUSES } from '../domain/question.ts';
import { DECISIONS } from '../domain/review.ts';

/** Request body schemas of the API, by route key: handlers parse with them, the OpenAPI document shows them. */
export const askQuestionBody = z.strictObject({
  question: z
    .string()
    .refine((text) => text.trim().length >= 10, 'must be at least 10 characters')
    .refine((text) => text.length <= 2000, 'must be at most 2000 characters')
    .meta({ description: 'The question, 10 to 2000 characters' }),
  audience: z.enum(AUDIENCES).default('patient'),
  followUpOf: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be an article slug')
    .max(200)
    .optional(),
});

export const decisionBody = z.strictObject({
  revision: z.number().int().positive(),
  decision: z.enum(DECISIONS),
  reason: z.string().max(4000).optional(),
});

export const editorDraftBody = z.strictObject({
  baseRevision: z.number().int().nonnegative(),
  draft: draftContentSchema.extend({ generator: generatorInfoSchema.optional() }),
});

export const retractionBody = z.strictObject({
  reason: z
    .string()
    .max(4000)
    .refine((reason) => reason.trim().length > 0, 'must not be blank'),
});

export const reviewQueueQuery = z.strictObject({
  status: z.enum(QUESTION_STATUSES).default('in_review'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().optional(),
});

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

export const requestBodySchemas = (): Record<string, unknown> => ({
  'POST /v1/questions': jsonSchema(askQuestionBody),
  'POST /v1/review/questions/{id}/decisions': jsonSchema(decisionBody),
  'PUT /v1/review/questions/{id}/draft': jsonSchema(editorDraftBody),
  'DELETE /v1/admin/articles/{slug}': jsonSchema(retractionBody),
});
