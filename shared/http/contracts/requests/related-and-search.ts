import { EDGE_KINDS, MAX_DEPTH, MAX_GRAPH_NODES, MIN_DEPTH } from '../../../domain/related-graph.ts';
import * as z from '../../../zod.ts';
import type { AreaQueries } from '../operation-contract.ts';
import { integerParam } from './parts.ts';

/** Finding articles: the related graph's depth and kinds, and a search's terms. The requests half of ../related-and-search.ts, so a handler bundles no response schemas. */

export const relatedQuery = z.object({
  depth: integerParam(MIN_DEPTH, MAX_DEPTH, 1),
  limit: integerParam(1, MAX_GRAPH_NODES, 20),
  kinds: z
    .optional(
      z.pipe(
        z.pipe(
          z.string(),
          z.transform((value) => value.split(',').map((kind) => kind.trim())),
        ),
        z.array(z.enum(EDGE_KINDS, `each must be one of ${EDGE_KINDS.join(', ')}`)).check(z.minLength(1)),
      ),
    )
    .check(
      z.meta({
        description: `Comma-separated edge kinds to follow (${EDGE_KINDS.join(', ')}); all by default`,
      }),
    ),
});

export const searchQuery = z.object({
  q: z.string({ message: 'is required' }).check(
    z.maxLength(200, 'must be at most 200 characters'),
    z.refine((q) => q.trim().length > 0, 'must not be blank'),
  ),
  limit: integerParam(1, 50, 20),
});

export const queries = {
  'GET /v1/articles/{slug}/related': relatedQuery,
  'GET /v1/search': searchQuery,
} satisfies AreaQueries;
