import { EDGE_KINDS } from '../../domain/related-graph.ts';
import * as z from '../../zod.ts';
import { draftExample, questionExample } from './examples.ts';
import type { AreaOperations } from './operation-contract.ts';
import { isoTime, named, slug } from './response-parts.ts';

/** Finding articles: the related-question graph around one, and full-text search. */

// Its routes' request schemas (what handlers parse) are in ./requests/related-and-search.ts: apart, so no handler
// bundles response schemas.

export const relatedGraphSchema = named(
  'RelatedGraph',
  'The related-question graph around an article',
  z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        slug: z.optional(slug).check(z.meta({ description: 'Present on published articles' })),
        title: z.string(),
        kind: z.enum(['article', 'suggested']),
      }),
    ),
    edges: z.array(
      z.object({ from: z.string(), to: z.string(), kind: z.enum(EDGE_KINDS), weight: z.number() }),
    ),
  }),
);

export const searchResultsSchema = named(
  'SearchResults',
  'Published articles ranked by relevance to the query',
  z.object({
    items: z.array(
      z.object({ slug, title: z.string(), bottomLine: z.string(), lastUpdated: isoTime, score: z.number() }),
    ),
    nextCursor: z.null(),
  }),
);

export const operations = {
  'GET /v1/articles/{slug}/related': {
    operationId: 'getRelatedGraph',
    description:
      'The related-question graph `depth` hops around the article: published articles and suggested ' +
      'questions, with similarity, follow-up and suggestion edges.',
    responses: { 200: { description: 'The graph', schema: relatedGraphSchema } },
    example: {
      nodes: [
        {
          id: questionExample.id,
          slug: 'measuring-blood-pressure-at-home',
          title: draftExample.title,
          kind: 'article',
        },
        {
          id: '0c3d51a0-4f3b-4c8e-8a8e-2f1a9b6d7e21',
          slug: 'white-coat-hypertension',
          title: 'What is white-coat hypertension?',
          kind: 'article',
        },
        { id: 'suggested:5e2b7c9d1a3f4e60', title: 'What is a normal home reading?', kind: 'suggested' },
      ],
      edges: [
        {
          from: questionExample.id,
          to: '0c3d51a0-4f3b-4c8e-8a8e-2f1a9b6d7e21',
          kind: 'similar',
          weight: 0.42,
        },
        { from: questionExample.id, to: 'suggested:5e2b7c9d1a3f4e60', kind: 'suggested', weight: 1 },
      ],
    } satisfies z.output<typeof relatedGraphSchema>,
  },
  'GET /v1/search': {
    operationId: 'searchArticles',
    description: 'Full-text search over published articles, best match first.',
    responses: { 200: { description: 'Matching articles', schema: searchResultsSchema } },
    example: {
      items: [
        {
          slug: 'measuring-blood-pressure-at-home',
          title: draftExample.title,
          bottomLine: draftExample.bottomLine,
          lastUpdated: '2026-11-29T08:30:00.000Z',
          score: 3.7,
        },
      ],
      nextCursor: null,
    } satisfies z.output<typeof searchResultsSchema>,
  },
} satisfies AreaOperations;
