import * as z from '../../zod.ts';
import type { AreaOperations } from './operation-contract.ts';
import { named } from './response-parts.ts';

/** The reference library as reviewers and editors read it: search, and one source's full text. */

// Its routes' request schemas (what handlers parse) are in ./requests/sources.ts: apart, so no handler
// bundles response schemas.

const sourceFields = {
  id: z.string(),
  title: z.string(),
  publisher: z.string(),
  year: z.int(),
  url: z.string(),
  authors: z.optional(
    z.array(
      z.object({
        family: z.optional(z.string()),
        given: z.optional(z.string()),
        literal: z.optional(z.string()),
      }),
    ),
  ),
  container: z.optional(z.string()),
  volume: z.optional(z.string()),
  issue: z.optional(z.string()),
  pages: z.optional(z.string()),
  doi: z.optional(z.string()),
  pmid: z.optional(z.string()),
  /** The reference in AMA style, rendered when the source was loaded. */
  formatted: z.optional(z.string()),
};

export const sourceSearchSchema = named(
  'SourceSearchResults',
  'Reference-library sources matching a search, best first (or by title without `q`)',
  z.object({ items: z.array(z.object({ ...sourceFields, excerpt: z.string() })) }),
);

export const sourceSchema = named(
  'Source',
  'A reference-library source with its full text and its passages (what claims cite)',
  z.object({
    ...sourceFields,
    text: z.string(),
    passages: z.array(z.object({ id: z.string(), section: z.array(z.string()), text: z.string() })),
  }),
);

const sourceExample = {
  id: 'nice-hypertension-2023',
  title: 'Hypertension in adults: diagnosis and management',
  publisher: 'NICE',
  year: 2023,
  url: 'https://www.nice.org.uk/guidance/ng136',
};

export const operations = {
  'GET /v1/review/sources': {
    operationId: 'searchSources',
    description: 'Search the reference library, for citing a source in an editor revision.',
    responses: { 200: { description: 'Matching sources', schema: sourceSearchSchema } },
    example: {
      items: [{ ...sourceExample, excerpt: 'Measure blood pressure at home with a validated device…' }],
    } satisfies z.output<typeof sourceSearchSchema>,
  },
  'GET /v1/review/sources/{id}': {
    operationId: 'getSource',
    description: 'One reference-library source with its full text (the passages claims cite).',
    responses: { 200: { description: 'The source', schema: sourceSchema } },
    example: {
      ...sourceExample,
      text: 'Offer ambulatory or home blood pressure monitoring to confirm a diagnosis of hypertension.',
      passages: [
        {
          id: 'demo-hypertension-diagnosis#0',
          section: [],
          text: 'Offer ambulatory or home blood pressure monitoring to confirm a diagnosis of hypertension.',
        },
      ],
    } satisfies z.output<typeof sourceSchema>,
  },
} satisfies AreaOperations;
