import { AUDIENCES } from '../../../domain/question.ts';
import * as z from '../../../zod.ts';
import type { AreaQueries } from '../operation-contract.ts';
import { integerParam } from './parts.ts';

/** What readers ask of the articles area: the list's filters and page, an article's audience. The requests half of ../articles.ts, so a handler bundles no response schemas. */

export const listQuery = z.object({
  limit: integerParam(1, 100, 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  topic: z.optional(z.string().check(z.trim(), z.minLength(1, 'must not be blank'), z.maxLength(200))),
  updatedSince: z.optional(
    z.pipe(
      z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z' }),
      z.transform((value) => new Date(value).toISOString()),
    ),
  ),
});

export const articleQuery = z.object({ audience: z._default(z.enum(AUDIENCES), 'clinician') });

export const queries = {
  'GET /v1/articles': listQuery,
  'GET /v1/articles/{slug}': articleQuery,
} satisfies AreaQueries;
