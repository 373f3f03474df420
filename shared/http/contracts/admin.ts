import * as z from '../../zod.ts';
import { questionExample } from './examples.ts';
import type { AreaOperations } from './operation-contract.ts';
import { questionStatusSchema } from './questions.ts';
import { isoTime, named, slug } from './response-parts.ts';

/** Admins' actions: retrying a failed question, retracting an article, withdrawing a library source. */

// Its routes' request schemas (what handlers parse) are in ./requests/admin.ts: apart, so no handler
// bundles response schemas.

export const retractionSchema = named(
  'Retraction',
  'The retracted version; it stays in the version history',
  z.object({
    slug,
    questionId: z.string(),
    version: z.int().check(z.positive()),
    retractedAt: isoTime,
    reason: z.string(),
  }),
);

export const withdrawalSchema = named(
  'SourceWithdrawal',
  'A withdrawn library source: the live articles citing it get a notice and a re-review shortly',
  z.object({
    sourceId: z.string(),
    status: z.literal('withdrawn'),
    reason: z.string(),
    supersededBy: z.optional(z.string()),
    withdrawnAt: isoTime,
  }),
);

export const operations = {
  'POST /v1/admin/questions/{id}/retry': {
    operationId: 'retryQuestion',
    description: 'Sends a failed question back to drafting. A question that is not failed is 409.',
    responses: { 202: { description: 'Resubmitted', schema: questionStatusSchema } },
    problems: [409],
    example: questionExample,
  },
  'DELETE /v1/admin/articles/{slug}': {
    operationId: 'retractArticle',
    description:
      'Retracts a published article: every public route answers 404 for it, its version history keeps it. ' +
      'A retraction that lost a race is 409.',
    responses: { 200: { description: 'Retracted', schema: retractionSchema } },
    problems: [409],
    example: {
      slug: 'measuring-blood-pressure-at-home',
      questionId: questionExample.id,
      version: 2,
      retractedAt: '2026-11-29T12:00:00.000Z',
      reason: 'Superseded by the 2026 guideline',
    } satisfies z.output<typeof retractionSchema>,
  },
  'POST /v1/admin/sources/{id}/withdrawal': {
    operationId: 'withdrawSource',
    description:
      'Withdraws a library source, optionally naming the library source that supersedes it. From then on no ' +
      'draft, editor revision or approval may cite it (the publish gate answers 422) and drafting no longer ' +
      'retrieves it. Every live article citing it (found through the citation index written at publication) ' +
      'gets a `source_withdrawn` notice in its `notices` and a re-review drafted without it, marked ' +
      '`source_withdrawn` in the review queue; `source.withdrawn` goes on the bus. The same withdrawal asked ' +
      'again is accepted again (202, nothing repeated but the event); another reason or replacement for a ' +
      'source already withdrawn is 409. An unknown source is 404; a `supersededBy` that is not a usable ' +
      'library source is 400.',
    responses: { 202: { description: 'Withdrawn; notices and re-reviews follow', schema: withdrawalSchema } },
    problems: [409],
    example: {
      sourceId: 'nice-ng136-2019',
      status: 'withdrawn',
      reason: 'Replaced by the 2026 update of the guideline',
      supersededBy: 'nice-ng136-2026',
      withdrawnAt: '2026-12-07T10:00:00.000Z',
    } satisfies z.output<typeof withdrawalSchema>,
  },
} satisfies AreaOperations;
