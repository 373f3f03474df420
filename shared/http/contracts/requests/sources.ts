import * as z from '../../../zod.ts';
import type { AreaQueries } from '../operation-contract.ts';
import { integerParam } from './parts.ts';

/** The reference library: a source search's terms and size. The requests half of ../sources.ts, so a handler bundles no response schemas. */

export const sourceSearchQuery = z.strictObject({
  q: z.optional(z.string().check(z.trim(), z.maxLength(200, 'must be at most 200 characters'))),
  limit: integerParam(1, 50, 10),
});

export const queries = { 'GET /v1/review/sources': sourceSearchQuery } satisfies AreaQueries;
