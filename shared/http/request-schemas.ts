import { z } from 'zod';
import { AUDIENCES } from '../domain/question.ts';

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

export const requestBodySchemas = (): Record<string, unknown> => ({
  'POST /v1/questions': z.toJSONSchema(askQuestionBody, { io: 'input', unrepresentable: 'any' }),
});
