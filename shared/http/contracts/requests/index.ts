import * as z from '../../../zod.ts';
import * as admin from './admin.ts';
import * as articles from './articles.ts';
import * as feedback from './feedback.ts';
import * as questions from './questions.ts';
import * as relatedAndSearch from './related-and-search.ts';
import * as review from './review.ts';
import * as reviewers from './reviewers.ts';
import * as sources from './sources.ts';
import * as updates from './updates.ts';
import * as webhooks from './webhooks.ts';

const jsonSchema = (schema: z.ZodMiniType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

/**
 * Request body schemas by route key, gathered from the API areas' request modules, as JSON Schema
 * for the OpenAPI document. A handler imports its area's request module, not this gathering.
 */
export const requestBodySchemas = (): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries({
      ...questions.requestBodies,
      ...feedback.requestBodies,
      ...reviewers.requestBodies,
      ...review.requestBodies,
      ...admin.requestBodies,
      ...webhooks.requestBodies,
    }).map(([key, schema]) => [key, jsonSchema(schema)]),
  );

/** Query parameter schemas by route key, for the OpenAPI document. */
export const querySchemas = (): Record<string, z.ZodMiniObject> => ({
  ...questions.queries,
  ...articles.queries,
  ...relatedAndSearch.queries,
  ...updates.queries,
  ...feedback.queries,
  ...review.queries,
  ...sources.queries,
  ...webhooks.queries,
});
