import * as z from 'zod';
import { draftContentSchema, generatorInfoSchema } from '../domain/draft.ts';
import { AUDIENCES, QUESTION_STATUSES } from '../domain/question.ts';
import { EDGE_KINDS, MAX_DEPTH, MAX_GRAPH_NODES, MIN_DEPTH } from '../domain/related-graph.ts';
import { DECISIONS } from '../domain/review.ts';
import { PROFILE_LIMITS } from '../domain/reviewer.ts';
import { MAX_RETRACTION_REASON } from '../use-cases/retract-article.ts';

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
  baseRevision: z.number().int().positive(),
  draft: draftContentSchema.extend({ generator: generatorInfoSchema.optional() }),
});

export const retractionBody = z.strictObject({
  reason: z
    .string()
    .max(MAX_RETRACTION_REASON)
    .refine((reason) => reason.trim().length > 0, 'must not be blank'),
});

/** A profile field: trimmed, not blank, at most `max` characters, one line. */
const profileField = (max: number, description: string) =>
  z
    .string()
    .trim()
    .min(1, 'must not be blank')
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters')
    .meta({ description });

export const reviewerProfileBody = z.strictObject({
  displayName: profileField(PROFILE_LIMITS.displayName, 'The name readers see, e.g. "Dr. Rita Okafor"'),
  credentials: profileField(PROFILE_LIMITS.credentials, 'Degrees and certifications, e.g. "MD, FACC"'),
  specialty: profileField(PROFILE_LIMITS.specialty, 'e.g. "Cardiology"'),
});

/** A token subject in a path: the reviewer it names (Cognito subjects are UUIDs; local ones are user names). */
export const reviewerSubjectParam = z
  .string()
  .max(128, 'must be at most 128 characters')
  .refine((subject) => subject.trim().length > 0, 'must not be blank')
  .refine((subject) => !/\p{Cc}/u.test(subject), 'must not contain control characters');

export const reviewQueueQuery = z.strictObject({
  status: z.enum(QUESTION_STATUSES).default('in_review'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().optional(),
});

export const sourceSearchQuery = z.strictObject({
  q: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/** A whole number from a query string, in a range ("5", not "5.0", "5e0" or " 5"). */
const integerParam = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,4}$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .default(fallback);

export const listQuery = z.object({
  limit: integerParam(1, 100, 20),
  cursor: z.string().min(1).max(2048).optional(),
  topic: z.string().trim().min(1, 'must not be blank').max(200).optional(),
  updatedSince: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z' })
    .transform((value) => new Date(value).toISOString())
    .optional(),
});

export const articleQuery = z.object({ audience: z.enum(AUDIENCES).default('clinician') });

/** The asker's answer: in the audience the question was asked for unless `?audience=` says otherwise. */
export const answerQuery = z.object({ audience: z.enum(AUDIENCES).optional() });

export const relatedQuery = z.object({
  depth: integerParam(MIN_DEPTH, MAX_DEPTH, 1),
  limit: integerParam(1, MAX_GRAPH_NODES, 20),
  kinds: z
    .string()
    .transform((value) => value.split(',').map((kind) => kind.trim()))
    .pipe(z.array(z.enum(EDGE_KINDS, `each must be one of ${EDGE_KINDS.join(', ')}`)).min(1))
    .optional()
    .meta({ description: `Comma-separated edge kinds to follow (${EDGE_KINDS.join(', ')}); all by default` }),
});

export const searchQuery = z.object({
  q: z
    .string({ message: 'is required' })
    .max(200, 'must be at most 200 characters')
    .refine((q) => q.trim().length > 0, 'must not be blank'),
  limit: integerParam(1, 50, 20),
});

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

export const requestBodySchemas = (): Record<string, unknown> => ({
  'POST /v1/questions': jsonSchema(askQuestionBody),
  'POST /v1/review/questions/{id}/decisions': jsonSchema(decisionBody),
  'PUT /v1/review/questions/{id}/draft': jsonSchema(editorDraftBody),
  'DELETE /v1/admin/articles/{slug}': jsonSchema(retractionBody),
  'PUT /v1/admin/reviewers/{subject}': jsonSchema(reviewerProfileBody),
});

/** Query parameter schemas by route key, for the OpenAPI document. */
export const querySchemas = (): Record<string, z.ZodObject> => ({
  'GET /v1/articles': listQuery,
  'GET /v1/articles/{slug}': articleQuery,
  'GET /v1/questions/{id}/answer': answerQuery,
  'GET /v1/articles/{slug}/related': relatedQuery,
  'GET /v1/search': searchQuery,
  'GET /v1/review/queue': reviewQueueQuery,
  'GET /v1/review/sources': sourceSearchQuery,
});
