import * as z from '../../../zod.ts';
import type { AreaQueries } from '../operation-contract.ts';
import { integerParam } from './parts.ts';

/** The updates feed: its filters and page. The requests half of ../updates.ts, so a handler bundles no response schemas. */

export const updatesQuery = z.strictObject({
  since: z
    .optional(
      z.pipe(
        z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z' }),
        z.transform((value) => new Date(value).toISOString()),
      ),
    )
    .check(z.meta({ description: 'Only changes at or after this time' })),
  limit: integerParam(1, 100, 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});

export const queries = { 'GET /v1/updates': updatesQuery } satisfies AreaQueries;
